#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# libvbglr3.so must export exactly the names in libvbglr3.map, and every
# function vbglr3.h declares must be in the map.  TAP output.
set -u

top_src=${OVT_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
top_build=${OVT_TOP_BUILDDIR:-$top_src}
so=$top_build/libvbglr3/.libs/libvbglr3.so
map=$top_src/libvbglr3/libvbglr3.map
# The public headers: vbglr3.h and the service clients' vbglr3_*.h.
headers="$top_src/libvbglr3/vbglr3.h $(ls "$top_src"/libvbglr3/vbglr3_*.h 2>/dev/null)"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf --one-file-system "$tmp"' EXIT

echo "1..4"

if [ -f "$so" ] && command -v nm >/dev/null 2>&1; then
	echo "ok 1 - $so exists"
else
	echo "not ok 1 - $so or nm missing"
	exit 0
fi

# Defined dynamic symbols, without the version node itself (type A).
nm -D --defined-only "$so" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
	sort -u >"$tmp/exported"
# The names in the map's global: section.
sed -n '/global:/,/local:/p' "$map" | sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' |
	sort -u >"$tmp/mapped"
# Functions the header declares: vbgl_ names followed by "(" outside comments.
# shellcheck disable=SC2086
cat $headers | grep -vE '^[[:space:]]*(/\*|\*)' | grep -oE '\bvbgl_[a-z0-9_]+\(' |
	tr -d '(' | sort -u >"$tmp/declared"

if [ -s "$tmp/mapped" ] && diff -u "$tmp/mapped" "$tmp/exported" >"$tmp/d1"; then
	echo "ok 2 - exported symbols equal the map ($(wc -l <"$tmp/mapped") names)"
else
	echo "not ok 2 - exported symbols differ from the map"
	sed 's/^/# /' "$tmp/d1"
fi

missing=$(comm -23 "$tmp/declared" "$tmp/mapped")
if [ -s "$tmp/declared" ] && [ -z "$missing" ]; then
	echo "ok 3 - every function the public headers declare is in the map"
else
	echo "not ok 3 - declared in a public header but not in the map:"
	echo "$missing" | sed 's/^/# /'
fi

extra=$(comm -13 "$tmp/declared" "$tmp/mapped")
if [ -z "$extra" ]; then
	echo "ok 4 - every name in the map is declared in a public header"
else
	echo "not ok 4 - in the map but not declared in a public header:"
	echo "$extra" | sed 's/^/# /'
fi
