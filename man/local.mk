# SPDX-License-Identifier: GPL-2.0-or-later
#
# A page for every installed program and for the library.  Each is a
# template (NAME.N.in) that the substitution rule of Makefile.am fills with
# the version, the date and the configured paths.
MAN_PAGES = \
	man/libvbglr3.3 \
	man/mount.vboxsf-fuse.8 \
	man/vbox-automount.8 \
	man/vbox-balloon.8 \
	man/vbox-guestinfo.8 \
	man/vbox-hostsim.1 \
	man/vbox-timesync.8 \
	man/vboxctl.1 \
	man/vboxsf-fuse.8 \
	$(NULL)
if WITH_X11
MAN_PAGES += \
	man/vbox-clipboard.1 \
	man/vbox-display.1 \
	man/vbox-seamless.1 \
	$(NULL)
endif
man_MANS += $(MAN_PAGES)
SUBST_FILES += $(MAN_PAGES)
EXTRA_DIST += $(MAN_PAGES:=.in) \
	man/vbox-clipboard.1.in \
	man/vbox-display.1.in \
	man/vbox-seamless.1.in \
	$(NULL)
