# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-clipboard, the shared clipboard's X11 agent.
# libclip-convert.la is its conversion layer: pure functions between X11
# selection data and the Shared Clipboard wire formats, and the X11 target
# table.  No Xlib: the agent, the unit test and the fuzzer link it.
if WITH_X11
noinst_LTLIBRARIES += services/vbox-clipboard/libclip-convert.la
services_vbox_clipboard_libclip_convert_la_SOURCES = \
	services/vbox-clipboard/clip_convert.c \
	services/vbox-clipboard/clip_convert.h \
	services/vbox-clipboard/clip_formats.h \
	$(NULL)
services_vbox_clipboard_libclip_convert_la_CFLAGS = \
	$(AM_CFLAGS) $(GLIB_CFLAGS) $(LIBPNG_CFLAGS)
services_vbox_clipboard_libclip_convert_la_LIBADD = \
	$(GLIB_LIBS) $(LIBPNG_LIBS)

# The agent: options and start-up (clip_main), the wiring and its state
# file (clip_bridge), the host connection and its threads (clip_host), the
# host data cache (clip_cache), the selections (clip_x11), answering X
# clients (clip_serve) and X transfers with INCR (clip_xfer).
bin_PROGRAMS += services/vbox-clipboard/vbox-clipboard
services_vbox_clipboard_vbox_clipboard_SOURCES = \
	services/vbox-clipboard/clip_bridge.c \
	services/vbox-clipboard/clip_bridge.h \
	services/vbox-clipboard/clip_cache.c \
	services/vbox-clipboard/clip_cache.h \
	services/vbox-clipboard/clip_host.c \
	services/vbox-clipboard/clip_host.h \
	services/vbox-clipboard/clip_main.c \
	services/vbox-clipboard/clip_serve.c \
	services/vbox-clipboard/clip_serve.h \
	services/vbox-clipboard/clip_x11.c \
	services/vbox-clipboard/clip_x11.h \
	services/vbox-clipboard/clip_xfer.c \
	services/vbox-clipboard/clip_xfer.h \
	$(NULL)
services_vbox_clipboard_vbox_clipboard_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_clipboard_vbox_clipboard_CFLAGS = $(OVT_X11_CFLAGS)
services_vbox_clipboard_vbox_clipboard_LDADD = \
	services/vbox-clipboard/libclip-convert.la \
	services/x11/libovt-x11.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(X11_LIBS) $(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
endif
