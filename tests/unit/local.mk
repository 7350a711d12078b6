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

check_PROGRAMS += tests/unit/test_svc_clipboard
TESTS += tests/unit/test_svc_clipboard
tests_unit_test_svc_clipboard_SOURCES = tests/unit/test_svc_clipboard.c
tests_unit_test_svc_clipboard_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
tests_unit_test_svc_clipboard_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_svc_clipboard_LDADD = hostsim/libhostsim-emu.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_svc_shfl
TESTS += tests/unit/test_svc_shfl
tests_unit_test_svc_shfl_SOURCES = tests/unit/test_svc_shfl.c
tests_unit_test_svc_shfl_CPPFLAGS = $(HOSTSIM_CPPFLAGS)
tests_unit_test_svc_shfl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_svc_shfl_LDADD = hostsim/libhostsim-emu.la $(UNIT_LIBS)

# libvbglr3.
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

check_PROGRAMS += tests/unit/test_vbgl_io
TESTS += tests/unit/test_vbgl_io
tests_unit_test_vbgl_io_SOURCES = tests/unit/test_vbgl_io.c
tests_unit_test_vbgl_io_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vbgl_io_LDADD = libvbglr3/libvbgl-wire.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_vbox_status
TESTS += tests/unit/test_vbox_status
tests_unit_test_vbox_status_SOURCES = tests/unit/test_vbox_status.c
tests_unit_test_vbox_status_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vbox_status_LDADD = libvbglr3/libvbglr3-core.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_vbgl_sockframe
TESTS += tests/unit/test_vbgl_sockframe
tests_unit_test_vbgl_sockframe_SOURCES = tests/unit/test_vbgl_sockframe.c
tests_unit_test_vbgl_sockframe_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vbgl_sockframe_LDADD = libvbglr3/libvbglr3-core.la $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_vbgl_sock_reply
TESTS += tests/unit/test_vbgl_sock_reply
tests_unit_test_vbgl_sock_reply_SOURCES = tests/unit/test_vbgl_sock_reply.c
tests_unit_test_vbgl_sock_reply_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vbgl_sock_reply_LDADD = libvbglr3/libvbglr3-core.la $(UNIT_LIBS)

TESTS += tests/unit/test_vbgl_symbols.sh
EXTRA_DIST += tests/unit/test_vbgl_symbols.sh

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

# The configuration file: line scan, value types, messages.
check_PROGRAMS += tests/unit/test_ovt_config
TESTS += tests/unit/test_ovt_config
tests_unit_test_ovt_config_SOURCES = tests/unit/test_ovt_config.c
tests_unit_test_ovt_config_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_ovt_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ovt_config_LDADD = \
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

check_PROGRAMS += tests/unit/test_guestinfo
TESTS += tests/unit/test_guestinfo
tests_unit_test_guestinfo_SOURCES = tests/unit/test_guestinfo.c
tests_unit_test_guestinfo_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_guestinfo_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_guestinfo_LDADD = \
	services/vbox-guestinfo/libguestinfo.la \
	$(UNIT_LIBS) \
	$(NULL)

check_PROGRAMS += tests/unit/test_automount
TESTS += tests/unit/test_automount
tests_unit_test_automount_SOURCES = tests/unit/test_automount.c
tests_unit_test_automount_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_automount_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_automount_LDADD = \
	services/vbox-automount/libautomount.la \
	services/common/libovt-common.la \
	$(UNIT_LIBS) \
	$(NULL)

# vboxsf-fuse's pure logic: names, paths, options, attributes.
check_PROGRAMS += tests/unit/test_vsf
TESTS += tests/unit/test_vsf
tests_unit_test_vsf_SOURCES = tests/unit/test_vsf.c
tests_unit_test_vsf_CPPFLAGS = $(VSF_CPPFLAGS)
tests_unit_test_vsf_CFLAGS = $(UNIT_CFLAGS) $(FUSE3_CFLAGS)
tests_unit_test_vsf_LDADD = \
	vboxsf-fuse/libvsf.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3-core.la \
	$(UNIT_LIBS) $(FUSE3_LIBS) \
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

# The tests' own tree remover.
check_PROGRAMS += tests/unit/test_rmtree
TESTS += tests/unit/test_rmtree
tests_unit_test_rmtree_SOURCES = tests/unit/test_rmtree.c
tests_unit_test_rmtree_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rmtree_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test_ovt_state
TESTS += tests/unit/test_ovt_state
tests_unit_test_ovt_state_SOURCES = tests/unit/test_ovt_state.c
tests_unit_test_ovt_state_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_ovt_state_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ovt_state_LDADD = services/common/libovt-common.la $(UNIT_LIBS)

# The clipboard agent's conversions (table-driven; PNGs made with libpng).
if WITH_X11
check_PROGRAMS += tests/unit/test_clip_convert
TESTS += tests/unit/test_clip_convert
tests_unit_test_clip_convert_SOURCES = tests/unit/test_clip_convert.c
tests_unit_test_clip_convert_CFLAGS = $(UNIT_CFLAGS) $(LIBPNG_CFLAGS)
tests_unit_test_clip_convert_LDADD = \
	services/vbox-clipboard/libclip-convert.la \
	$(LIBPNG_LIBS) $(UNIT_LIBS) \
	$(NULL)
endif

# vbox-display's pure part (layout, output map, modes).
if WITH_X11
check_PROGRAMS += tests/unit/test_display_layout
TESTS += tests/unit/test_display_layout
tests_unit_test_display_layout_SOURCES = tests/unit/test_display_layout.c
tests_unit_test_display_layout_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_display_layout_CFLAGS = $(UNIT_CFLAGS) $(LIBXCVT_CFLAGS)
tests_unit_test_display_layout_LDADD = \
	services/vbox-display/libdisplay-layout.la $(UNIT_LIBS)
endif

check_PROGRAMS += tests/unit/test_timesync
TESTS += tests/unit/test_timesync
tests_unit_test_timesync_SOURCES = tests/unit/test_timesync.c
tests_unit_test_timesync_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_timesync_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_timesync_LDADD = \
	services/vbox-timesync/libtimesync-logic.la \
	$(UNIT_LIBS) \
	$(NULL)
