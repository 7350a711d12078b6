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
