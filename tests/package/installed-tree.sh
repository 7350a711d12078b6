#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# installed-tree.sh BUILDDIR MANIFEST OUT: make OUT a copy of BUILDDIR made
# of symbolic links, in which each built file that MANIFEST lists with a
# BUILT path points at its installed copy below $OVT_DESTDIR instead, and
# write OUT/dirs.sh, the configured directories (from the environment, see
# tests/package/local.mk) for the tests to source.
set -eu
build=$1 manifest=$2 out=$3
vars="OVT_DESTDIR OVT_VERSION OVT_WITH_X11 OVT_PROGRAMS bindir sbindir libdir
	includedir pkgconfigdir mandir man1dir man3dir man8dir sysconfdir runstatedir
	systemdsystemunitdir systemduserunitdir autostartdir udevrulesdir"

case $build:$out in
/*:/*) ;;
*) echo "installed-tree.sh: absolute paths wanted" >&2; exit 1 ;;
esac
[ -d "$OVT_DESTDIR" ] || { echo "installed-tree.sh: no $OVT_DESTDIR (make install DESTDIR=... first)" >&2; exit 1; }
rm -rf --one-file-system "$out"
mkdir -p "$out"
for e in "$build"/* "$build"/.[!.]*; do
	[ -e "$e" ] || [ -L "$e" ] || continue
	[ "$e" = "$out" ] && continue
	cp -as "$e" "$out/"
done
for v in $vars; do
	printf "%s='%s'\n" "$v" "${!v}"
done >"$out/dirs.sh"

n=0
while read -r dir name built tag; do
	case $dir in '' | '#'*) continue ;; esac
	[ "${built:--}" = - ] && continue
	[ "${tag:-}" = x11 ] && [ "$OVT_WITH_X11" != yes ] && continue
	[ "$dir" = systemdsystemunitdir ] && [ "$systemdsystemunitdir" = no ] && continue
	rm -f "$out/$built"
	mkdir -p "$(dirname "$out/$built")"
	ln -s "$OVT_DESTDIR${!dir}/$name" "$out/$built"
	n=$((n + 1))
done <"$manifest"
echo "installed-tree.sh: $out: $n files from $OVT_DESTDIR"
