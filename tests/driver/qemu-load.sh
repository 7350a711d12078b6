#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# qemu-load.sh [MODULE_DIR]
#
# Loads the bundled vboxguest.ko into the real Debian kernel it was built
# for, booted under QEMU (TCG) from a busybox initramfs, and unloads it.
# MODULE_DIR is what build-module.sh left (vboxguest.ko and kver); without
# it the module is built first.
#
# QEMU has no VMMDev, so the driver must load, register its PCI driver and
# create no device node.  To run the probe's error paths, /init then offers
# the driver two foreign devices through its new_id file: pci-testdev (BARs
# of the wrong type) and an LSI SCSI controller (right BAR types, but no
# VMMDev memory behind BAR1).  Each probe must fail with its own log line
# and leave the device disabled with no region claimed.
#
# FAIL on: insmod/rmmod failure, a device node or binding that should not
# exist, an expected log line missing, any kernel log line during the test
# that reports an error, warning, BUG, Oops or trace (the two taint notes
# of an unsigned out-of-tree module excepted), or no clean power-off.
#
# The kernel image is cached under $OVT_CACHE (default
# /var/cache/open-vbox-tools).  OVT_QEMU_TIMEOUT bounds the boot (120 s).
# OVT_CONSOLE_LOG, if set, names a file that receives the guest console.

set -u
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

timeout_s=${OVT_QEMU_TIMEOUT:-120}
work=$(mktemp -d "${TMPDIR:-/tmp}/ovt-qemu.XXXXXX") ||
	ovt_fail "cannot create a work directory"
qemu_pid=
cleanup() {
	if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
		kill "$qemu_pid" 2>/dev/null
		wait "$qemu_pid" 2>/dev/null
	fi
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# The foreign devices /init offers the driver (vendor, device).
testdev_id="1b36 0005"
lsi_id="1000 0012"

# --- the module -----------------------------------------------------------

if [ $# -ge 1 ]; then
	moddir=$1
else
	moddir=$work/module
	"$OVT_TOP/tests/driver/build-module.sh" "$moddir" >"$work/build.log" 2>&1 || {
		cat "$work/build.log"
		ovt_fail "the module does not build"
	}
fi
module=$moddir/vboxguest.ko
[ -f "$module" ] || ovt_fail "no $module (run build-module.sh first)"
KVER=$(cat "$moddir/kver" 2>/dev/null) || ovt_fail "no $moddir/kver"
ovt_say "module $module for $KVER"

# --- tools and the kernel image -------------------------------------------

ovt_apt_install --no-install-recommends qemu-system-x86 busybox-static cpio
ovt_have_packages gzip || ovt_apt_install gzip

# fetch_kernel: put vmlinuz of linux-image-$KVER, at the version of the
# headers the module was built with, in the cache.
fetch_kernel() {
	local ver pkg deb
	ver=$(dpkg-query -W -f='${Version}' "linux-headers-$KVER" 2>/dev/null)
	pkg=linux-image-$KVER${ver:+=$ver}
	ovt_say "downloading $pkg"
	mkdir -p "$work/deb" "$kcache" || ovt_fail "cannot create $kcache"
	if ! (cd "$work/deb" && apt-get download -q "$pkg") >"$work/apt.log" 2>&1; then
		apt-get update -q >/dev/null 2>&1
		(cd "$work/deb" && apt-get download -q "$pkg") >"$work/apt.log" 2>&1 || {
			cat "$work/apt.log"
			ovt_fail "apt-get download $pkg failed"
		}
	fi
	deb=$(find "$work/deb" -maxdepth 1 -name "linux-image-*.deb" | head -n 1)
	[ -n "$deb" ] || ovt_fail "apt-get download left no .deb"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -C "$work/deb" "./boot/vmlinuz-$KVER" ||
		ovt_fail "no boot/vmlinuz-$KVER in $deb"
	mv "$work/deb/boot/vmlinuz-$KVER" "$kcache/vmlinuz" &&
		dpkg-deb -f "$deb" Version >"$kcache/version" ||
		ovt_fail "cannot write to $kcache"
}

kcache=$OVT_CACHE/kernel/$KVER
want_ver=$(dpkg-query -W -f='${Version}' "linux-headers-$KVER" 2>/dev/null)
if [ ! -s "$kcache/vmlinuz" ] ||
   { [ -n "$want_ver" ] && [ "$(cat "$kcache/version" 2>/dev/null)" != "$want_ver" ]; }; then
	fetch_kernel
fi
vmlinuz=$kcache/vmlinuz
ovt_say "kernel $vmlinuz ($(cat "$kcache/version"))"

# --- the initramfs ----------------------------------------------------------

root=$work/root
mkdir -p "$root"/bin "$root"/dev "$root"/proc "$root"/sys
cp /bin/busybox "$root/bin/busybox" || ovt_fail "no /bin/busybox"
for applet in sh mount insmod rmmod lsmod dmesg poweroff cat ls grep sleep; do
	ln -s busybox "$root/bin/$applet"
done
cp "$module" "$root/vboxguest.ko"
# The kernel gives /init the console only if the node exists; /init also
# reopens it from devtmpfs, for runs that cannot mknod.
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null

cat >"$root/init" <<EOF
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

say() { echo "OVT: \$*"; }
drv=/sys/bus/pci/drivers/vboxguest

# offer VENDOR DEVICE: add the id to the driver and report each such device.
offer() {
	echo "\$1 \$2" >\$drv/new_id
	for d in /sys/bus/pci/devices/*; do
		[ "\$(cat \$d/vendor) \$(cat \$d/device)" = "0x\$1 0x\$2" ] || continue
		bound=no
		[ -e \$d/driver ] && bound=yes
		say "probe \$1:\$2 bound=\$bound enable=\$(cat \$d/enable)"
	done
}

# From here on the kernel log goes to the console only through the dump.
echo 1 >/proc/sys/kernel/printk
dmesg -c >/dev/null
say "begin"
if insmod /vboxguest.ko; then say "insmod ok"; else say "insmod failed: \$?"; fi
lsmod | grep -q '^vboxguest ' && say "lsmod lists vboxguest"
[ -d \$drv ] && say "pci driver registered"
[ -e /dev/vboxguest ] || [ -e /dev/vboxuser ] || say "no device nodes"
offer $testdev_id
offer $lsi_id
say "regions held: \$(cat /proc/ioports /proc/iomem | grep -c vboxguest)"
if rmmod vboxguest; then say "rmmod ok"; else say "rmmod failed: \$?"; fi
lsmod | grep -q '^vboxguest ' || say "lsmod no longer lists vboxguest"
echo "OVT-DMESG-BEGIN"
dmesg
echo "OVT-DMESG-END"
say "done"
poweroff -f
EOF
chmod 755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd" ||
	ovt_fail "cannot build the initramfs"

# --- boot -------------------------------------------------------------------

log=$work/console.log
ovt_say "booting (timeout ${timeout_s}s)"
qemu-system-x86_64 -accel tcg -m 512 -smp 1 -nographic -no-reboot -nic none \
	-device pci-testdev -device lsi53c895a \
	-kernel "$vmlinuz" -initrd "$work/initrd" \
	-append "console=ttyS0 panic=-1" </dev/null >"$log" 2>&1 &
qemu_pid=$!
deadline=$(($(date +%s) + timeout_s))
while kill -0 "$qemu_pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do
	sleep 0.2
done
if kill -0 "$qemu_pid" 2>/dev/null; then
	kill "$qemu_pid"
	wait "$qemu_pid" 2>/dev/null
	qemu_pid=
	tail -n 40 "$log"
	ovt_fail "the guest did not power off within ${timeout_s}s"
fi
wait "$qemu_pid"
qemu_rc=$?
qemu_pid=
ovt_say "guest exited (status $qemu_rc)"

# --- verdict ----------------------------------------------------------------

tr -d '\r' <"$log" >"$work/console.txt"
mv "$work/console.txt" "$log"
[ -z "${OVT_CONSOLE_LOG:-}" ] || cp "$log" "$OVT_CONSOLE_LOG"

failures=()
expect() {
	grep -q -x -F "OVT: $1" "$log" || failures+=("missing: $1")
}

grep -q -x -F "OVT: begin" "$log" || {
	tail -n 40 "$log"
	ovt_fail "/init never ran"
}
expect "insmod ok"
expect "lsmod lists vboxguest"
expect "pci driver registered"
expect "no device nodes"
expect "probe ${testdev_id/ /:} bound=no enable=0"
expect "probe ${lsi_id/ /:} bound=no enable=0"
expect "regions held: 0"
expect "rmmod ok"
expect "lsmod no longer lists vboxguest"
expect "done"

# The kernel log of the test, without timestamps.
sed -n '/^OVT-DMESG-BEGIN$/,/^OVT-DMESG-END$/p' "$log" | sed '1d;$d' |
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' >"$work/dmesg"
[ -s "$work/dmesg" ] || failures+=("no kernel log between the markers")

# Lines our driver must print: one per foreign device, the right reason.
expect_kmsg() {
	grep -q -E "$1" "$work/dmesg" || failures+=("kernel log lacks /$1/")
}
expect_kmsg '^vboxguest 0000:[0-9a-f:.]+: not a VMMDev: BAR0 must be I/O ports and BAR1 memory$'
expect_kmsg '^vboxguest 0000:[0-9a-f:.]+: not a VMMDev: memory version 0x[0-9a-f]+, expected 0x1$'

allowed='^vboxguest: loading out-of-tree module taints kernel\.$'
allowed+='|^vboxguest: module verification failed: signature and/or required key missing - tainting kernel$'
grep -v -E "$allowed" "$work/dmesg" |
	grep -E -i 'error|warn|call trace|taint|segfault|general protection|panic' >"$work/bad"
grep -v -E "$allowed" "$work/dmesg" | grep -E '\bBUG\b|Oops' >>"$work/bad"
while IFS= read -r line; do
	failures+=("kernel: $line")
done <"$work/bad"

# Every line of ours must be one of the known ones.
grep -E '^vboxguest[ :]' "$work/dmesg" | grep -v -E "$allowed" |
	grep -v -E '^vboxguest 0000:[0-9a-f:.]+: not a VMMDev: ' >"$work/ours"
while IFS= read -r line; do
	failures+=("unexpected driver line: $line")
done <"$work/ours"

grep -q -E '^(\[ *[0-9.]+\] )?reboot: Power down$' "$log" && [ "$qemu_rc" = 0 ] ||
	failures+=("no clean power-off (qemu status $qemu_rc)")

echo "--- kernel log during the test ---"
cat "$work/dmesg"
echo "---"
if [ ${#failures[@]} -gt 0 ]; then
	printf '  %s\n' "${failures[@]}"
	ovt_fail "${#failures[@]} problem(s) loading vboxguest.ko into $KVER under QEMU"
fi
ovt_pass "vboxguest.ko loads, rejects foreign devices cleanly and unloads in $KVER under QEMU ($(ovt_elapsed)s)"
