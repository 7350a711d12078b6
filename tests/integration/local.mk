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

check_PROGRAMS += tests/integration/test_vbgl_socket
TESTS += tests/integration/test_vbgl_socket
tests_integration_test_vbgl_socket_SOURCES = tests/integration/test_vbgl_socket.c
tests_integration_test_vbgl_socket_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_vbgl_socket_LDADD = $(E2E_LIBS)

check_PROGRAMS += tests/integration/test_vbgl_clipboard
TESTS += tests/integration/test_vbgl_clipboard
tests_integration_test_vbgl_clipboard_SOURCES = tests/integration/test_vbgl_clipboard.c
tests_integration_test_vbgl_clipboard_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_vbgl_clipboard_LDADD = $(E2E_LIBS)

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
	tests/integration/hostsim_faults.sh \
	tests/integration/hostsim_clipboard.sh \
	$(NULL)
EXTRA_DIST += \
	tests/integration/test_hostsim_cli.sh \
	tests/integration/test_hostsim_shares.sh \
	tests/integration/hostsim_faults.sh \
	tests/integration/hostsim_clipboard.sh \
	$(NULL)

# The programs (TAP shell tests, root).  vsf-testtool does for the shared
# folder tests what shell cannot; clip-testguest is the clipboard tests'
# guest.
check_PROGRAMS += tests/integration/vsf-testtool
tests_integration_vsf_testtool_SOURCES = tests/integration/vsf_testtool.c
tests_integration_vsf_testtool_LDADD = libvbglr3/libvbglr3-core.la $(PTHREAD_LIBS)

check_PROGRAMS += tests/integration/clip-testguest
tests_integration_clip_testguest_SOURCES = tests/integration/clip_testguest.c
tests_integration_clip_testguest_LDADD = libvbglr3/libvbglr3-core.la $(PTHREAD_LIBS)

TESTS += \
	tests/integration/vboxctl_cli.sh \
	tests/integration/vboxctl_info.sh \
	tests/integration/vboxctl_guestprop.sh \
	tests/integration/vboxctl_status.sh \
	tests/integration/vbox_balloon.sh \
	tests/integration/vbox_guestinfo.sh \
	tests/integration/vbox_timesync.sh \
	tests/integration/vboxsf_fuse_posix.sh \
	tests/integration/vboxsf_fuse_host.sh \
	tests/integration/vbox_automount.sh \
	tests/integration/agent_facility.sh \
	tests/integration/agent_config.sh \
	$(NULL)
EXTRA_DIST += \
	tests/integration/vboxctl_cli.sh \
	tests/integration/vboxctl_info.sh \
	tests/integration/vboxctl_guestprop.sh \
	tests/integration/vboxctl_status.sh \
	tests/integration/vbox_balloon.sh \
	tests/integration/vbox_guestinfo.sh \
	tests/integration/vbox_timesync.sh \
	tests/integration/vboxsf_fuse_lib.sh \
	tests/integration/vboxsf_fuse_posix.sh \
	tests/integration/vboxsf_fuse_host.sh \
	tests/integration/vbox_automount.sh \
	tests/integration/agent_facility.sh \
	tests/integration/agent_config.sh \
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

# vbox-display on Xorg with the dummy driver (TAP, root).
TESTS += tests/integration/vbox_display.sh

# vbox-seamless on Xvfb with openbox (TAP, root); seamless-testtool
# compares regions pixel by pixel and does the X requests shell cannot.
check_PROGRAMS += tests/integration/seamless-testtool
tests_integration_seamless_testtool_SOURCES = tests/integration/seamless_testtool.c
tests_integration_seamless_testtool_CFLAGS = $(AM_CFLAGS) $(X11_CFLAGS)
tests_integration_seamless_testtool_LDADD = $(X11_LIBS)
TESTS += tests/integration/vbox_seamless.sh

# vbox-clipboard with real X clients (xclip, xsel); clip-testtool makes and
# compares images without the agent's conversion code.
check_PROGRAMS += tests/integration/clip-testtool
tests_integration_clip_testtool_SOURCES = tests/integration/clip_testtool.c
tests_integration_clip_testtool_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(LIBPNG_CFLAGS) $(X11_CFLAGS)
tests_integration_clip_testtool_LDADD = $(GLIB_LIBS) $(LIBPNG_LIBS) $(X11_LIBS)

TESTS += \
	tests/integration/vbox_clipboard.sh \
	tests/integration/vbox_clipboard_selections.sh \
	tests/integration/vbox_clipboard_host.sh \
	tests/integration/vbox_clipboard_hostile.sh \
	tests/integration/vboxctl_status_all.sh \
	$(NULL)

# The desktop agents' facility (VBoxTrayClient) as the host sees it.
TESTS += tests/integration/agent_facility_desktop.sh

# A desktop session starting the agents from their XDG autostart entries
# (TAP).  The entries and user units are made from data/*.in by the one
# substitution rule, with @bindir@ set to tests/session/bin, where the
# built agents are linked.
SESSION_FILES = \
	tests/session/bin/vbox-clipboard \
	tests/session/bin/vbox-display \
	tests/session/bin/vbox-seamless \
	tests/session/autostart/vbox-clipboard.desktop \
	tests/session/autostart/vbox-display.desktop \
	tests/session/autostart/vbox-seamless.desktop \
	tests/session/user/vbox-clipboard.service \
	tests/session/user/vbox-display.service \
	tests/session/user/vbox-seamless.service \
	$(NULL)
check_DATA = $(SESSION_FILES)
CLEANFILES += $(SESSION_FILES)
session_subst = sed -e 's|@bindir[@]|$(abs_top_builddir)/tests/session/bin|g'
tests/session/autostart/%: $(srcdir)/data/%.in Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(session_subst) $< | $(subst_in) >$@.tmp && mv $@.tmp $@
tests/session/user/%: $(srcdir)/data/%.in Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(session_subst) $< | $(subst_in) >$@.tmp && mv $@.tmp $@
session_link = $(AM_V_GEN)$(MKDIR_P) $(@D) && ln -sf $(abs_top_builddir)/$< $@
tests/session/bin/vbox-clipboard: services/vbox-clipboard/vbox-clipboard
	$(session_link)
tests/session/bin/vbox-display: services/vbox-display/vbox-display
	$(session_link)
tests/session/bin/vbox-seamless: services/vbox-seamless/vbox-seamless
	$(session_link)
TESTS += tests/integration/session_startup.sh
TESTS += tests/integration/vboxctl_status_all.sh
endif
EXTRA_DIST += \
	tests/common/xserver.sh \
	tests/integration/vbox_display.sh \
	tests/integration/vbox_seamless.sh \
	tests/integration/vbox_clipboard_lib.sh \
	tests/integration/vbox_clipboard.sh \
	tests/integration/vbox_clipboard_selections.sh \
	tests/integration/vbox_clipboard_host.sh \
	tests/integration/agent_facility_desktop.sh \
	tests/integration/session_startup.sh \
	tests/integration/vbox_clipboard_hostile.sh \
	$(NULL)
