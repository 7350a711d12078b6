#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Smoke test of bench/hgcm-roundtrip (TAP): a tiny run must start and stop
# its simulator, time both round trips in every round and print the
# summary.  No timing is asserted.

top_src=${OVT_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
top_build=${OVT_TOP_BUILDDIR:-$top_src}

if [ ! -x "$top_build/bench/hgcm-echo-tool" ] ||
	[ ! -x "$top_build/hostsim/vbox-hostsim" ]; then
	echo "1..0 # SKIP programs not built"
	exit 0
fi

out=$(mktemp "${TMPDIR:-/tmp}/hgcm-roundtrip-smoke.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT

n=0
check() { # description command...
	_d=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $_d"; else echo "not ok $n - $_d"; fi
}

bash "$top_src/bench/hgcm-roundtrip" --builddir "$top_build" \
	--count 200 --rounds 2 >"$out" 2>&1
rc=$?
sed 's/^/# /' "$out"
check "a tiny run succeeds" test "$rc" = 0
check "both round trips are timed in both rounds, in both placements" \
	test "$(grep -c '^round [12], \(spread\|one CPU ([0-9]*)\): hgcm median [0-9.]* us .*pingpong median [0-9.]* us .*ratio [0-9.]*$' "$out")" = 4
check "it prints the ratio of each placement" \
	test "$(grep -c '^\(spread\|one CPU ([0-9]*)\): ratio hgcm/pingpong: [0-9.]* ' "$out")" = 2
pids=$(sed -n 's/^# vbox-hostsim pid \([0-9]*\) in \(.*\) (.*)$/\1/p' "$out")
dir=$(sed -n 's/^# vbox-hostsim pid \([0-9]*\) in \(.*\) (.*)$/\2/p' "$out" | head -n 1)
check "it started one simulator per placement" test "$(echo $pids | wc -w)" = 2
k=0
for pid in $pids; do
	k=$((k + 1))
	check "simulator $k of 2 is stopped" sh -c "! kill -0 '$pid' 2>/dev/null"
done
check "its work directory is gone" sh -c "[ -n '$dir' ] && [ ! -e '$dir' ]"
bash "$top_src/bench/hgcm-roundtrip" --builddir "$top_build" \
	--placement sideways >"$out" 2>&1
rc=$?
check "a bad --placement is refused with a reason" \
	sh -c "[ $rc = 1 ] && grep -q 'not spread, one or both' '$out'"
echo "1..$n"
