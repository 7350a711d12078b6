# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-guestinfo: what VBoxService's VMInfo tells the host about the guest
# (OS, additions version, logged-in users, network interfaces) as guest
# properties.  libguestinfo.la is its pure part (the property set and the
# property cache), which the unit tests link too.
noinst_LTLIBRARIES += services/vbox-guestinfo/libguestinfo.la
services_vbox_guestinfo_libguestinfo_la_SOURCES = \
	services/vbox-guestinfo/guestinfo_props.c \
	services/vbox-guestinfo/guestinfo_props.h \
	$(NULL)
services_vbox_guestinfo_libguestinfo_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_guestinfo_libguestinfo_la_CFLAGS = $(OVT_COMMON_CFLAGS)

sbin_PROGRAMS += services/vbox-guestinfo/vbox-guestinfo
services_vbox_guestinfo_vbox_guestinfo_SOURCES = \
	services/vbox-guestinfo/guestinfo_agent.c \
	services/vbox-guestinfo/guestinfo_agent.h \
	services/vbox-guestinfo/guestinfo_main.c \
	services/vbox-guestinfo/guestinfo_sys.c \
	services/vbox-guestinfo/guestinfo_sys.h \
	$(NULL)
services_vbox_guestinfo_vbox_guestinfo_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_guestinfo_vbox_guestinfo_CFLAGS = $(OVT_COMMON_CFLAGS)
services_vbox_guestinfo_vbox_guestinfo_LDADD = \
	services/vbox-guestinfo/libguestinfo.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
