# SPDX-License-Identifier: GPL-2.0-or-later
#
# services/x11: the X11 plumbing the desktop agents share (the connection
# as a main-loop source, error traps, atoms, extensions).  No feature logic.
if WITH_X11
OVT_X11_CFLAGS = $(OVT_COMMON_CFLAGS) $(X11_CFLAGS)

noinst_LTLIBRARIES += services/x11/libovt-x11.la
services_x11_libovt_x11_la_SOURCES = \
	services/x11/ovt_x11.c \
	services/x11/ovt_x11.h \
	$(NULL)
services_x11_libovt_x11_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_x11_libovt_x11_la_CFLAGS = $(OVT_X11_CFLAGS)
services_x11_libovt_x11_la_LIBADD = $(X11_LIBS) $(GLIB_LIBS)
endif
