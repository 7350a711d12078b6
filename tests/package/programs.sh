#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every installed program (bindir, sbindir of tests/package/manifest.txt): a
# man page installed with it, --help (status 0, a usage text on stdout)
# and --version (status 0, "NAME VERSION" with configure's version), and
# the installed libvbglr3 is the one it loads.
set -u
. "${OVT_TOP_SRCDIR:-.}/tests/package/lib.sh"

while read -r dir name built; do
	case $dir in bindir | sbindir) ;; *) continue ;; esac
	bin=$(installed "$dir" "$name")
	page=$(manifest_lines | awk -v n="$name" '$1 ~ /^man[18]dir$/ && $2 ~ "^" n "\\.[18]$" { print $1 " " $2 }')
	if [ -n "$page" ]; then
		# shellcheck disable=SC2086
		p=$(installed $page)
		ok "$([ -s "$p" ]; echo $?)" "$name: man page ${p#"$D"}"
	else
		ok 1 "$name: man page (none in tests/package/manifest.txt)"
	fi
	out=$(timeout 10 "$bin" --help </dev/null 2>"$work/err")
	st=$?
	ok "$([ "$st" -eq 0 ] && grep -qi 'usage' <<<"$out"; echo $?)" "$name --help: status $st, usage on stdout"
	out=$(timeout 10 "$bin" --version </dev/null 2>"$work/err")
	st=$?
	first=$(head -n 1 <<<"$out")
	ok "$([ "$st" -eq 0 ] && [[ $first == "$name $OVT_VERSION" || $first == "$name $OVT_VERSION "* ]]; echo $?)" \
		"$name --version: status $st, '$first' (want '$name $OVT_VERSION')"
	if ldd "$bin" 2>/dev/null | grep -q 'libvbglr3\.so'; then
		lib=$(ldd "$bin" | awk '$1 ~ /^libvbglr3\.so/ { print $3 }')
		ok "$([[ $lib == "$D$libdir/"* ]]; echo $?)" "$name loads the installed libvbglr3 ($lib)"
	fi
done < <(manifest_lines)

echo "1..$n"
[ "$failed" -eq 0 ]
