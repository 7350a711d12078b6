# SPDX-License-Identifier: GPL-2.0-or-later
#
# vboxctl: one file per command group, the command table in vboxctl.c.
bin_PROGRAMS += services/vboxctl/vboxctl
services_vboxctl_vboxctl_SOURCES = \
	services/vboxctl/vboxctl.h \
	services/vboxctl/vboxctl.c \
	services/vboxctl/cmd_balloon.c \
	services/vboxctl/cmd_guestprop.c \
	services/vboxctl/cmd_info.c \
	services/vboxctl/cmd_sharedfolder.c \
	services/vboxctl/cmd_status.c \
	$(NULL)
services_vboxctl_vboxctl_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
services_vboxctl_vboxctl_CFLAGS = $(OVT_COMMON_CFLAGS)
services_vboxctl_vboxctl_LDADD = \
	services/vbox-automount/libautomount.la \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
