# SPDX-License-Identifier: GPL-2.0-or-later
#
# Data files installed with the suite.

# udev rules giving the vboxguest device nodes their owner and mode (the
# bundled driver sets the same modes itself; the rules also cover mainline).
# The default suits prefix=/usr; override with `make install udevrulesdir=...`.
udevrulesdir = $(prefix)/lib/udev/rules.d
dist_udevrules_DATA = data/60-vboxguest.rules
