# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-seamless: the seamless mode agent, one per X display.
# libseamless-region.la is its pure part (windows and shapes -> visible
# region, no X11), which the unit tests link too; it builds without X11.
noinst_LTLIBRARIES += services/vbox-seamless/libseamless-region.la
services_vbox_seamless_libseamless_region_la_SOURCES = \
	services/vbox-seamless/seamless_region.c \
	services/vbox-seamless/seamless_region.h \
	$(NULL)
services_vbox_seamless_libseamless_region_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_seamless_libseamless_region_la_CFLAGS = $(OVT_COMMON_CFLAGS)
