#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# build-module.sh [OUTDIR]
#
# Builds driver/ as an out-of-tree module against the Debian 6.1 kernel
# headers with W=1 (which includes kernel-doc on every .c file), then runs
# sparse over every file (C=2) and kernel-doc over the headers.  Any line
# of compiler, sparse, kernel-doc or modpost output that is not kbuild's
# own progress report fails the test, and so does a module whose metadata
# is wrong.
# The source tree is not touched: the build runs in a copy.
#
# On success OUTDIR (default $OVT_MODULE_DIR, else /tmp/ovt-module) holds
# vboxguest.ko and "kver", the kernel release it was built for, which is
# what qemu-load.sh boots.  Set OVT_KVER to pick another installed 6.1
# kernel.

set -u
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

out=${1:-${OVT_MODULE_DIR:-${TMPDIR:-/tmp}/ovt-module}}
work=$(mktemp -d "${TMPDIR:-/tmp}/ovt-build.XXXXXX") ||
	ovt_fail "cannot create a work directory"
trap 'rm -rf --one-file-system "$work"' EXIT

# kbuild's progress lines, and the one note a headers-only tree prints.
kbuild_noise='^make(\[[0-9]+\])?: (Entering|Leaving) directory '
kbuild_noise+='|^  (CC|LD|AR|MODPOST|CHECK|BTF|OBJTOOL)( \[M\])? +[^ ]+$'
kbuild_noise+='|^Skipping BTF generation for [^ ]+ due to unavailability of vmlinux$'

# run_kbuild LABEL [VAR=VALUE...]: one kbuild pass; FAIL on a non-zero exit
# or on any line that is not progress.
run_kbuild() {
	local label=$1 log="$work/$1.log"
	shift
	make -k -C "$kdir" M="$src" W=1 "$@" modules >"$log" 2>&1
	local rc=$?
	if grep -v -E "$kbuild_noise" "$log" >"$work/$label.unexpected"; then
		echo "--- $label: unexpected output ---"
		sed "s|$src/|driver/|g" "$work/$label.unexpected"
		ovt_fail "$label reported $(wc -l <"$work/$label.unexpected") line(s) of warnings or errors"
	fi
	[ "$rc" = 0 ] || { cat "$log"; ovt_fail "$label exited with status $rc"; }
}

# check_modinfo FIELD EXPECTED-REGEX
check_modinfo() {
	local value
	value=$(modinfo -F "$1" "$src/vboxguest.ko" 2>&1)
	grep -q -E "$2" <<<"$value" ||
		ovt_fail "modinfo $1 is '$value', expected /$2/"
}

ovt_apt_install make kmod sparse
ovt_pick_kver
kdir=/lib/modules/$KVER/build
ovt_say "building for $KVER"

src=$work/src
mkdir -p "$src"
cp "$OVT_TOP"/driver/Kbuild "$OVT_TOP"/driver/Makefile \
	"$OVT_TOP"/driver/*.c "$OVT_TOP"/driver/*.h "$src"/ ||
	ovt_fail "cannot copy driver/"
nfiles=$(find "$src" -maxdepth 1 -name '*.c' | wc -l)

run_kbuild "W=1 build"
[ -f "$src/vboxguest.ko" ] || ovt_fail "kbuild made no vboxguest.ko"
ovt_say "W=1 build clean"

run_kbuild "sparse (C=2)" C=2
nchecked=$(grep -c -E '^  CHECK ' "$work/sparse (C=2).log")
[ "$nchecked" = "$nfiles" ] ||
	ovt_fail "sparse checked $nchecked of $nfiles source files"
ovt_say "sparse clean on $nchecked files"

# W=1 runs kernel-doc on the .c files; the headers get the same check.
"$kdir/scripts/kernel-doc" -none "$src"/*.h >"$work/kernel-doc.log" 2>&1
if [ -s "$work/kernel-doc.log" ]; then
	sed "s|$src/|driver/|g" "$work/kernel-doc.log"
	ovt_fail "kernel-doc reported $(wc -l <"$work/kernel-doc.log") problem(s) in the headers"
fi
ovt_say "kernel-doc clean on the headers"

check_modinfo name '^vboxguest$'
check_modinfo license '^GPL$'
check_modinfo author '^open-vbox-tools$'
check_modinfo alias '^pci:v000080EEd0000CAFEsv\*sd\*bc\*sc\*i\*$'
check_modinfo vermagic "^$KVER SMP "
[ -z "$(modinfo -F depends "$src/vboxguest.ko")" ] ||
	ovt_fail "module depends on other modules: $(modinfo -F depends "$src/vboxguest.ko")"

mkdir -p "$out" || ovt_fail "cannot create $out"
cp "$src/vboxguest.ko" "$out/vboxguest.ko" && echo "$KVER" >"$out/kver" ||
	ovt_fail "cannot write to $out"
ovt_say "module: $out/vboxguest.ko"
ovt_pass "vboxguest.ko for $KVER builds with W=1 and sparse (C=2) on $nfiles files without a warning"
