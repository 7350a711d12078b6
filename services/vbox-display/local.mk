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

bin_PROGRAMS += services/vbox-display/vbox-display
services_vbox_display_vbox_display_SOURCES = \
	services/vbox-display/display_agent.c \
	services/vbox-display/display_agent.h \
	services/vbox-display/display_main.c \
	services/vbox-display/display_randr.c \
	services/vbox-display/display_randr.h \
	$(NULL)
services_vbox_display_vbox_display_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_display_vbox_display_CFLAGS = \
	$(OVT_COMMON_CFLAGS) $(X11_CFLAGS) $(LIBXCVT_CFLAGS)
services_vbox_display_vbox_display_LDADD = \
	services/vbox-display/libdisplay-layout.la \
	services/x11/libovt-x11.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(X11_LIBS) $(LIBXCVT_LIBS) $(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
endif
