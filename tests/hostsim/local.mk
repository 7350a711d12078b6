# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-hostsim, the simulated VirtualBox host.
#
# libhostsim-emu.la is the emulated VMMDev, the HGCM host-service framework
# and the HostSimTest service: everything of the simulator that does not
# need the driver core, so unit tests (and the driver core's own tests) can
# link it.  vmmdev_kshim.c is the only file in it that calls the shim; it
# is linked only into programs that reference vmmdev_emu_new_kshim().
noinst_LTLIBRARIES += tests/hostsim/libhostsim-emu.la
tests_hostsim_libhostsim_emu_la_SOURCES = \
	tests/hostsim/hgcm_host.c \
	tests/hostsim/hgcm_host.h \
	tests/hostsim/svc_hostsimtest.c \
	tests/hostsim/svc_hostsimtest.h \
	tests/hostsim/vmmdev_balloon.c \
	tests/hostsim/vmmdev_display.c \
	tests/hostsim/vmmdev_emu.c \
	tests/hostsim/vmmdev_emu.h \
	tests/hostsim/vmmdev_emu_priv.h \
	tests/hostsim/vmmdev_hgcm.c \
	tests/hostsim/vmmdev_kshim.c \
	tests/hostsim/kshim/include/kshim/hw.h \
	$(NULL)
HOSTSIM_CPPFLAGS = $(AM_CPPFLAGS) -DG_LOG_DOMAIN=\"vbox-hostsim\"
tests_hostsim_libhostsim_emu_la_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
tests_hostsim_libhostsim_emu_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(PTHREAD_CFLAGS)
tests_hostsim_libhostsim_emu_la_LIBADD = $(GLIB_LIBS) $(PTHREAD_LIBS)

# The simulator itself, installed: the emulated device and services above,
# the driver core over the shim (driver/local.mk), the guest and control
# sockets.
bin_PROGRAMS += vbox-hostsim
vbox_hostsim_SOURCES = \
	tests/hostsim/control.c \
	tests/hostsim/control.h \
	tests/hostsim/ctl_client.c \
	tests/hostsim/guest_sock.c \
	tests/hostsim/guest_sock.h \
	tests/hostsim/hostsim_main.c \
	tests/hostsim/hostsim_socket.c \
	tests/hostsim/hostsim_socket.h \
	libvbglr3/vbgl_sockproto.h \
	tests/hostsim/kshim/include/kshim/kcore.h \
	$(NULL)
vbox_hostsim_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
vbox_hostsim_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(PTHREAD_CFLAGS)
vbox_hostsim_LDADD = tests/hostsim/libhostsim-emu.la libvbgcore.la $(GLIB_LIBS) $(PTHREAD_LIBS)

# Unit tests of the device model and the HGCM framework (Check).
check_PROGRAMS += tests/unit/test_vmmdev_emu
TESTS += tests/unit/test_vmmdev_emu
tests_unit_test_vmmdev_emu_SOURCES = tests/unit/test_vmmdev_emu.c
tests_unit_test_vmmdev_emu_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
tests_unit_test_vmmdev_emu_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_vmmdev_emu_LDADD = tests/hostsim/libhostsim-emu.la $(GLIB_LIBS) $(CHECK_LIBS)

# The real binary at the frame level (Check, with the end-to-end fixture of
# tests/local.mk) and its command line (a TAP shell script).
check_PROGRAMS += tests/integration/test_hostsim_sock
TESTS += tests/integration/test_hostsim_sock
tests_integration_test_hostsim_sock_SOURCES = tests/integration/test_hostsim_sock.c
tests_integration_test_hostsim_sock_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_integration_test_hostsim_sock_LDADD = \
	tests/integration/libhostsim-fixture.la \
	$(GLIB_LIBS) $(CHECK_LIBS) \
	$(NULL)
TESTS += tests/integration/test_hostsim_cli.sh
EXTRA_DIST += tests/integration/test_hostsim_cli.sh

dist_man_MANS += man/vbox-hostsim.1

# The guest property service (VBoxGuestPropSvc) and its unit tests, which
# link the production object from libhostsim-emu.la.
tests_hostsim_libhostsim_emu_la_SOURCES += \
	tests/hostsim/svc_guestprop.c \
	tests/hostsim/svc_guestprop.h \
	libvbglr3/vbgl_guestprop_flags.c \
	$(NULL)
check_PROGRAMS += tests/unit/test_svc_guestprop
TESTS += tests/unit/test_svc_guestprop
tests_unit_test_svc_guestprop_SOURCES = tests/unit/test_svc_guestprop.c
tests_unit_test_svc_guestprop_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
tests_unit_test_svc_guestprop_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_svc_guestprop_LDADD = tests/hostsim/libhostsim-emu.la $(GLIB_LIBS) $(CHECK_LIBS)

# The shared-folders service (VBoxSharedFolders) over real host directories,
# its unit tests (in-process through the HGCM framework, linked with the
# production objects) and a TAP test of --share and "ctl share".
tests_hostsim_libhostsim_emu_la_SOURCES += \
	tests/hostsim/svc_shfl.c \
	tests/hostsim/svc_shfl.h \
	tests/hostsim/svc_shfl_dir.c \
	tests/hostsim/svc_shfl_file.c \
	tests/hostsim/svc_shfl_handle.c \
	tests/hostsim/svc_shfl_ops.c \
	tests/hostsim/svc_shfl_path.c \
	tests/hostsim/svc_shfl_priv.h \
	tests/hostsim/svc_shfl_str.c \
	libvbglr3/vbgl_shfl_wire.h \
	$(NULL)
check_PROGRAMS += tests/unit/test_svc_shfl
TESTS += tests/unit/test_svc_shfl
tests_unit_test_svc_shfl_SOURCES = tests/unit/test_svc_shfl.c
tests_unit_test_svc_shfl_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
tests_unit_test_svc_shfl_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_svc_shfl_LDADD = tests/hostsim/libhostsim-emu.la $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/integration/test_hostsim_shares.sh
EXTRA_DIST += tests/integration/test_hostsim_shares.sh
vbox_hostsim_SOURCES += tests/hostsim/svc_shfl_ctl.c
EXTRA_DIST += tests/common/hostsim-tap.sh
