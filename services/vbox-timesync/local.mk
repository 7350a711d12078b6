# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-timesync: keeps the guest clock to the host's.  libtimesync-logic.la
# is its pure part (the decisions, finding other time services), which the
# unit tests link too.
noinst_LTLIBRARIES += services/vbox-timesync/libtimesync-logic.la
services_vbox_timesync_libtimesync_logic_la_SOURCES = \
	services/vbox-timesync/timesync_detect.c \
	services/vbox-timesync/timesync_detect.h \
	services/vbox-timesync/timesync_hostcfg.c \
	services/vbox-timesync/timesync_hostcfg.h \
	services/vbox-timesync/timesync_logic.c \
	services/vbox-timesync/timesync_logic.h \
	$(NULL)
services_vbox_timesync_libtimesync_logic_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_timesync_libtimesync_logic_la_CFLAGS = $(OVT_COMMON_CFLAGS)

sbin_PROGRAMS += services/vbox-timesync/vbox-timesync
services_vbox_timesync_vbox_timesync_SOURCES = \
	services/vbox-timesync/timesync_agent.c \
	services/vbox-timesync/timesync_agent.h \
	services/vbox-timesync/timesync_clock.c \
	services/vbox-timesync/timesync_clock.h \
	services/vbox-timesync/timesync_main.c \
	$(NULL)
services_vbox_timesync_vbox_timesync_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_timesync_vbox_timesync_CFLAGS = $(OVT_COMMON_CFLAGS)
services_vbox_timesync_vbox_timesync_LDADD = \
	services/vbox-timesync/libtimesync-logic.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
