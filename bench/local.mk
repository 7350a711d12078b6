# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/: benchmarks that measure their peers in the same run.
# `make bench` runs the full shared-folders benchmark (root, a few minutes;
# extra options in BENCH_FLAGS, e.g. BENCH_FLAGS=--quick); make check runs
# only its smoke mode.
TESTS += bench/shared-folders-smoke.sh
if WITH_X11
TESTS += bench/clipboard-smoke.sh
endif
EXTRA_DIST += \
	bench/README.md \
	bench/clipboard \
	bench/clipboard-smoke.sh \
	bench/shared-folders \
	bench/shared-folders-smoke.sh \
	bench/sf_bench_tool.c \
	$(NULL)

BENCH_FLAGS =
bench: all
	bash $(top_srcdir)/bench/shared-folders \
		--builddir '$(abs_top_builddir)' $(BENCH_FLAGS)
bench-clipboard: all
	bash $(top_srcdir)/bench/clipboard --builddir '$(abs_top_builddir)'
.PHONY: bench bench-clipboard
