#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# checkpatch.sh: the kernel's own checkpatch.pl over every file of driver/
# (--no-tree -f, as for a file outside the kernel tree).  Any error fails,
# and so does any warning that tests/driver/checkpatch-allowed.txt does not
# list (file and message, without the line number): the driver stays
# exactly as clean as it is.  checkpatch.pl ships only inside Debian's
# linux-source-6.1 tarball; its three files are extracted once into the
# cache directory.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

allowed=$OVT_TOP/tests/driver/checkpatch-allowed.txt
cpdir=$OVT_CACHE/checkpatch
script=$cpdir/scripts/checkpatch.pl

if [ ! -f "$script" ]; then
	ovt_have_packages linux-source-6.1 ||
		apt-get install -y -q --no-install-recommends linux-source-6.1 >/dev/null ||
		ovt_fail "cannot install linux-source-6.1 (for checkpatch.pl)"
	tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || ovt_fail "linux-source-6.1 installed no tarball"
	mkdir -p "$cpdir" || ovt_fail "cannot create $cpdir"
	ovt_say "extracting checkpatch.pl from $tarball"
	tar -xf "$tarball" -C "$cpdir" --strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch' ||
		ovt_fail "cannot extract checkpatch.pl"
fi

cd "$OVT_TOP" || ovt_fail "no source tree"
[ -r "$allowed" ] || ovt_fail "$allowed is missing"
files=(driver/*.c driver/*.h)
report=$(mktemp) || ovt_fail "mktemp"
trap 'rm -f "$report"' EXIT
errors=0
for f in "${files[@]}"; do
	perl "$script" --no-tree -f -q --terse --show-types "$f" >>"$report" 2>&1
done
errors=$(grep -c ': ERROR:' "$report")
# "FILE:LINE: WARNING:TYPE: text" -> "FILE: WARNING:TYPE: text"
unexpected=$(grep -E ': (WARNING|CHECK):' "$report" |
	sed -E 's/^([^:]+):[0-9]+: /\1: /' | grep -vxF -f <(grep -v '^#' "$allowed"))
warnings=$(grep -cE ': WARNING:' "$report")
ovt_say "${#files[@]} files: $errors errors, $warnings warnings"
if [ "$errors" -gt 0 ] || [ -n "$unexpected" ]; then
	grep -E ': (ERROR|WARNING|CHECK):' "$report" | head -n 40
	ovt_fail "checkpatch.pl: $errors errors; warnings not in checkpatch-allowed.txt: $(printf '%s\n' "$unexpected" | grep -c .)"
fi
ovt_pass "checkpatch.pl on ${#files[@]} driver files: 0 errors, $warnings known warnings"
