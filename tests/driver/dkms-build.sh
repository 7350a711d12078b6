#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# dkms-build.sh
#
# Builds the module the way a user's machine does, through DKMS, from a
# source tree laid out as a package installs it
# (/usr/src/PACKAGE_NAME-PACKAGE_VERSION with dkms.conf).  Everything DKMS
# writes, its signing key included, stays in a temporary directory: the
# machine's /var/lib/dkms, /usr/src and /lib/modules are not touched.
#
# FAIL when dkms.conf disagrees with configure.ac's version or names the
# wrong module or location, when dkms add or build fails, when the build
# log has a warning, or when the module DKMS produced is not vboxguest for
# the right kernel.

set -u
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/ovt-dkms.XXXXXX") ||
	ovt_fail "cannot create a work directory"
trap 'rm -rf --one-file-system "$work"' EXIT

conf=$OVT_TOP/driver/dkms.conf

# conf_value NAME: the value dkms.conf assigns to NAME (quotes removed).
conf_value() {
	sed -n -E "s/^$1=\"?([^\"]*)\"?\$/\\1/p" "$conf"
}

ovt_apt_install --no-install-recommends dkms
ovt_pick_kver

name=$(conf_value PACKAGE_NAME)
version=$(conf_value PACKAGE_VERSION)
ac_version=$(sed -n -E 's/^AC_INIT\(\[[^]]*\], *\[([^]]*)\].*/\1/p' "$OVT_TOP/configure.ac")
[ "$name" = open-vbox-tools-vboxguest ] ||
	ovt_fail "dkms.conf PACKAGE_NAME is '$name'"
[ -n "$version" ] && [ "$version" = "$ac_version" ] ||
	ovt_fail "dkms.conf PACKAGE_VERSION '$version' differs from configure.ac '$ac_version'"
[ "$(conf_value 'BUILT_MODULE_NAME\[0\]')" = vboxguest ] ||
	ovt_fail "dkms.conf does not build vboxguest"
[ "$(conf_value 'DEST_MODULE_LOCATION\[0\]')" = /updates/dkms ] ||
	ovt_fail "dkms.conf does not install to /updates/dkms"
[ "$(conf_value AUTOINSTALL)" = yes ] ||
	ovt_fail "dkms.conf does not set AUTOINSTALL=yes"

src=$work/src/$name-$version
tree=$work/dkms
mkdir -p "$src" "$tree"
cp "$OVT_TOP"/driver/Kbuild "$OVT_TOP"/driver/Makefile "$conf" \
	"$OVT_TOP"/driver/*.c "$OVT_TOP"/driver/*.h "$src"/ ||
	ovt_fail "cannot copy driver/"

# dkms signs what it builds; keep its key pair out of /var/lib/dkms.
export mok_signing_key=$work/mok.key mok_certificate=$work/mok.pub
dkms_args=(-m "$name" -v "$version" --sourcetree "$work/src" --dkmstree "$tree")

ovt_say "dkms add $name/$version"
dkms add "${dkms_args[@]}" >"$work/add.log" 2>&1 || {
	cat "$work/add.log"
	ovt_fail "dkms add failed"
}
ovt_say "dkms build for $KVER"
dkms build "${dkms_args[@]}" -k "$KVER" >"$work/build.log" 2>&1 || {
	cat "$work/build.log"
	cat "$tree/$name/$version/build/make.log" 2>/dev/null
	ovt_fail "dkms build failed"
}

make_log=$(find "$tree/$name/$version/$KVER" -name make.log | head -n 1)
[ -n "$make_log" ] || ovt_fail "dkms kept no make.log"
if grep -E -i 'warning|error' "$make_log"; then
	ovt_fail "the DKMS build log has warnings or errors"
fi

ko=$(find "$tree/$name/$version/$KVER" -path '*/module/vboxguest.ko*' | head -n 1)
[ -n "$ko" ] || { cat "$work/build.log"; ovt_fail "dkms built no vboxguest.ko"; }
case $ko in
*.ko) ;;
*.ko.xz) xz -d -k "$ko" && ko=${ko%.xz} || ovt_fail "cannot decompress $ko" ;;
*.ko.zst) zstd -q -d "$ko" && ko=${ko%.zst} || ovt_fail "cannot decompress $ko" ;;
*.ko.gz) gzip -d -k "$ko" && ko=${ko%.gz} || ovt_fail "cannot decompress $ko" ;;
esac
modinfo -F vermagic "$ko" | grep -q "^$KVER SMP " ||
	ovt_fail "the DKMS module is not for $KVER: $(modinfo -F vermagic "$ko")"
[ "$(modinfo -F name "$ko")" = vboxguest ] ||
	ovt_fail "the DKMS module is named '$(modinfo -F name "$ko")'"
signer=$(modinfo -F signer "$ko")

dkms status "${dkms_args[@]}" -k "$KVER" 2>/dev/null | grep -q ': built' ||
	ovt_fail "dkms status does not report the module as built"
ovt_pass "DKMS $name/$version builds vboxguest.ko for $KVER without a warning${signer:+ (signed by '$signer')}"
