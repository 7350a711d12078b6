# SPDX-License-Identifier: GPL-2.0-or-later
#
# Tests.  Every test is declared next to its siblings, in the local.mk of
# its directory (tests/unit, tests/integration, tests/fuzz), by one stanza:
#
#   check_PROGRAMS += tests/DIR/test_NAME
#   TESTS += tests/DIR/test_NAME
#   tests_DIR_test_NAME_SOURCES = tests/DIR/test_NAME.c
#   tests_DIR_test_NAME_CFLAGS = $(<GROUP>_CFLAGS)
#   tests_DIR_test_NAME_LDADD = <the production libraries it tests> $(<GROUP>_LIBS)
#
# where GROUP is one of the flag sets below.  Shell tests (*.sh) speak TAP
# and need only the TESTS and EXTRA_DIST lines.
AM_TESTS_ENVIRONMENT = \
	export OVT_TOP_SRCDIR='$(abs_top_srcdir)'; \
	export OVT_TOP_BUILDDIR='$(abs_top_builddir)'; \
	export OVT_VERSION='$(PACKAGE_VERSION)'; \
	export CK_DEFAULT_TIMEOUT=120; \
	$(INSTALLED_TREE_ENVIRONMENT) \
	$(NULL)
# Under `make installcheck-destdir` (tests/package/local.mk), the tests see
# installed-tree/, the build tree with the installed files in place of the
# built ones, and load the installed library.
if_installed_tree = test '$(OVT_INSTALLED_TREE)' != yes ||
INSTALLED_TREE_ENVIRONMENT = \
	$(if_installed_tree) { \
		. '$(abs_top_builddir)/installed-tree/dirs.sh' && \
		export OVT_TOP_BUILDDIR='$(abs_top_builddir)/installed-tree' && \
		export LD_LIBRARY_PATH="$$OVT_DESTDIR$$libdir$${LD_LIBRARY_PATH:+:$$LD_LIBRARY_PATH}"; \
	} || exit 1; \
	$(NULL)

# Userspace unit tests (Check).
UNIT_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
UNIT_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
UNIT_LIBS = \
	tests/common/libovt-testutil.la \
	$(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS) \
	$(NULL)

# Kernel-world unit tests: they see the shim's headers first, like the core.
KCORE_TEST_CPPFLAGS = $(KCORE_CPPFLAGS)
KCORE_TEST_CFLAGS = $(KCORE_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
KCORE_TEST_LIBS = kshim/libvbgcore.la $(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS)

# End-to-end tests: the real programs against a real vbox-hostsim started
# by the fixture (tests/integration/hostsim_fixture.c).
E2E_CPPFLAGS = $(OVT_COMMON_CPPFLAGS)
E2E_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
E2E_LIBS = \
	tests/integration/libhostsim-fixture.la \
	libvbglr3/libvbglr3-core.la \
	tests/common/libovt-testutil.la \
	$(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS) \
	$(NULL)

# Helpers every kind of test may use: the tree remover that never follows
# links or crosses mounts (tests run as root), a wait with a deadline, and
# the TAP preamble of the shell tests.
noinst_LTLIBRARIES += tests/common/libovt-testutil.la
tests_common_libovt_testutil_la_SOURCES = \
	tests/common/ovt_rmtree.c \
	tests/common/ovt_rmtree.h \
	tests/common/ovt_wait.c \
	tests/common/ovt_wait.h \
	$(NULL)
tests_common_libovt_testutil_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
EXTRA_DIST += tests/common/hostsim-tap.sh

include $(srcdir)/tests/unit/local.mk
include $(srcdir)/tests/integration/local.mk
include $(srcdir)/tests/fuzz/local.mk
include $(srcdir)/tests/package/local.mk

# Kernel-module tests: run by scripts/test (they need root and apt), not by
# make check.
EXTRA_DIST += \
	tests/driver/common.sh \
	tests/driver/build-module.sh \
	tests/driver/qemu-load.sh \
	tests/driver/dkms-build.sh \
	tests/driver/checkpatch.sh \
	tests/driver/checkpatch-allowed.txt \
	$(NULL)

# scripts/test compares this list with the results it finds, so a test that
# never ran (a build failure under `make check`) counts as failed.
list-tests:
	@for t in $(TESTS); do echo "$$t"; done
.PHONY: list-tests
