# SPDX-License-Identifier: GPL-2.0-or-later
#
# Programs in services/.

# vboxctl: one file per command group, the table in vboxctl.c.
bin_PROGRAMS += services/vboxctl/vboxctl
services_vboxctl_vboxctl_SOURCES = \
	services/vboxctl/vboxctl.h \
	services/vboxctl/vboxctl.c \
	services/vboxctl/cmd_info.c \
	$(NULL)
services_vboxctl_vboxctl_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
services_vboxctl_vboxctl_LDADD = libvbglr3/libvbglr3.la $(GLIB_LIBS)

dist_man_MANS += man/vboxctl.1

# vboxctl against the library tests' socket peer (the end-to-end tests
# against vbox-hostsim live in tests/).
check_PROGRAMS += tests/unit/vbgl-test-peer
tests_unit_vbgl_test_peer_SOURCES = \
	tests/unit/vbgl_peer_main.c \
	tests/unit/vbgl_test_peer.c \
	tests/unit/vbgl_test_peer.h \
	$(NULL)
tests_unit_vbgl_test_peer_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_vbgl_test_peer_LDADD = libvbglr3/libvbglr3-core.la $(PTHREAD_LIBS)

TESTS += tests/unit/test_vboxctl.sh
EXTRA_DIST += tests/unit/test_vboxctl.sh

# ---- services/common: daemon plumbing shared by the agents ---------------
# Options, logging (stderr/journal/syslog), signals, pidfile, sd_notify, the
# event-waiter thread and reconnect with back-off.  The programs link it
# together with the libvbglr3 they use (tests: libvbglr3-core.la).
OVT_COMMON_CPPFLAGS = $(AM_CPPFLAGS) -DG_LOG_USE_STRUCTURED
noinst_LTLIBRARIES += services/common/libovt-common.la
services_common_libovt_common_la_SOURCES = \
	services/common/ovt_event_waiter.c \
	services/common/ovt_event_waiter.h \
	services/common/ovt_log.c \
	services/common/ovt_log.h \
	services/common/ovt_options.c \
	services/common/ovt_options.h \
	services/common/ovt_pidfile.c \
	services/common/ovt_pidfile.h \
	services/common/ovt_reconnect.c \
	services/common/ovt_reconnect.h \
	services/common/ovt_sd_notify.c \
	services/common/ovt_sd_notify.h \
	services/common/ovt_signals.c \
	services/common/ovt_signals.h \
	$(NULL)
services_common_libovt_common_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS) \
	-DG_LOG_DOMAIN='"ovt-common"'
services_common_libovt_common_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) \
	$(PTHREAD_CFLAGS)

# ---- vbox-balloon: the memory agent (statistics and balloon) -------------
sbin_PROGRAMS += services/vbox-balloon/vbox-balloon
services_vbox_balloon_vbox_balloon_SOURCES = \
	services/vbox-balloon/balloon_agent.c \
	services/vbox-balloon/balloon_agent.h \
	services/vbox-balloon/balloon_main.c \
	services/vbox-balloon/guest_stats.c \
	services/vbox-balloon/guest_stats.h \
	$(NULL)
services_vbox_balloon_vbox_balloon_CPPFLAGS = $(OVT_COMMON_CPPFLAGS) \
	-DOVT_RUNSTATEDIR='"$(runstatedir)"'
services_vbox_balloon_vbox_balloon_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) \
	$(PTHREAD_CFLAGS)
services_vbox_balloon_vbox_balloon_LDADD = \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
dist_man_MANS += man/vbox-balloon.8

# vboxctl balloon / stats
services_vboxctl_vboxctl_SOURCES += services/vboxctl/cmd_balloon.c

# ---- tests of services/common and vbox-balloon ---------------------------
OVT_TEST_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
OVT_TEST_LIBS = \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3-core.la \
	$(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS) \
	$(NULL)

check_PROGRAMS += \
	tests/unit/test_ovt_common \
	tests/unit/test_guest_stats \
	tests/integration/test_event_waiter \
	$(NULL)
TESTS += \
	tests/unit/test_ovt_common \
	tests/unit/test_guest_stats \
	tests/integration/test_event_waiter \
	tests/integration/vbox_balloon.sh \
	$(NULL)
EXTRA_DIST += tests/integration/vbox_balloon.sh

tests_unit_test_ovt_common_SOURCES = \
	tests/unit/test_ovt_common.c \
	tests/common/ovt_rmtree.c \
	tests/common/ovt_rmtree.h \
	$(NULL)
tests_unit_test_ovt_common_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
tests_unit_test_ovt_common_CFLAGS = $(OVT_TEST_CFLAGS)
tests_unit_test_ovt_common_LDADD = $(OVT_TEST_LIBS)

tests_unit_test_guest_stats_SOURCES = \
	tests/unit/test_guest_stats.c \
	tests/common/ovt_rmtree.c \
	tests/common/ovt_rmtree.h \
	services/vbox-balloon/guest_stats.c \
	services/vbox-balloon/guest_stats.h \
	$(NULL)
tests_unit_test_guest_stats_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
tests_unit_test_guest_stats_CFLAGS = $(OVT_TEST_CFLAGS)
tests_unit_test_guest_stats_LDADD = $(OVT_TEST_LIBS)

tests_integration_test_event_waiter_SOURCES = \
	tests/integration/test_event_waiter.c
tests_integration_test_event_waiter_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
tests_integration_test_event_waiter_CFLAGS = $(OVT_TEST_CFLAGS)
tests_integration_test_event_waiter_LDADD = \
	tests/integration/libhostsim-fixture.la \
	$(OVT_TEST_LIBS) \
	$(NULL)

# vboxctl guestproperty (H5) and its end-to-end tests against vbox-hostsim.
services_vboxctl_vboxctl_SOURCES += services/vboxctl/cmd_guestprop.c
TESTS += tests/integration/vboxctl_guestprop.sh
EXTRA_DIST += tests/integration/vboxctl_guestprop.sh
check_PROGRAMS += tests/integration/test_guestprop
TESTS += tests/integration/test_guestprop
tests_integration_test_guestprop_SOURCES = tests/integration/test_guestprop.c
tests_integration_test_guestprop_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
tests_integration_test_guestprop_LDADD = \
	tests/integration/libhostsim-fixture.la \
	libvbglr3/libvbglr3-core.la \
	$(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS) \
	$(NULL)

# ---- vbox-automount: the host's auto-mount shares through vboxsf-fuse (H10) --
AUTOMOUNT_CORE_SOURCES = \
	services/vbox-automount/automount_config.c \
	services/vbox-automount/automount_config.h \
	services/vbox-automount/automount_paths.c \
	services/vbox-automount/automount_paths.h \
	services/vbox-automount/automount_state.c \
	services/vbox-automount/automount_state.h \
	$(NULL)
sbin_PROGRAMS += services/vbox-automount/vbox-automount
services_vbox_automount_vbox_automount_SOURCES = \
	$(AUTOMOUNT_CORE_SOURCES) \
	services/vbox-automount/automount_agent.c \
	services/vbox-automount/automount_agent.h \
	services/vbox-automount/automount_main.c \
	$(NULL)
services_vbox_automount_vbox_automount_CPPFLAGS = $(OVT_COMMON_CPPFLAGS) \
	-DOVT_RUNSTATEDIR='"$(runstatedir)"' \
	-DOVT_SYSCONFDIR='"$(sysconfdir)"' \
	-DOVT_BINDIR='"$(bindir)"' \
	$(NULL)
services_vbox_automount_vbox_automount_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) \
	$(PTHREAD_CFLAGS)
services_vbox_automount_vbox_automount_LDADD = \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
dist_man_MANS += man/vbox-automount.8

# vboxctl sharedfolder: the host's shares, and where vbox-automount put them
# (it reads the agent's state file below runstatedir, as the agent writes it).
services_vboxctl_vboxctl_CPPFLAGS = $(AM_CPPFLAGS) \
	-DOVT_RUNSTATEDIR='"$(runstatedir)"'
services_vboxctl_vboxctl_SOURCES += \
	services/vboxctl/cmd_sharedfolder.c \
	services/vbox-automount/automount_paths.c \
	services/vbox-automount/automount_state.c \
	$(NULL)

# Tests: the mount-point rules and the config (Check), and the real agent,
# vboxsf-fuse and vboxctl against the real vbox-hostsim (TAP, root).
check_PROGRAMS += tests/unit/test_automount
TESTS += tests/unit/test_automount
tests_unit_test_automount_SOURCES = \
	tests/unit/test_automount.c \
	tests/common/ovt_rmtree.c \
	tests/common/ovt_rmtree.h \
	$(AUTOMOUNT_CORE_SOURCES) \
	$(NULL)
tests_unit_test_automount_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
tests_unit_test_automount_CFLAGS = $(OVT_TEST_CFLAGS)
tests_unit_test_automount_LDADD = $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/integration/vbox_automount.sh
EXTRA_DIST += tests/integration/vbox_automount.sh
