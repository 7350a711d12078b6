# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/: benchmarks that measure their peers in the same run.
# `make bench` runs the full shared-folders benchmark (root, a few minutes;
# extra options in BENCH_FLAGS, e.g. BENCH_FLAGS=--quick); `make bench-hgcm`
# times the simulator's HGCM round trip against a bare Unix-socket
# ping-pong (about a minute; options in BENCH_FLAGS too).  make check runs
# only their smoke modes.  `make bench-seamless` runs the seamless
# benchmark (options in SEAMLESS_BENCH_FLAGS).
TESTS += \
	bench/shared-folders-smoke.sh \
	bench/hgcm-roundtrip-smoke.sh \
	$(NULL)
if WITH_X11
TESTS += bench/clipboard-smoke.sh bench/seamless-smoke.sh
endif
EXTRA_DIST += \
	bench/README.md \
	bench/clipboard \
	bench/clipboard-smoke.sh \
	bench/seamless \
	bench/seamless-smoke.sh \
	bench/seamless_floor_tool.c \
	bench/shared-folders \
	bench/shared-folders-smoke.sh \
	bench/sf_bench_tool.c \
	bench/hgcm-roundtrip \
	bench/hgcm-roundtrip-smoke.sh \
	$(NULL)

# The HGCM round-trip tool links the installed library, as programs do;
# built for make check (its smoke test) and bench-hgcm, not by make all.
check_PROGRAMS += bench/hgcm-echo-tool
bench_hgcm_echo_tool_SOURCES = bench/hgcm_echo_tool.c
bench_hgcm_echo_tool_LDADD = libvbglr3/libvbglr3.la $(PTHREAD_LIBS)

BENCH_FLAGS =
SEAMLESS_BENCH_FLAGS =
bench: all
	bash $(top_srcdir)/bench/shared-folders \
		--builddir '$(abs_top_builddir)' $(BENCH_FLAGS)
bench-hgcm: all bench/hgcm-echo-tool$(EXEEXT)
	bash $(top_srcdir)/bench/hgcm-roundtrip \
		--builddir '$(abs_top_builddir)' $(BENCH_FLAGS)
bench-clipboard: all
	bash $(top_srcdir)/bench/clipboard --builddir '$(abs_top_builddir)'
bench-seamless: all
	bash $(top_srcdir)/bench/seamless \
		--builddir '$(abs_top_builddir)' $(SEAMLESS_BENCH_FLAGS)
.PHONY: bench bench-hgcm bench-clipboard bench-seamless

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
