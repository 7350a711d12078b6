# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-automount: the host's auto-mount shares through vboxsf-fuse.
# libautomount.la is its pure part (configuration, mount-point rules, the
# state file), which vboxctl's "sharedfolder list" and the unit tests link
# too.
noinst_LTLIBRARIES += services/vbox-automount/libautomount.la
services_vbox_automount_libautomount_la_SOURCES = \
	services/vbox-automount/automount_config.c \
	services/vbox-automount/automount_config.h \
	services/vbox-automount/automount_paths.c \
	services/vbox-automount/automount_paths.h \
	services/vbox-automount/automount_state.c \
	services/vbox-automount/automount_state.h \
	$(NULL)
services_vbox_automount_libautomount_la_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_automount_libautomount_la_CFLAGS = $(OVT_COMMON_CFLAGS)

sbin_PROGRAMS += services/vbox-automount/vbox-automount
services_vbox_automount_vbox_automount_SOURCES = \
	services/vbox-automount/automount_agent.c \
	services/vbox-automount/automount_agent.h \
	services/vbox-automount/automount_main.c \
	$(NULL)
services_vbox_automount_vbox_automount_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vbox_automount_vbox_automount_CFLAGS = $(OVT_COMMON_CFLAGS)
services_vbox_automount_vbox_automount_LDADD = \
	services/vbox-automount/libautomount.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
