# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-clipboard's conversion layer: pure functions between X11 selection
# data and the Shared Clipboard wire formats, and the X11 target table.
# No Xlib: the agent, the unit test and the fuzzer link the same library.
# Needs LIBPNG_CFLAGS/LIBPNG_LIBS from configure.ac (configure.ac.snippet).

noinst_LTLIBRARIES += services/vbox-clipboard/libclip-convert.la
services_vbox_clipboard_libclip_convert_la_SOURCES = \
	services/vbox-clipboard/clip_convert.c \
	services/vbox-clipboard/clip_convert.h \
	services/vbox-clipboard/clip_formats.h \
	$(NULL)
services_vbox_clipboard_libclip_convert_la_CFLAGS = \
	$(AM_CFLAGS) $(GLIB_CFLAGS) $(LIBPNG_CFLAGS)
services_vbox_clipboard_libclip_convert_la_LIBADD = \
	$(GLIB_LIBS) $(LIBPNG_LIBS)

# Table-driven Check tests; they build their PNGs with libpng.
check_PROGRAMS += tests/unit/test_clip_convert
TESTS += tests/unit/test_clip_convert
tests_unit_test_clip_convert_SOURCES = tests/unit/test_clip_convert.c
tests_unit_test_clip_convert_CFLAGS = \
	$(AM_CFLAGS) $(GLIB_CFLAGS) $(LIBPNG_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_clip_convert_LDADD = \
	services/vbox-clipboard/libclip-convert.la \
	$(GLIB_LIBS) $(LIBPNG_LIBS) $(CHECK_LIBS) \
	$(NULL)

# libFuzzer target on every converter (configure --enable-fuzzer, CC=clang),
# seeded from tests/fuzz/corpus-clip.
EXTRA_DIST += tests/fuzz/corpus-clip
if ENABLE_FUZZER
noinst_PROGRAMS += tests/fuzz/fuzz_clip_convert
tests_fuzz_fuzz_clip_convert_SOURCES = tests/fuzz/fuzz_clip_convert.c
tests_fuzz_fuzz_clip_convert_CFLAGS = \
	$(AM_CFLAGS) $(GLIB_CFLAGS) $(LIBPNG_CFLAGS) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
tests_fuzz_fuzz_clip_convert_LDFLAGS = -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_clip_convert_LDADD = \
	services/vbox-clipboard/libclip-convert.la \
	$(GLIB_LIBS) $(LIBPNG_LIBS) \
	$(NULL)
endif
