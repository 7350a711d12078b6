# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-balloon: the memory agent (guest statistics and the balloon).
# libguest-stats.la is its pure part (reading /proc into the host's
# statistics layout), which the unit tests link too.
noinst_LTLIBRARIES += services/vbox-balloon/libguest-stats.la
services_vbox_balloon_libguest_stats_la_SOURCES = \
	services/vbox-balloon/guest_stats.c \
	services/vbox-balloon/guest_stats.h \
	$(NULL)
services_vbox_balloon_libguest_stats_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_balloon_libguest_stats_la_CFLAGS = $(OVT_COMMON_CFLAGS)

sbin_PROGRAMS += services/vbox-balloon/vbox-balloon
services_vbox_balloon_vbox_balloon_SOURCES = \
	services/vbox-balloon/balloon_agent.c \
	services/vbox-balloon/balloon_agent.h \
	services/vbox-balloon/balloon_main.c \
	$(NULL)
services_vbox_balloon_vbox_balloon_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_balloon_vbox_balloon_CFLAGS = $(OVT_COMMON_CFLAGS)
services_vbox_balloon_vbox_balloon_LDADD = \
	services/vbox-balloon/libguest-stats.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
