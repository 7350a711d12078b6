# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-seamless: the seamless mode agent, one per X display.
# libseamless-core.la holds its parts without X11 (windows and shapes ->
# visible region), which the unit tests link too; it builds without X11.
noinst_LTLIBRARIES += services/vbox-seamless/libseamless-core.la
services_vbox_seamless_libseamless_core_la_SOURCES = \
	services/vbox-seamless/seamless_region.c \
	services/vbox-seamless/seamless_region.h \
	$(NULL)
services_vbox_seamless_libseamless_core_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_seamless_libseamless_core_la_CFLAGS = $(OVT_COMMON_CFLAGS)

if WITH_X11
bin_PROGRAMS += services/vbox-seamless/vbox-seamless
services_vbox_seamless_vbox_seamless_SOURCES = \
	services/vbox-seamless/seamless_agent.c \
	services/vbox-seamless/seamless_agent.h \
	services/vbox-seamless/seamless_main.c \
	services/vbox-seamless/seamless_windows.c \
	services/vbox-seamless/seamless_windows.h \
	$(NULL)
services_vbox_seamless_vbox_seamless_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_seamless_vbox_seamless_CFLAGS = $(OVT_X11_CFLAGS)
services_vbox_seamless_vbox_seamless_LDADD = \
	services/vbox-seamless/libseamless-core.la \
	services/x11/libovt-x11.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(X11_LIBS) $(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
endif
