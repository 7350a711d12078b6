# SPDX-License-Identifier: GPL-2.0-or-later
#
# Data files installed with the suite.  Units are templates (NAME.in) that
# the substitution rule of Makefile.am fills with the configured paths.

# udev rules giving the vboxguest device nodes their owner and mode (the
# bundled driver sets the same modes itself; the rules also cover mainline).
# The default suits prefix=/usr; override with `make install udevrulesdir=...`.
udevrulesdir = $(prefix)/lib/udev/rules.d
dist_udevrules_DATA = data/60-vboxguest.rules

# systemd system units (vbox-balloon, vbox-automount in system mode).
SYSTEM_UNITS = \
	data/vbox-automount.service \
	data/vbox-balloon.service \
	$(NULL)
if INSTALL_SYSTEMD_UNITS
systemdsystemunit_DATA = $(SYSTEM_UNITS)
endif

# systemd user units (installed below the prefix; `systemctl --global
# enable` turns them on for every user).
systemduserunitdir = $(prefix)/lib/systemd/user
USER_UNITS = \
	data/vbox-automount-user.service \
	$(NULL)
if WITH_X11
USER_UNITS += data/vbox-clipboard.service
endif
systemduserunit_DATA = $(USER_UNITS)

# XDG autostart entries of the desktop agents (see their man pages for how
# they and the user units start an agent once).
autostartdir = $(sysconfdir)/xdg/autostart
AUTOSTART_FILES =
if WITH_X11
AUTOSTART_FILES += data/vbox-clipboard.desktop
endif
autostart_DATA = $(AUTOSTART_FILES)

SUBST_FILES += $(SYSTEM_UNITS) $(USER_UNITS) $(AUTOSTART_FILES)
EXTRA_DIST += \
	$(SYSTEM_UNITS:=.in) \
	data/vbox-automount-user.service.in \
	data/vbox-clipboard.service.in \
	data/vbox-clipboard.desktop.in \
	data/vbox-automount.conf \
	$(NULL)

# distcheck installs below its own prefix, never into the system's unit dir.
AM_DISTCHECK_CONFIGURE_FLAGS = \
	--with-systemdsystemunitdir='$${dc_install_base}/lib/systemd/system'
