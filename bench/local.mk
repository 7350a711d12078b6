# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/: benchmarks that measure their peers in the same run.
# `make bench` runs the full shared-folders benchmark (root, a few minutes;
# extra options in BENCH_FLAGS, e.g. BENCH_FLAGS=--quick); make check runs
# only its smoke mode.
TESTS += bench/shared-folders-smoke.sh
EXTRA_DIST += \
	bench/README.md \
	bench/shared-folders \
	bench/shared-folders-smoke.sh \
	bench/sf_bench_tool.c \
	$(NULL)

BENCH_FLAGS =
bench: all
	bash $(top_srcdir)/bench/shared-folders \
		--builddir '$(abs_top_builddir)' $(BENCH_FLAGS)
.PHONY: bench

# bench/display: vbox-display against the xrandr command line on the same
# Xorg dummy server (root, about a minute); display-wait is its measuring
# client, which tests/integration/vbox_display.sh uses too.
if WITH_X11
check_PROGRAMS += bench/display-wait
bench_display_wait_SOURCES = bench/display_wait.c
bench_display_wait_CFLAGS = $(AM_CFLAGS) $(X11_CFLAGS)
bench_display_wait_LDADD = $(X11_LIBS)
bench-display: all bench/display-wait
	bash $(top_srcdir)/bench/display --builddir '$(abs_top_builddir)' \
		$(BENCH_FLAGS)
endif
.PHONY: bench-display
EXTRA_DIST += bench/display
