#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vboxctl as a user sees it: usage errors, exit codes, one-line errors,
# device selection, the version/info output against vbox-hostsim, and a
# host that refuses a request, goes away mid-request or is gone (the
# simulator's faults).  TAP output; the simulator is started and killed by
# PID.
set -u

. "$(dirname "$0")/../common/hostsim-tap.sh" vboxctl-cli

vboxctl=${OVT_TOP_BUILDDIR:-.}/services/vboxctl/vboxctl

# run ARGS...: stdout to out, stderr to err, status in rc
run() {
	"$@" >"$work/out" 2>"$work/err"
	rc=$?
}

one_line_err() { [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "^vboxctl: $1" "$work/err"; }

# ok STATUS DESCRIPTION, showing what the command printed when it failed
verdict() {
	local st=$1 f
	ok "$@"
	[ "$st" -eq 0 ] && return 0
	echo "# rc=$rc"
	for f in "$work/out" "$work/err"; do
		[ -s "$f" ] && sed "s|^|# $(basename "$f"): |" "$f"
	done
	return 0
}

unset VBGL_DEVICE

run "$vboxctl" --help
[ $rc -eq 0 ] && grep -q '^  version' "$work/out" && grep -q '^  info' "$work/out" &&
	grep -q '^  help' "$work/out" && grep -q 'Exit status' "$work/out"
verdict $? "--help lists the commands and exit codes"

run "$vboxctl"
[ $rc -eq 2 ] && one_line_err "no command given" && [ ! -s "$work/out" ]
verdict $? "no command: exit 2, one line"

run "$vboxctl" frobnicate
[ $rc -eq 2 ] && one_line_err "unknown command 'frobnicate'"
verdict $? "unknown command: exit 2"

run "$vboxctl" --bogus info
[ $rc -eq 2 ] && one_line_err ""
verdict $? "unknown option: exit 2"

run "$vboxctl" info extra
[ $rc -eq 2 ] && one_line_err "'info' takes no arguments"
verdict $? "extra argument: exit 2"

run "$vboxctl" --device "" info
[ $rc -eq 2 ] && one_line_err "--device must not be empty"
verdict $? "empty --device: exit 2"

run "$vboxctl" --device /nonexistent/vboxguest info
[ $rc -eq 1 ] && [ ! -s "$work/out" ] &&
	one_line_err "cannot open /nonexistent/vboxguest: No such file or directory"
verdict $? "missing device: exit 1, one line naming it"

VBGL_DEVICE=/nonexistent/from-env run "$vboxctl" info
[ $rc -eq 1 ] && one_line_err "cannot open /nonexistent/from-env"
verdict $? "\$VBGL_DEVICE is used"

VBGL_DEVICE=/nonexistent/from-env run "$vboxctl" --device /nonexistent/opt info
[ $rc -eq 1 ] && one_line_err "cannot open /nonexistent/opt"
verdict $? "--device overrides \$VBGL_DEVICE"

run "$vboxctl" --device /dev/null version
[ $rc -eq 1 ] && grep -q '^vboxctl version: [0-9]' "$work/out" &&
	one_line_err "driver version query failed: Inappropriate ioctl for device"
verdict $? "not a vboxguest device: program version, then exit 1"

# Against the simulator.
mkdir "$work/sim"
dev=unix:$work/sim/vboxguest.sock
start_sim "$work/sim" --host-version 7.1.4r165100
rc=$?
verdict $rc "vbox-hostsim is up at $dev"
[ $rc -eq 0 ] || { echo "1..$n"; exit 1; }

ctl() { "$sim_bin" ctl --dir "$work/sim" "$@" >/dev/null; }

run "$vboxctl" --device "$dev" info
[ $rc -eq 0 ] && [ ! -s "$work/err" ] &&
	grep -qx 'host version: 7.1.4r165100' "$work/out" &&
	grep -qx 'host features: 0x8000000f (hgcm-phys-page-list hgcm-embedded-buffers hgcm-contiguous-page-list hgcm-no-bounce-page-list fast-irq-ack)' "$work/out" &&
	grep -qx 'driver version: 1.0 (0x00010000)' "$work/out" &&
	grep -qx 'session version: 1.0 (0x00010000)' "$work/out" &&
	grep -qx 'driver revision: 0' "$work/out" &&
	grep -qx "device: $dev" "$work/out" &&
	grep -qx 'transport: socket' "$work/out"
verdict $? "info prints host version, features, driver and transport"

VBGL_DEVICE=$dev run "$vboxctl" version
[ $rc -eq 0 ] && grep -q '^vboxctl version: [0-9]' "$work/out" &&
	grep -qx 'driver version: 1.0 (0x00010000)' "$work/out" &&
	grep -qx 'driver revision: 0' "$work/out"
verdict $? "version over \$VBGL_DEVICE"

VBGL_DEVICE=$dev run "$vboxctl" --verbose info
[ $rc -eq 0 ] && grep -q "opened $dev (transport socket)" "$work/err"
verdict $? "--verbose logs what is done on stderr"

ctl fault add --request GetHostVersion --status VERR_NOT_SUPPORTED
run "$vboxctl" --device "$dev" info
[ $rc -eq 1 ] && [ ! -s "$work/out" ] &&
	one_line_err "host version query failed: Function not implemented"
verdict $? "host refuses GetHostVersion: exit 1, one line"

ctl fault add --request GetHostVersion --drop
run "$vboxctl" --device "$dev" info
[ $rc -eq 1 ] && [ ! -s "$work/out" ] &&
	one_line_err "host version query failed: Transport endpoint is not connected"
verdict $? "host goes away mid-request: exit 1, one line"

kill "$sim_pid"
wait "$sim_pid" 2>/dev/null
run "$vboxctl" --device "$dev" info
[ $rc -eq 1 ] && one_line_err "cannot open $dev"
verdict $? "host gone: exit 1, one line"

echo "1..$n"
exit $((failed != 0))
