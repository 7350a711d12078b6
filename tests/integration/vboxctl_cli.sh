#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vboxctl as a user sees it: usage errors, exit codes, one-line errors,
# device selection, and the version/info output against the library tests'
# socket peer.  TAP output.  The peer is started by PID and killed by PID.
set -u

top_build=${OVT_TOP_BUILDDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
vboxctl=$top_build/services/vboxctl/vboxctl
peer_bin=$top_build/tests/unit/vbgl-test-peer

tmp=$(mktemp -d) || exit 1
peer_pid=
cleanup() {
	if [ -n "$peer_pid" ]; then
		kill "$peer_pid" 2>/dev/null
		wait "$peer_pid" 2>/dev/null
	fi
	rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1))
	echo "not ok $n - $1"
	for f in "$tmp/out" "$tmp/err"; do
		[ -s "$f" ] && sed "s|^|# $(basename "$f"): |" "$f"
	done
	return 0
}

# run ARGS...: stdout to out, stderr to err, status in rc
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

one_line_err() { [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^vboxctl: $1" "$tmp/err"; }

echo "1..15"

unset VBGL_DEVICE

run "$vboxctl" --help
if [ $rc -eq 0 ] && grep -q '^  version' "$tmp/out" && grep -q '^  info' "$tmp/out" &&
	grep -q '^  help' "$tmp/out" && grep -q 'Exit status' "$tmp/out"; then
	ok "--help lists the commands and exit codes"
else
	fail "--help lists the commands and exit codes (rc=$rc)"
fi

run "$vboxctl"
if [ $rc -eq 2 ] && one_line_err "no command given" && [ ! -s "$tmp/out" ]; then
	ok "no command: exit 2, one line"
else
	fail "no command: exit 2, one line (rc=$rc)"
fi

run "$vboxctl" frobnicate
if [ $rc -eq 2 ] && one_line_err "unknown command 'frobnicate'"; then
	ok "unknown command: exit 2"
else
	fail "unknown command: exit 2 (rc=$rc)"
fi

run "$vboxctl" --bogus info
if [ $rc -eq 2 ] && one_line_err ""; then
	ok "unknown option: exit 2"
else
	fail "unknown option: exit 2 (rc=$rc)"
fi

run "$vboxctl" info extra
if [ $rc -eq 2 ] && one_line_err "'info' takes no arguments"; then
	ok "extra argument: exit 2"
else
	fail "extra argument: exit 2 (rc=$rc)"
fi

run "$vboxctl" --device "" info
if [ $rc -eq 2 ] && one_line_err "--device must not be empty"; then
	ok "empty --device: exit 2"
else
	fail "empty --device: exit 2 (rc=$rc)"
fi

run "$vboxctl" --device /nonexistent/vboxguest info
if [ $rc -eq 1 ] && [ ! -s "$tmp/out" ] &&
	one_line_err "cannot open /nonexistent/vboxguest: No such file or directory"; then
	ok "missing device: exit 1, one line naming it"
else
	fail "missing device: exit 1, one line naming it (rc=$rc)"
fi

VBGL_DEVICE=/nonexistent/from-env run "$vboxctl" info
if [ $rc -eq 1 ] && one_line_err "cannot open /nonexistent/from-env"; then
	ok "\$VBGL_DEVICE is used"
else
	fail "\$VBGL_DEVICE is used (rc=$rc)"
fi

VBGL_DEVICE=/nonexistent/from-env run "$vboxctl" --device /nonexistent/opt info
if [ $rc -eq 1 ] && one_line_err "cannot open /nonexistent/opt"; then
	ok "--device overrides \$VBGL_DEVICE"
else
	fail "--device overrides \$VBGL_DEVICE (rc=$rc)"
fi

run "$vboxctl" --device /dev/null version
if [ $rc -eq 1 ] && grep -q '^vboxctl version: [0-9]' "$tmp/out" &&
	one_line_err "driver version query failed: Inappropriate ioctl for device"; then
	ok "not a vboxguest device: program version, then exit 1"
else
	fail "not a vboxguest device: program version, then exit 1 (rc=$rc)"
fi

# Against the socket peer.
"$peer_bin" >"$tmp/peer" &
peer_pid=$!
i=0
while [ ! -s "$tmp/peer" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
dev=$(head -n 1 "$tmp/peer")
case $dev in
unix:*) ok "test peer is up at $dev" ;;
*) fail "test peer is up"; exit 0 ;;
esac

run "$vboxctl" --device "$dev" info
if [ $rc -eq 0 ] && [ ! -s "$tmp/err" ] &&
	grep -qx 'host version: 7.1.4r165100' "$tmp/out" &&
	grep -qx 'host features: 0x8000000f (hgcm-phys-page-list hgcm-embedded-buffers hgcm-contiguous-page-list hgcm-no-bounce-page-list fast-irq-ack)' "$tmp/out" &&
	grep -qx 'driver version: 1.0 (0x00010000)' "$tmp/out" &&
	grep -qx 'session version: 1.0 (0x00010000)' "$tmp/out" &&
	grep -qx 'driver revision: 4242' "$tmp/out" &&
	grep -qx "device: $dev" "$tmp/out" &&
	grep -qx 'transport: socket' "$tmp/out"; then
	ok "info prints host version, features, driver and transport"
else
	fail "info prints host version, features, driver and transport (rc=$rc)"
fi

VBGL_DEVICE=$dev run "$vboxctl" version
if [ $rc -eq 0 ] && grep -q '^vboxctl version: [0-9]' "$tmp/out" &&
	grep -qx 'driver version: 1.0 (0x00010000)' "$tmp/out" &&
	grep -qx 'driver revision: 4242' "$tmp/out"; then
	ok "version over \$VBGL_DEVICE"
else
	fail "version over \$VBGL_DEVICE (rc=$rc)"
fi

VBGL_DEVICE=$dev run "$vboxctl" --verbose info
if [ $rc -eq 0 ] && grep -q "opened $dev (transport socket)" "$tmp/err"; then
	ok "--verbose logs what is done on stderr"
else
	fail "--verbose logs what is done on stderr (rc=$rc)"
fi

kill "$peer_pid"
wait "$peer_pid" 2>/dev/null
peer_pid=
run "$vboxctl" --device "$dev" info
if [ $rc -eq 1 ] && one_line_err "cannot open $dev"; then
	ok "peer gone: exit 1, one line"
else
	fail "peer gone: exit 1, one line (rc=$rc)"
fi
