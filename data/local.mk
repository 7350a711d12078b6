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
systemduserunit_DATA = $(USER_UNITS)

# The X11 desktop agents: each has a systemd user unit bound to
# graphical-session.target and an XDG autostart entry that sessions run by
# systemd skip (X-GNOME-HiddenUnderSystemd, X-systemd-skip), so exactly one
# of the two starts it (see vbox-seamless(1)).
X11_USER_UNITS = \
	data/vbox-seamless.service \
	$(NULL)
AUTOSTART_ENTRIES = \
	data/vbox-seamless.desktop \
	$(NULL)
autostartdir = $(sysconfdir)/xdg/autostart
if WITH_X11
systemduserunit_DATA += $(X11_USER_UNITS)
autostart_DATA = $(AUTOSTART_ENTRIES)
endif

SUBST_FILES += $(SYSTEM_UNITS) $(USER_UNITS) $(X11_USER_UNITS) \
	$(AUTOSTART_ENTRIES)
EXTRA_DIST += \
	$(SYSTEM_UNITS:=.in) \
	$(USER_UNITS:=.in) \
	$(X11_USER_UNITS:=.in) \
	$(AUTOSTART_ENTRIES:=.in) \
	data/vbox-automount.conf \
	$(NULL)

# distcheck installs below its own prefix, never into the system's unit dir.
AM_DISTCHECK_CONFIGURE_FLAGS = \
	--with-systemdsystemunitdir='$${dc_install_base}/lib/systemd/system'
