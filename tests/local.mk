# SPDX-License-Identifier: GPL-2.0-or-later
#
# End-to-end tests: the real programs against the real vbox-hostsim.
AM_TESTS_ENVIRONMENT = \
	export OVT_TOP_SRCDIR='$(abs_top_srcdir)'; \
	export OVT_TOP_BUILDDIR='$(abs_top_builddir)'; \
	export OVT_VERSION='$(PACKAGE_VERSION)'; \
	export CK_DEFAULT_TIMEOUT=120; \
	$(NULL)

E2E_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
E2E_LIBS = \
	tests/integration/libhostsim-fixture.la \
	libvbglr3/libvbglr3-core.la \
	$(GLIB_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS) \
	$(NULL)

noinst_LTLIBRARIES += tests/integration/libhostsim-fixture.la
tests_integration_libhostsim_fixture_la_SOURCES = \
	tests/integration/hostsim_fixture.c \
	tests/integration/hostsim_fixture.h \
	$(NULL)
tests_integration_libhostsim_fixture_la_CFLAGS = $(E2E_CFLAGS)

check_PROGRAMS += \
	tests/integration/test_events \
	tests/integration/test_hgcm \
	tests/integration/test_ioctl_validation \
	$(NULL)
TESTS += \
	tests/integration/test_events \
	tests/integration/test_hgcm \
	tests/integration/test_ioctl_validation \
	$(NULL)

tests_integration_test_events_SOURCES = tests/integration/test_events.c
tests_integration_test_events_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_events_LDADD = $(E2E_LIBS)

tests_integration_test_hgcm_SOURCES = tests/integration/test_hgcm.c
tests_integration_test_hgcm_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_hgcm_LDADD = $(E2E_LIBS)

tests_integration_test_ioctl_validation_SOURCES = \
	tests/integration/test_ioctl_validation.c
tests_integration_test_ioctl_validation_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_ioctl_validation_LDADD = $(E2E_LIBS)

# libFuzzer target on the driver's ioctl entry (configure --enable-fuzzer,
# CC=clang); scripts/test runs it for a bounded time.
EXTRA_DIST += tests/fuzz/corpus
if ENABLE_FUZZER
noinst_PROGRAMS += tests/fuzz/fuzz_ioctl
tests_fuzz_fuzz_ioctl_SOURCES = tests/fuzz/fuzz_ioctl.c
tests_fuzz_fuzz_ioctl_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/hostsim/kshim/include
tests_fuzz_fuzz_ioctl_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(PTHREAD_CFLAGS) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
tests_fuzz_fuzz_ioctl_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_ioctl_LDADD = \
	tests/hostsim/libhostsim-emu.la \
	libvbgcore.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)
endif

TESTS += tests/integration/vboxctl_info.sh
EXTRA_DIST += tests/integration/vboxctl_info.sh

# Kernel-module tests: run by scripts/test (they need root and apt), not by
# make check.
EXTRA_DIST += \
	tests/driver/common.sh \
	tests/driver/build-module.sh \
	tests/driver/qemu-load.sh \
	tests/driver/dkms-build.sh \
	$(NULL)

check_PROGRAMS += tests/integration/test_vmmdev_requests
TESTS += tests/integration/test_vmmdev_requests
tests_integration_test_vmmdev_requests_SOURCES = \
	tests/integration/test_vmmdev_requests.c
tests_integration_test_vmmdev_requests_CFLAGS = $(E2E_CFLAGS)
tests_integration_test_vmmdev_requests_LDADD = $(E2E_LIBS)

# The tests' own tree remover (never follows links, never crosses mounts).
check_PROGRAMS += tests/unit/test_rmtree
TESTS += tests/unit/test_rmtree
tests_unit_test_rmtree_SOURCES = \
	tests/unit/test_rmtree.c \
	tests/common/ovt_rmtree.c \
	tests/common/ovt_rmtree.h \
	$(NULL)
tests_unit_test_rmtree_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_rmtree_LDADD = $(GLIB_LIBS) $(CHECK_LIBS)
