#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The smoke run of bench/seamless that make check runs (TAP): 5 moves, the
# figures printed as comments, nothing asserted about them.
set -u
src=${OVT_TOP_SRCDIR:-.}
echo "1..1"
out=$(bash "$src/bench/seamless" --quick 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
if [ $rc -eq 0 ] && { grep -q 'skipped' <<<"$out" ||
	grep -q 'vbox-seamless -> host region, ms' <<<"$out"; }; then
	echo "ok 1 - bench/seamless --quick runs and prints its figures"
else
	echo "not ok 1 - bench/seamless --quick runs and prints its figures (exit $rc)"
fi
