# SPDX-License-Identifier: GPL-2.0-or-later
#
# Data files installed with the suite.  Units are templates (NAME.in) that
# the substitution rule of Makefile.am fills with the configured paths.

# udev rules giving the vboxguest device nodes their owner and mode (the
# bundled driver sets the same modes itself; the rules also cover mainline).
# The default suits prefix=/usr; override with `make install udevrulesdir=...`.
udevrulesdir = $(prefix)/lib/udev/rules.d
dist_udevrules_DATA = data/60-vboxguest.rules

# systemd system units (vbox-balloon, vbox-guestinfo, vbox-timesync,
# vbox-automount in system mode).
SYSTEM_UNITS = \
	data/vbox-automount.service \
	data/vbox-balloon.service \
	data/vbox-guestinfo.service \
	data/vbox-timesync.service \
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

# The X11 desktop agents: systemd user units bound to
# graphical-session.target and XDG autostart entries for sessions without
# it, arranged so that a session honouring both starts each agent once
# (see the STARTING sections of their man pages).
X11_USER_UNITS = \
	data/vbox-clipboard.service \
	data/vbox-display.service \
	data/vbox-seamless.service \
	$(NULL)
AUTOSTART_FILES = \
	data/vbox-clipboard.desktop \
	data/vbox-display.desktop \
	data/vbox-seamless.desktop \
	$(NULL)
if WITH_X11
systemduserunit_DATA += $(X11_USER_UNITS)
autostartdir = $(sysconfdir)/xdg/autostart
autostart_DATA = $(AUTOSTART_FILES)
endif

# The configuration file of every agent, all comments (the defaults).  It
# is installed only where there is none yet, so a reinstall keeps the
# administrator's settings; uninstall removes it only while unchanged.
ovtconfdir = $(sysconfdir)/open-vbox-tools
OVT_CONF = data/open-vbox-tools.conf
noinst_DATA = $(OVT_CONF)
install-data-local: install-ovt-conf
install-ovt-conf: $(OVT_CONF)
	$(MKDIR_P) '$(DESTDIR)$(ovtconfdir)'
	test -e '$(DESTDIR)$(ovtconfdir)/open-vbox-tools.conf' || \
		$(INSTALL_DATA) $(OVT_CONF) '$(DESTDIR)$(ovtconfdir)/open-vbox-tools.conf'
uninstall-local: uninstall-ovt-conf
uninstall-ovt-conf:
	if cmp -s $(OVT_CONF) '$(DESTDIR)$(ovtconfdir)/open-vbox-tools.conf'; then \
		rm -f '$(DESTDIR)$(ovtconfdir)/open-vbox-tools.conf'; \
	fi
.PHONY: install-ovt-conf uninstall-ovt-conf

SUBST_FILES += $(SYSTEM_UNITS) $(USER_UNITS) $(X11_USER_UNITS) \
	$(AUTOSTART_FILES) $(OVT_CONF)
EXTRA_DIST += \
	$(SYSTEM_UNITS:=.in) \
	$(USER_UNITS:=.in) \
	$(X11_USER_UNITS:=.in) \
	$(AUTOSTART_FILES:=.in) \
	$(OVT_CONF:=.in) \
	$(NULL)

# distcheck installs below its own prefix, never into the system's unit dir.
AM_DISTCHECK_CONFIGURE_FLAGS = \
	--with-systemdsystemunitdir='$${dc_install_base}/lib/systemd/system'
