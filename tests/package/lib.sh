# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shared by the installed-tree checks (tests/package/*.sh), run by `make
# installcheck-destdir` (see tests/package/local.mk).  Source it; it
# provides the configured directories (dirs.sh of the installed tree), $D
# (the DESTDIR), ok STATUS DESCRIPTION... (TAP, $n and $failed, from
# tests/common/hostsim-tap.sh),
# manifest_lines (the lines of tests/package/manifest.txt this configuration
# installs: DIR NAME BUILT) and $work, a fresh directory removed on exit.
tree=${OVT_TOP_BUILDDIR:-.}
if [ ! -r "$tree/dirs.sh" ]; then
	echo "1..0 # SKIP not an installed tree (run by make installcheck-destdir)"
	exit 0
fi
. "$tree/dirs.sh"
D=$OVT_DESTDIR
manifest=${OVT_TOP_SRCDIR:-.}/tests/package/manifest.txt
# ok, $n, $failed, and $work (removed on exit) as every TAP test has them.
. "${OVT_TOP_SRCDIR:-.}/tests/common/hostsim-tap.sh" package

manifest_lines() {
	local dir name built tag
	while read -r dir name built tag; do
		case $dir in '' | '#'*) continue ;; esac
		[ "${tag:-}" = x11 ] && [ "$OVT_WITH_X11" != yes ] && continue
		[ "$dir" = systemdsystemunitdir ] && [ "$systemdsystemunitdir" = no ] && continue
		echo "$dir $name ${built:--}"
	done <"$manifest"
}

# The installed path(s) of a manifest line: DESTDIR + directory + name.
installed() { # dir name
	local d=$1
	printf '%s\n' "$D${!d}/$2"
}
