# SPDX-License-Identifier: GPL-2.0-or-later
#
# End-to-end tests: the real programs against the real vbox-hostsim.  The
# stanza is described in tests/local.mk.
noinst_LTLIBRARIES += tests/integration/libhostsim-fixture.la
tests_integration_libhostsim_fixture_la_SOURCES = \
	tests/integration/hostsim_fixture.c \
	tests/integration/hostsim_fixture.h \
	$(NULL)
tests_integration_libhostsim_fixture_la_CFLAGS = $(E2E_CFLAGS)

# The device layer through libvbglr3 (Check).
check_PROGRAMS += tests/integration/test_events
TESTS += tests/integration/test_events
tests_integration_test_events_SOURCES = tests/integration/test_events.c
tests_integration_test_events_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_events_LDADD = $(E2E_LIBS)

check_PROGRAMS += tests/integration/test_hgcm
TESTS += tests/integration/test_hgcm
tests_integration_test_hgcm_SOURCES = tests/integration/test_hgcm.c
tests_integration_test_hgcm_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_hgcm_LDADD = $(E2E_LIBS)

check_PROGRAMS += tests/integration/test_ioctl_validation
TESTS += tests/integration/test_ioctl_validation
tests_integration_test_ioctl_validation_SOURCES = tests/integration/test_ioctl_validation.c
tests_integration_test_ioctl_validation_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_ioctl_validation_LDADD = $(E2E_LIBS)

check_PROGRAMS += tests/integration/test_vmmdev_requests
TESTS += tests/integration/test_vmmdev_requests
tests_integration_test_vmmdev_requests_SOURCES = tests/integration/test_vmmdev_requests.c
tests_integration_test_vmmdev_requests_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_vmmdev_requests_LDADD = $(E2E_LIBS)

check_PROGRAMS += tests/integration/test_guestprop
TESTS += tests/integration/test_guestprop
tests_integration_test_guestprop_SOURCES = tests/integration/test_guestprop.c
tests_integration_test_guestprop_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_guestprop_LDADD = $(E2E_LIBS)

check_PROGRAMS += tests/integration/test_vbgl_shfl
TESTS += tests/integration/test_vbgl_shfl
tests_integration_test_vbgl_shfl_SOURCES = tests/integration/test_vbgl_shfl.c
tests_integration_test_vbgl_shfl_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_vbgl_shfl_LDADD = $(E2E_LIBS)

check_PROGRAMS += tests/integration/test_event_waiter
TESTS += tests/integration/test_event_waiter
tests_integration_test_event_waiter_SOURCES = tests/integration/test_event_waiter.c
tests_integration_test_event_waiter_CPPFLAGS = $(E2E_CPPFLAGS)
tests_integration_test_event_waiter_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_event_waiter_LDADD = services/common/libovt-common.la $(E2E_LIBS)

# vbox-hostsim at the frame level and on its command line.
check_PROGRAMS += tests/integration/test_hostsim_sock
TESTS += tests/integration/test_hostsim_sock
tests_integration_test_hostsim_sock_SOURCES = tests/integration/test_hostsim_sock.c
tests_integration_test_hostsim_sock_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_hostsim_sock_LDADD = $(E2E_LIBS)

TESTS += \
	tests/integration/test_hostsim_cli.sh \
	tests/integration/test_hostsim_shares.sh \
	$(NULL)
EXTRA_DIST += \
	tests/integration/test_hostsim_cli.sh \
	tests/integration/test_hostsim_shares.sh \
	$(NULL)

# The programs (TAP shell tests, root).  vsf-testtool does for the shared
# folder tests what shell cannot.
check_PROGRAMS += tests/integration/vsf-testtool
tests_integration_vsf_testtool_SOURCES = tests/integration/vsf_testtool.c
tests_integration_vsf_testtool_LDADD = libvbglr3/libvbglr3-core.la $(PTHREAD_LIBS)

TESTS += \
	tests/integration/vboxctl_info.sh \
	tests/integration/vboxctl_guestprop.sh \
	tests/integration/vbox_balloon.sh \
	tests/integration/vboxsf_fuse_posix.sh \
	tests/integration/vboxsf_fuse_host.sh \
	tests/integration/vbox_automount.sh \
	$(NULL)
EXTRA_DIST += \
	tests/integration/vboxctl_info.sh \
	tests/integration/vboxctl_guestprop.sh \
	tests/integration/vbox_balloon.sh \
	tests/integration/vboxsf_fuse_lib.sh \
	tests/integration/vboxsf_fuse_posix.sh \
	tests/integration/vboxsf_fuse_host.sh \
	tests/integration/vbox_automount.sh \
	$(NULL)

# The desktop agents' plumbing against a real X server (Xvfb).
if WITH_X11
noinst_LTLIBRARIES += tests/integration/libxserver-fixture.la
tests_integration_libxserver_fixture_la_SOURCES = \
	tests/integration/xserver_fixture.c \
	tests/integration/xserver_fixture.h \
	$(NULL)
tests_integration_libxserver_fixture_la_CFLAGS = $(E2E_CFLAGS)
X11_E2E_CFLAGS = $(E2E_CFLAGS) $(X11_CFLAGS)
X11_E2E_LIBS = tests/integration/libxserver-fixture.la $(E2E_LIBS) $(X11_LIBS)

check_PROGRAMS += tests/integration/test_ovt_x11
TESTS += tests/integration/test_ovt_x11
tests_integration_test_ovt_x11_SOURCES = tests/integration/test_ovt_x11.c
tests_integration_test_ovt_x11_CPPFLAGS = $(E2E_CPPFLAGS)
tests_integration_test_ovt_x11_CFLAGS = $(X11_E2E_CFLAGS)
tests_integration_test_ovt_x11_LDADD = \
	services/x11/libovt-x11.la \
	services/common/libovt-common.la \
	$(X11_E2E_LIBS) \
	$(NULL)

# vbox-seamless on Xvfb with openbox (TAP, root); seamless-testtool
# compares regions pixel by pixel and does the X requests shell cannot.
check_PROGRAMS += tests/integration/seamless-testtool
tests_integration_seamless_testtool_SOURCES = tests/integration/seamless_testtool.c
tests_integration_seamless_testtool_CFLAGS = $(AM_CFLAGS) $(X11_CFLAGS)
tests_integration_seamless_testtool_LDADD = $(X11_LIBS)
TESTS += tests/integration/vbox_seamless.sh
endif
EXTRA_DIST += tests/integration/vbox_seamless.sh
EXTRA_DIST += tests/common/xserver.sh
