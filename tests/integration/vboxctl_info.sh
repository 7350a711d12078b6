#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-hostsim started with a host version, then vboxctl
# reports that version, through $VBGL_DEVICE and through --device, and
# fails cleanly when there is no device.
set -u
top=${OVT_TOP_BUILDDIR:-.}
hostsim=$top/hostsim/vbox-hostsim
vboxctl=$top/services/vboxctl/vboxctl
dir=$(mktemp -d /tmp/ovt-vboxctl-XXXXXX)
pid=

cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf --one-file-system "$dir"
}
trap cleanup EXIT

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { # description command...
	local d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

echo "1..9"
"$hostsim" --dir "$dir" --host-version 7.1.4r165100 2>"$dir/hostsim.log" &
pid=$!
for _ in $(seq 100); do
	[ -S "$dir/vboxguest.sock" ] && [ -S "$dir/vboxuser.sock" ] && [ -S "$dir/control.sock" ] && break
	sleep 0.05
done
check "vbox-hostsim is up" test -S "$dir/control.sock"

out=$(VBGL_DEVICE="unix:$dir/vboxguest.sock" "$vboxctl" info 2>&1)
rc=$?
check "vboxctl info exits 0" test "$rc" -eq 0
if grep -qx 'host version: 7.1.4r165100' <<<"$out"; then
	ok "vboxctl info prints the host version (VBGL_DEVICE)"
else
	not_ok "vboxctl info prints the host version (VBGL_DEVICE)" "$out"
fi

out=$(env -u VBGL_DEVICE "$vboxctl" --device "unix:$dir/vboxuser.sock" info 2>&1)
if grep -qx 'host version: 7.1.4r165100' <<<"$out"; then
	ok "vboxctl --device on vboxuser prints the host version"
else
	not_ok "vboxctl --device on vboxuser prints the host version" "$out"
fi
if grep -qi 'hgcm-phys-page-list' <<<"$out"; then
	ok "vboxctl info names the host features"
else
	not_ok "vboxctl info names the host features" "$out"
fi

out=$(VBGL_DEVICE="unix:$dir/vboxguest.sock" "$vboxctl" version 2>&1)
if grep -qF "${OVT_VERSION:-unknown}" <<<"$out" && grep -qi 'driver' <<<"$out"; then
	ok "vboxctl version names the program and the driver"
else
	not_ok "vboxctl version names the program and the driver" "$out"
fi

out=$("$vboxctl" --device "unix:$dir/no-such.sock" info 2>&1)
rc=$?
if [ "$rc" -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q 'no-such.sock' <<<"$out"; then
	ok "a missing device fails with exit 1 and a one-line reason"
else
	not_ok "a missing device fails with exit 1 and a one-line reason" "rc=$rc" "$out"
fi

out=$("$vboxctl" frobnicate 2>&1)
rc=$?
check "an unknown command is a usage error (exit 2)" test "$rc" -eq 2

check "no sessions left behind" bash -c "sleep 0.2; '$hostsim' ctl --dir '$dir' status | grep -qx 'sessions: 0'"
