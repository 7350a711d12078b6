#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every installed man page: clean under `mandoc -Tlint` (every level,
# style included), and its .TH line carries configure's version.
set -u
. "${OVT_TOP_SRCDIR:-.}/tests/package/lib.sh"

if ! command -v mandoc >/dev/null; then
	echo "1..0 # SKIP needs mandoc"
	exit 0
fi
while read -r dir name built; do
	case $dir in man?dir) ;; *) continue ;; esac
	page=$(installed "$dir" "$name")
	lint=$(mandoc -Tlint -Wstyle "$page" 2>&1)
	st=$?
	[ -z "$lint" ] || sed 's/^/# /' <<<"$lint"
	ok "$([ "$st" -eq 0 ] && [ -z "$lint" ]; echo $?)" "mandoc -Tlint: $name"
	ok "$(grep -q "^\.TH .*\"open-vbox-tools $OVT_VERSION\"" "$page"; echo $?)" \
		"$name: .TH names open-vbox-tools $OVT_VERSION"
done < <(manifest_lines)

echo "1..$n"
[ "$failed" -eq 0 ]
