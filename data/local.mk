# SPDX-License-Identifier: GPL-2.0-or-later
#
# Data files installed with the suite.

# udev rules giving the vboxguest device nodes their owner and mode (the
# bundled driver sets the same modes itself; the rules also cover mainline).
# The default suits prefix=/usr; override with `make install udevrulesdir=...`.
udevrulesdir = $(prefix)/lib/udev/rules.d
dist_udevrules_DATA = data/60-vboxguest.rules

# systemd unit of vbox-balloon, with the configured sbindir filled in.
if INSTALL_SYSTEMD_UNITS
systemdsystemunit_DATA = data/vbox-balloon.service
endif
data/vbox-balloon.service: $(srcdir)/data/vbox-balloon.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) data && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' \
		$(srcdir)/data/vbox-balloon.service.in >$@.tmp && \
	mv $@.tmp $@
CLEANFILES += data/vbox-balloon.service
EXTRA_DIST += data/vbox-balloon.service.in
# distcheck installs below its own prefix, never into the system's unit dir.
AM_DISTCHECK_CONFIGURE_FLAGS = \
	--with-systemdsystemunitdir='$${dc_install_base}/lib/systemd/system'

# vbox-automount: the system service, and the per-user agent as a systemd
# user unit (installed below the prefix; `systemctl --global enable` turns
# it on for every user).
if INSTALL_SYSTEMD_UNITS
systemdsystemunit_DATA += data/vbox-automount.service
endif
systemduserunitdir = $(prefix)/lib/systemd/user
systemduserunit_DATA = data/vbox-automount-user.service
data/vbox-automount.service: $(srcdir)/data/vbox-automount.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) data && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' \
		$(srcdir)/data/vbox-automount.service.in >$@.tmp && \
	mv $@.tmp $@
data/vbox-automount-user.service: $(srcdir)/data/vbox-automount-user.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) data && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' \
		$(srcdir)/data/vbox-automount-user.service.in >$@.tmp && \
	mv $@.tmp $@
CLEANFILES += data/vbox-automount.service data/vbox-automount-user.service
EXTRA_DIST += \
	data/vbox-automount.service.in \
	data/vbox-automount-user.service.in \
	data/vbox-automount.conf \
	$(NULL)
