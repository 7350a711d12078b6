# SPDX-License-Identifier: GPL-2.0-or-later
#
# services/common: daemon plumbing shared by the agents and tools: options,
# logging (stderr/journal/syslog), signals, pidfile, sd_notify, the
# event-waiter thread, reconnect with back-off, the agent state file, the
# facility status reported to the host, the mount table and the heap policy
# for large buffers.  Programs link it
# together with the libvbglr3 they use (tests: libvbglr3-core.la).
OVT_COMMON_CPPFLAGS = $(AM_CPPFLAGS) -DG_LOG_USE_STRUCTURED \
	-DOVT_RUNSTATEDIR='"$(runstatedir)"' \
	-DOVT_SYSCONFDIR='"$(sysconfdir)"' \
	-DOVT_BINDIR='"$(bindir)"' \
	$(NULL)
OVT_COMMON_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(PTHREAD_CFLAGS)

noinst_LTLIBRARIES += services/common/libovt-common.la
services_common_libovt_common_la_SOURCES = \
	services/common/ovt_config.c \
	services/common/ovt_config.h \
	services/common/ovt_event_waiter.c \
	services/common/ovt_event_waiter.h \
	services/common/ovt_exit.h \
	services/common/ovt_facility.c \
	services/common/ovt_facility.h \
	services/common/ovt_heap.c \
	services/common/ovt_heap.h \
	services/common/ovt_log.c \
	services/common/ovt_log.h \
	services/common/ovt_mountinfo.c \
	services/common/ovt_mountinfo.h \
	services/common/ovt_options.c \
	services/common/ovt_options.h \
	services/common/ovt_pidfile.c \
	services/common/ovt_pidfile.h \
	services/common/ovt_reconnect.c \
	services/common/ovt_reconnect.h \
	services/common/ovt_sd_notify.c \
	services/common/ovt_sd_notify.h \
	services/common/ovt_signals.c \
	services/common/ovt_signals.h \
	services/common/ovt_state.c \
	services/common/ovt_state.h \
	$(NULL)
services_common_libovt_common_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS) \
	-DG_LOG_DOMAIN='"ovt-common"'
services_common_libovt_common_la_CFLAGS = $(OVT_COMMON_CFLAGS)
