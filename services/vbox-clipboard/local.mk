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
endif
