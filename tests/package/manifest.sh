#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The installed tree against tests/package/manifest.txt: every listed file is
# installed (a missing install rule fails here), every installed file is
# listed (so is every new one), what the end-to-end tests run in the
# installed tree is the installed file, every program the build makes has a line,
# and no installed text file kept an unsubstituted @NAME@ placeholder.
set -u
. "${OVT_TOP_SRCDIR:-.}/tests/package/lib.sh"

patterns=()
while read -r dir name built; do
	p=$(installed "$dir" "$name")
	patterns+=("$p")
	# shellcheck disable=SC2086 # the name may be a pattern
	found=$(compgen -G "$p" | head -n 1)
	ok "$([ -n "$found" ] && [ -s "$found" ]; echo $?)" "installed: ${!dir}/$name"
	# What the end-to-end tests run in the installed tree is this file.
	if [ "$built" != - ]; then
		ok "$([ "$(readlink -f "$tree/$built")" = "$(readlink -f "$p")" ]; echo $?)" \
			"the tests' $built is the installed ${!dir}/$name"
	fi
done < <(manifest_lines)

unlisted=()
while IFS= read -r f; do
	hit=1
	for p in "${patterns[@]}"; do
		# shellcheck disable=SC2053 # a pattern match is meant
		[[ $f == $p ]] && { hit=0; break; }
	done
	[ "$hit" -eq 0 ] || unlisted+=("${f#"$D"}")
done < <(find "$D" \( -type f -o -type l \) | sort)
[ "${#unlisted[@]}" -eq 0 ] || printf '# not in tests/package/manifest.txt: %s\n' "${unlisted[@]}"
ok "${#unlisted[@]}" "every installed file is in tests/package/manifest.txt"

for prog in $OVT_PROGRAMS; do
	line=$(manifest_lines | awk -v b="$prog" '$3 == b && ($1 == "bindir" || $1 == "sbindir")')
	ok "$([ -n "$line" ]; echo $?)" "built program $prog has a bindir/sbindir line"
done

bad=$(grep -rlIE '@(PACKAGE_[A-Z_]+|MAN_DATE|[a-z]+dir)@' "$D")
[ -z "$bad" ] || printf '# placeholder left in %s\n' $bad
ok "$([ -z "$bad" ]; echo $?)" "no @NAME@ placeholder left in an installed file"

echo "1..$n"
[ "$failed" -eq 0 ]
