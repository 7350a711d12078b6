# SPDX-License-Identifier: GPL-2.0-or-later
#
# libvbglr3: built once as a convenience library (libvbglr3-core.la) that
# the installed shared/static library wraps and the tests link, so tests
# reach internal functions in the production objects.

noinst_LTLIBRARIES += libvbglr3/libvbglr3-core.la
libvbglr3_libvbglr3_core_la_SOURCES = \
	libvbglr3/vbglr3.h \
	libvbglr3/vbgl_internal.h \
	libvbglr3/vbgl_hgcm_internal.h \
	libvbglr3/vbgl_sockproto.h \
	libvbglr3/vbgl_sockframe.h \
	libvbglr3/vbgl_status.c \
	libvbglr3/vbgl_device.c \
	libvbglr3/vbgl_transport_dev.c \
	libvbglr3/vbgl_transport_sock.c \
	libvbglr3/vbgl_sockframe.c \
	libvbglr3/vbgl_vmmdev.c \
	libvbglr3/vbgl_events.c \
	libvbglr3/vbgl_hgcm.c \
	libvbglr3/vbgl_guest_status.c \
	libvbglr3/vbgl_caps.c \
	libvbglr3/vbgl_mouse.c \
	libvbglr3/vbgl_display.c \
	libvbglr3/vbgl_seamless.c \
	libvbglr3/vbgl_balloon_stats.c \
	libvbglr3/vbgl_session.c \
	libvbglr3/vbglr3_shfl.h \
	libvbglr3/vbgl_shfl_wire.h \
	libvbglr3/vbgl_shfl.c \
	$(NULL)
libvbglr3_libvbglr3_core_la_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
libvbglr3_libvbglr3_core_la_LIBADD = $(PTHREAD_LIBS)

lib_LTLIBRARIES += libvbglr3/libvbglr3.la
libvbglr3_libvbglr3_la_SOURCES =
libvbglr3_libvbglr3_la_LIBADD = libvbglr3/libvbglr3-core.la $(PTHREAD_LIBS)
libvbglr3_libvbglr3_la_LDFLAGS = \
	$(AM_LDFLAGS) \
	-version-info $(VBGLR3_LT_VERSION) \
	-no-undefined \
	-Wl,--version-script=$(srcdir)/libvbglr3/libvbglr3.map \
	$(NULL)
libvbglr3_libvbglr3_la_DEPENDENCIES = \
	libvbglr3/libvbglr3-core.la \
	$(srcdir)/libvbglr3/libvbglr3.map \
	$(NULL)
# No sources of its own: link with the C linker.
nodist_EXTRA_libvbglr3_libvbglr3_la_SOURCES = libvbglr3/dummy.c

include_HEADERS += libvbglr3/vbglr3.h
pkgconfig_DATA += libvbglr3/vbglr3.pc
EXTRA_DIST += \
	libvbglr3/libvbglr3.map \
	libvbglr3/vbglr3.pc.in \
	$(NULL)

# Unit tests: Check programs linked against the production objects.
VBGL_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
VBGL_TEST_LIBS = libvbglr3/libvbglr3-core.la $(CHECK_LIBS) $(PTHREAD_LIBS)

check_PROGRAMS += \
	tests/unit/test_vbgl_status \
	tests/unit/test_vbgl_device \
	tests/unit/test_vbgl_hgcm \
	tests/unit/test_vbgl_sockframe \
	tests/unit/test_vbgl_socket \
	$(NULL)
TESTS += \
	tests/unit/test_vbgl_status \
	tests/unit/test_vbgl_device \
	tests/unit/test_vbgl_hgcm \
	tests/unit/test_vbgl_sockframe \
	tests/unit/test_vbgl_socket \
	tests/unit/test_vbgl_symbols.sh \
	$(NULL)
EXTRA_DIST += tests/unit/test_vbgl_symbols.sh

tests_unit_test_vbgl_status_SOURCES = tests/unit/test_vbgl_status.c
tests_unit_test_vbgl_status_CFLAGS = $(VBGL_TEST_CFLAGS)
tests_unit_test_vbgl_status_LDADD = $(VBGL_TEST_LIBS)

tests_unit_test_vbgl_device_SOURCES = tests/unit/test_vbgl_device.c
tests_unit_test_vbgl_device_CFLAGS = $(VBGL_TEST_CFLAGS)
tests_unit_test_vbgl_device_LDADD = $(VBGL_TEST_LIBS)

tests_unit_test_vbgl_hgcm_SOURCES = tests/unit/test_vbgl_hgcm.c
tests_unit_test_vbgl_hgcm_CFLAGS = $(VBGL_TEST_CFLAGS)
tests_unit_test_vbgl_hgcm_LDADD = $(VBGL_TEST_LIBS)

tests_unit_test_vbgl_sockframe_SOURCES = tests/unit/test_vbgl_sockframe.c
tests_unit_test_vbgl_sockframe_CFLAGS = $(VBGL_TEST_CFLAGS)
tests_unit_test_vbgl_sockframe_LDADD = $(VBGL_TEST_LIBS)

tests_unit_test_vbgl_socket_SOURCES = \
	tests/unit/test_vbgl_socket.c \
	tests/unit/vbgl_test_peer.c \
	tests/unit/vbgl_test_peer.h \
	$(NULL)
tests_unit_test_vbgl_socket_CFLAGS = $(VBGL_TEST_CFLAGS)
tests_unit_test_vbgl_socket_LDADD = $(VBGL_TEST_LIBS)

dist_man_MANS += man/libvbglr3.3

# The shared-folders wire layouts, for vboxsf clients and the simulator.
include_HEADERS += libvbglr3/vbgl_shfl_wire.h

# Guest properties (the VBoxGuestPropSvc client).
libvbglr3_libvbglr3_core_la_SOURCES += \
	libvbglr3/vbgl_guestprop.c \
	libvbglr3/vbgl_guestprop_flags.c \
	$(NULL)

# The shared-folders client (vbglr3_shfl.h), installed next to vbglr3.h.
include_HEADERS += libvbglr3/vbglr3_shfl.h
