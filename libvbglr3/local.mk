# SPDX-License-Identifier: GPL-2.0-or-later
#
# libvbglr3, the R3 library.  Its objects form a convenience library
# (libvbglr3-core.la) that the installed shared/static library wraps and
# the tests link, so tests reach internal functions in the production
# objects.  libvbgl-wire.la holds what guest and host must agree on byte for
# byte and that the simulator links too (the guest property flags grammar,
# the checks of a socket request frame), and the whole-read/whole-write
# loop both sides and the tests use.

noinst_LTLIBRARIES += libvbglr3/libvbgl-wire.la
libvbglr3_libvbgl_wire_la_SOURCES = \
	libvbglr3/vbgl_guestprop_flags.c \
	libvbglr3/vbgl_guestprop_wire.h \
	libvbglr3/vbgl_io.c \
	libvbglr3/vbgl_io.h \
	libvbglr3/vbgl_sockframe_req.c \
	$(NULL)

noinst_LTLIBRARIES += libvbglr3/libvbglr3-core.la
libvbglr3_libvbglr3_core_la_SOURCES = \
	libvbglr3/vbglr3.h \
	libvbglr3/vbglr3_clipboard.h \
	libvbglr3/vbglr3_shfl.h \
	libvbglr3/vbgl_clipboard_wire.h \
	libvbglr3/vbgl_shfl_wire.h \
	driver/vbox_status.h \
	libvbglr3/vbgl_internal.h \
	libvbglr3/vbgl_hgcm_internal.h \
	libvbglr3/vbgl_sockproto.h \
	libvbglr3/vbgl_sockframe.h \
	libvbglr3/vbgl_balloon_stats.c \
	libvbglr3/vbgl_caps.c \
	libvbglr3/vbgl_clipboard.c \
	libvbglr3/vbgl_device.c \
	libvbglr3/vbgl_display.c \
	libvbglr3/vbgl_events.c \
	libvbglr3/vbgl_guest_status.c \
	libvbglr3/vbgl_guestprop.c \
	libvbglr3/vbgl_hgcm.c \
	libvbglr3/vbgl_mouse.c \
	libvbglr3/vbgl_seamless.c \
	libvbglr3/vbgl_session.c \
	libvbglr3/vbgl_shfl.c \
	libvbglr3/vbgl_sockframe.c \
	libvbglr3/vbgl_status.c \
	libvbglr3/vbgl_transport_dev.c \
	libvbglr3/vbgl_transport_sock.c \
	libvbglr3/vbgl_vmmdev.c \
	$(NULL)
libvbglr3_libvbglr3_core_la_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
libvbglr3_libvbglr3_core_la_LIBADD = libvbglr3/libvbgl-wire.la $(PTHREAD_LIBS)

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

# The public headers, in their own directory ($(includedir)/vbglr3, which
# vbglr3.pc puts on the include path).
vbglr3includedir = $(includedir)/vbglr3
vbglr3include_HEADERS = \
	libvbglr3/vbglr3.h \
	libvbglr3/vbglr3_clipboard.h \
	libvbglr3/vbglr3_shfl.h \
	libvbglr3/vbgl_shfl_wire.h \
	driver/vbox_status.h \
	$(NULL)
pkgconfig_DATA += libvbglr3/vbglr3.pc
EXTRA_DIST += \
	libvbglr3/libvbglr3.map \
	libvbglr3/vbglr3.pc.in \
	$(NULL)
