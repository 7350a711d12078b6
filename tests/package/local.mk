# SPDX-License-Identifier: GPL-2.0-or-later
#
# Checks of the installed tree, for `scripts/test`'s package suite (not part
# of `make check`: they need an installation).  After
#
#   make install DESTDIR=/some/dir
#   make installcheck-destdir DESTDIR=/some/dir
#
# runs PACKAGE_TESTS (the manifest, every program's --help, --version and
# man page, mandoc -Tlint, systemd-analyze verify and security) and
# INSTALLED_E2E_TESTS, end-to-end tests run against the installed programs,
# library, units and data files: tests/package/installed-tree.sh builds
# installed-tree/, a copy of the build tree (test programs built first)
# made of symbolic links in which
# every file tests/package/manifest.txt lists points at its installed copy, and
# AM_TESTS_ENVIRONMENT (tests/local.mk) makes it the tests' top build
# directory and puts the installed libdir first on LD_LIBRARY_PATH.
PACKAGE_TESTS = \
	tests/package/manifest.sh \
	tests/package/programs.sh \
	tests/package/manpages.sh \
	tests/package/units.sh \
	$(NULL)
INSTALLED_E2E_TESTS = \
	tests/integration/vboxctl_cli.sh \
	tests/integration/vboxctl_info.sh \
	tests/integration/vbox_balloon.sh \
	tests/integration/vbox_automount.sh \
	tests/integration/vboxsf_fuse_host.sh \
	tests/integration/vbox_guestinfo.sh \
	$(NULL)
if WITH_X11
INSTALLED_E2E_TESTS += tests/integration/vbox_display.sh
PACKAGE_WITH_X11 = yes
else
PACKAGE_WITH_X11 = no
endif
EXTRA_DIST += \
	$(PACKAGE_TESTS) \
	tests/package/lib.sh \
	tests/package/manifest.txt \
	tests/package/installed-tree.sh \
	$(NULL)

installcheck-destdir:
	@case '$(DESTDIR)' in /?*) ;; *) \
		echo 'usage: make $@ DESTDIR=/ABSOLUTE/DIR (after make install DESTDIR=...)' >&2; \
		exit 1;; esac
	$(MAKE) $(AM_MAKEFLAGS) DESTDIR= $(check_PROGRAMS)
	$(AM_V_GEN)OVT_DESTDIR='$(DESTDIR)' \
	OVT_VERSION='$(PACKAGE_VERSION)' \
	OVT_WITH_X11='$(PACKAGE_WITH_X11)' \
	OVT_PROGRAMS='$(bin_PROGRAMS) $(sbin_PROGRAMS)' \
	bindir='$(bindir)' sbindir='$(sbindir)' libdir='$(libdir)' \
	includedir='$(includedir)' pkgconfigdir='$(pkgconfigdir)' \
	mandir='$(mandir)' man1dir='$(man1dir)' man3dir='$(man3dir)' \
	man8dir='$(man8dir)' sysconfdir='$(sysconfdir)' \
	runstatedir='$(runstatedir)' \
	systemdsystemunitdir='$(systemdsystemunitdir)' \
	systemduserunitdir='$(systemduserunitdir)' \
	autostartdir='$(sysconfdir)/xdg/autostart' \
	udevrulesdir='$(udevrulesdir)' \
	$(SHELL) $(srcdir)/tests/package/installed-tree.sh \
		'$(abs_top_builddir)' '$(abs_top_srcdir)/tests/package/manifest.txt' \
		'$(abs_top_builddir)/installed-tree'
	$(MAKE) $(AM_MAKEFLAGS) check DESTDIR= OVT_INSTALLED_TREE=yes \
		TESTS='$(PACKAGE_TESTS) $(INSTALLED_E2E_TESTS)'
.PHONY: installcheck-destdir

# scripts/test compares this list with the results it finds.
list-installcheck-tests:
	@for t in $(PACKAGE_TESTS) $(INSTALLED_E2E_TESTS); do echo "$$t"; done
.PHONY: list-installcheck-tests

clean-local: clean-installed-tree
clean-installed-tree:
	-rm -rf --one-file-system installed-tree
.PHONY: clean-installed-tree
