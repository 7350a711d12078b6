# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/: benchmarks that measure their peers in the same run.
# `make bench` runs the full shared-folders benchmark (root, a few minutes;
# extra options in BENCH_FLAGS, e.g. BENCH_FLAGS=--quick); `make bench-hgcm`
# times the simulator's HGCM round trip against a bare Unix-socket
# ping-pong (about a minute; options in BENCH_FLAGS too).  make check runs
# only their smoke modes.
TESTS += \
	bench/shared-folders-smoke.sh \
	bench/hgcm-roundtrip-smoke.sh \
	$(NULL)
EXTRA_DIST += \
	bench/README.md \
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
bench: all
	bash $(top_srcdir)/bench/shared-folders \
		--builddir '$(abs_top_builddir)' $(BENCH_FLAGS)
bench-hgcm: all bench/hgcm-echo-tool$(EXEEXT)
	bash $(top_srcdir)/bench/hgcm-roundtrip \
		--builddir '$(abs_top_builddir)' $(BENCH_FLAGS)
.PHONY: bench bench-hgcm
