# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/: benchmarks that measure their peers in the same run.
# `make bench` runs the full shared-folders benchmark (root, a few minutes;
# extra options in BENCH_FLAGS, e.g. BENCH_FLAGS=--quick); make check runs
# only its smoke mode.
# `make bench-seamless` runs the seamless benchmark (options in
# SEAMLESS_BENCH_FLAGS); `make bench` runs both.
TESTS += bench/shared-folders-smoke.sh
if WITH_X11
TESTS += bench/seamless-smoke.sh
endif
EXTRA_DIST += \
	bench/README.md \
	bench/seamless \
	bench/seamless-smoke.sh \
	bench/seamless_floor_tool.c \
	bench/shared-folders \
	bench/shared-folders-smoke.sh \
	bench/sf_bench_tool.c \
	$(NULL)

BENCH_FLAGS =
SEAMLESS_BENCH_FLAGS =
bench: all
	bash $(top_srcdir)/bench/shared-folders \
		--builddir '$(abs_top_builddir)' $(BENCH_FLAGS)
if WITH_X11
	bash $(top_srcdir)/bench/seamless \
		--builddir '$(abs_top_builddir)' $(SEAMLESS_BENCH_FLAGS)
endif
bench-seamless: all
	bash $(top_srcdir)/bench/seamless \
		--builddir '$(abs_top_builddir)' $(SEAMLESS_BENCH_FLAGS)
.PHONY: bench bench-seamless
