# SPDX-License-Identifier: GPL-2.0-or-later
#
# libFuzzer targets (configure --enable-fuzzer, CC=clang); scripts/test runs
# each for a bounded time over its seed corpus.
FUZZER_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
FUZZER_LINK_FLAGS = -fsanitize=fuzzer,address,undefined

EXTRA_DIST += tests/fuzz/corpus tests/fuzz/corpus-clip tests/fuzz/corpus-config
if ENABLE_FUZZER
# The driver's ioctl entry, over the emulated VMMDev.
noinst_PROGRAMS += tests/fuzz/fuzz_ioctl
tests_fuzz_fuzz_ioctl_SOURCES = tests/fuzz/fuzz_ioctl.c
tests_fuzz_fuzz_ioctl_CFLAGS = $(FUZZER_CFLAGS) $(GLIB_CFLAGS) $(PTHREAD_CFLAGS)
tests_fuzz_fuzz_ioctl_LDFLAGS = $(FUZZER_LINK_FLAGS)
tests_fuzz_fuzz_ioctl_LDADD = \
	hostsim/libhostsim-emu.la \
	kshim/libvbgcore.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)

# The configuration reader and its line scans, seeded from
# tests/fuzz/corpus-config.
noinst_PROGRAMS += tests/fuzz/fuzz_config
tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz_config.c
tests_fuzz_fuzz_config_CFLAGS = $(FUZZER_CFLAGS) $(GLIB_CFLAGS) $(PTHREAD_CFLAGS)
tests_fuzz_fuzz_config_LDFLAGS = $(FUZZER_LINK_FLAGS)
tests_fuzz_fuzz_config_LDADD = \
	services/common/libovt-common.la \
	libvbglr3/libvbglr3-core.la \
	$(GLIB_LIBS) $(PTHREAD_LIBS) \
	$(NULL)

# Every clipboard converter, seeded from tests/fuzz/corpus-clip.
if WITH_X11
noinst_PROGRAMS += tests/fuzz/fuzz_clip_convert
tests_fuzz_fuzz_clip_convert_SOURCES = tests/fuzz/fuzz_clip_convert.c
tests_fuzz_fuzz_clip_convert_CFLAGS = $(FUZZER_CFLAGS) $(GLIB_CFLAGS) $(LIBPNG_CFLAGS)
tests_fuzz_fuzz_clip_convert_LDFLAGS = $(FUZZER_LINK_FLAGS)
tests_fuzz_fuzz_clip_convert_LDADD = \
	services/vbox-clipboard/libclip-convert.la \
	$(GLIB_LIBS) $(LIBPNG_LIBS) \
	$(NULL)
endif
endif
