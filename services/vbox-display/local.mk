# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-display: the X11 agent that follows the host's display requests.
# libdisplay-layout.la is its pure part (host requests -> output layout and
# modes, no X11), which the unit tests link too.
if WITH_X11
noinst_LTLIBRARIES += services/vbox-display/libdisplay-layout.la
services_vbox_display_libdisplay_layout_la_SOURCES = \
	services/vbox-display/display_layout.c \
	services/vbox-display/display_layout.h \
	$(NULL)
services_vbox_display_libdisplay_layout_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_display_libdisplay_layout_la_CFLAGS = \
	$(OVT_COMMON_CFLAGS) $(LIBXCVT_CFLAGS)
services_vbox_display_libdisplay_layout_la_LIBADD = \
	$(LIBXCVT_LIBS) $(GLIB_LIBS) \
	$(NULL)
endif
