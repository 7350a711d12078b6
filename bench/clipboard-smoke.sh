#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Smoke test of bench/clipboard (TAP): a --quick run (1 KiB and 1 MiB,
# a few seconds) must measure every figure; the script itself checks that
# each paste arrived byte-identical.  No timing is asserted.
top_src=${OVT_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
top_build=${OVT_TOP_BUILDDIR:-$top_src}
for p in Xvfb xclip python3; do
	command -v "$p" >/dev/null || { echo "1..0 # SKIP needs $p"; exit 0; }
done
[ -x "$top_build/services/vbox-clipboard/vbox-clipboard" ] ||
	{ echo "1..0 # SKIP vbox-clipboard not built"; exit 0; }
echo "1..1"
out=$(bash "$top_src/bench/clipboard" --quick --builddir "$top_build" 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
if [ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c '^1[KM] .* [0-9.][0-9.]*$')" -eq 2 ]; then
	echo "ok 1 - bench/clipboard --quick measures every figure"
else
	echo "not ok 1 - bench/clipboard --quick measures every figure"
fi
