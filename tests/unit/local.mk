# SPDX-License-Identifier: GPL-2.0-or-later
#
# Unit tests (Check), each linked with the production objects it tests.
# The stanza is described in tests/local.mk.

# The kernel-API shim, and the driver core over the emulated VMMDev.
check_PROGRAMS += tests/unit/test_kshim
TESTS += tests/unit/test_kshim
tests_unit_test_kshim_SOURCES = tests/unit/test_kshim.c
tests_unit_test_kshim_CPPFLAGS = $(KCORE_TEST_CPPFLAGS)
tests_unit_test_kshim_CFLAGS = $(KCORE_TEST_CFLAGS)
tests_unit_test_kshim_LDADD = $(KCORE_TEST_LIBS)

check_PROGRAMS += tests/unit/test_core
TESTS += tests/unit/test_core
tests_unit_test_core_SOURCES = tests/unit/test_core.c
tests_unit_test_core_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_core_LDADD = hostsim/libhostsim-emu.la kshim/libvbgcore.la $(UNIT_LIBS)

# vbox-hostsim: the device model, the HGCM framework and the host services.
check_PROGRAMS += tests/unit/test_vmmdev_emu
TESTS += tests/unit/test_vmmdev_emu
tests_unit_test_vmmdev_emu_SOURCES = tests/unit/test_vmmdev_emu.c
tests_unit_test_vmmdev_emu_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
tests_unit_test_vmmdev_emu_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vmmdev_emu_LDADD = hostsim/libhostsim-emu.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_svc_guestprop
TESTS += tests/unit/test_svc_guestprop
tests_unit_test_svc_guestprop_SOURCES = tests/unit/test_svc_guestprop.c
tests_unit_test_svc_guestprop_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
tests_unit_test_svc_guestprop_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_svc_guestprop_LDADD = hostsim/libhostsim-emu.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_svc_shfl
TESTS += tests/unit/test_svc_shfl
tests_unit_test_svc_shfl_SOURCES = tests/unit/test_svc_shfl.c
tests_unit_test_svc_shfl_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
tests_unit_test_svc_shfl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_svc_shfl_LDADD = hostsim/libhostsim-emu.la $(UNIT_LIBS)

# libvbglr3.
check_PROGRAMS += tests/unit/test_vbgl_status
TESTS += tests/unit/test_vbgl_status
tests_unit_test_vbgl_status_SOURCES = tests/unit/test_vbgl_status.c
tests_unit_test_vbgl_status_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vbgl_status_LDADD = libvbglr3/libvbglr3-core.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_vbgl_device
TESTS += tests/unit/test_vbgl_device
tests_unit_test_vbgl_device_SOURCES = tests/unit/test_vbgl_device.c
tests_unit_test_vbgl_device_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vbgl_device_LDADD = libvbglr3/libvbglr3-core.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_vbgl_hgcm
TESTS += tests/unit/test_vbgl_hgcm
tests_unit_test_vbgl_hgcm_SOURCES = tests/unit/test_vbgl_hgcm.c
tests_unit_test_vbgl_hgcm_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vbgl_hgcm_LDADD = libvbglr3/libvbglr3-core.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_vbgl_sockframe
TESTS += tests/unit/test_vbgl_sockframe
tests_unit_test_vbgl_sockframe_SOURCES = tests/unit/test_vbgl_sockframe.c
tests_unit_test_vbgl_sockframe_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vbgl_sockframe_LDADD = libvbglr3/libvbglr3-core.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_vbgl_socket
TESTS += tests/unit/test_vbgl_socket
tests_unit_test_vbgl_socket_SOURCES = \
	tests/unit/test_vbgl_socket.c \
	tests/unit/vbgl_test_peer.c \
	tests/unit/vbgl_test_peer.h \
	$(NULL)
tests_unit_test_vbgl_socket_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vbgl_socket_LDADD = libvbglr3/libvbglr3-core.la $(UNIT_LIBS)

TESTS += tests/unit/test_vbgl_symbols.sh
EXTRA_DIST += tests/unit/test_vbgl_symbols.sh

# vboxctl's command line against the socket peer.
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

# services/common and the agents' pure parts.
check_PROGRAMS += tests/unit/test_ovt_common
TESTS += tests/unit/test_ovt_common
tests_unit_test_ovt_common_SOURCES = tests/unit/test_ovt_common.c
tests_unit_test_ovt_common_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_ovt_common_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ovt_common_LDADD = \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3-core.la \
	$(UNIT_LIBS) \
	$(NULL)

check_PROGRAMS += tests/unit/test_guest_stats
TESTS += tests/unit/test_guest_stats
tests_unit_test_guest_stats_SOURCES = tests/unit/test_guest_stats.c
tests_unit_test_guest_stats_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_guest_stats_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_guest_stats_LDADD = \
	services/vbox-balloon/libguest-stats.la \
	$(UNIT_LIBS) \
	$(NULL)

check_PROGRAMS += tests/unit/test_automount
TESTS += tests/unit/test_automount
tests_unit_test_automount_SOURCES = tests/unit/test_automount.c
tests_unit_test_automount_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_automount_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_automount_LDADD = \
	services/vbox-automount/libautomount.la \
	$(UNIT_LIBS) \
	$(NULL)

# vbox-seamless without X11: windows and shapes -> visible region, the
# state file.
check_PROGRAMS += tests/unit/test_seamless_region
TESTS += tests/unit/test_seamless_region
tests_unit_test_seamless_region_SOURCES = tests/unit/test_seamless_region.c
tests_unit_test_seamless_region_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_seamless_region_LDADD = \
	services/vbox-seamless/libseamless-core.la \
	$(UNIT_LIBS) \
	$(NULL)

check_PROGRAMS += tests/unit/test_seamless_state
TESTS += tests/unit/test_seamless_state
tests_unit_test_seamless_state_SOURCES = tests/unit/test_seamless_state.c
tests_unit_test_seamless_state_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_seamless_state_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_seamless_state_LDADD = \
	services/vbox-seamless/libseamless-core.la \
	$(UNIT_LIBS) \
	$(NULL)

# The tests' own tree remover.
check_PROGRAMS += tests/unit/test_rmtree
TESTS += tests/unit/test_rmtree
tests_unit_test_rmtree_SOURCES = tests/unit/test_rmtree.c
tests_unit_test_rmtree_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rmtree_LDADD = $(UNIT_LIBS)

