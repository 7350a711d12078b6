#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-hostsim's command line and control client, end to end (TAP).
# Every simulator this script starts is remembered by PID and killed by
# PID on exit, whatever happened.
set -u

. "$(dirname "$0")/../common/hostsim-tap.sh" hostsim-cli

# Wait (5 s) for pid to exit; its exit status, or 124 if it did not.
wait_exit() { # pid
	local i
	for i in $(seq 100); do
		kill -0 "$1" 2>/dev/null || { wait "$1"; return $?; }
		sleep 0.05
	done
	return 124
}

# Stop by PID with SIGTERM; fails if it needs more than 5 s.
stop_sim() { # pid
	kill -TERM "$1" 2>/dev/null
	wait_exit "$1"
}

ctl() { # dir args...
	local dir=$1
	shift
	"$sim_bin" ctl --dir "$dir" "$@"
}

value() { # dir command key
	ctl "$1" "$2" | sed -n "s/^$3: //p"
}

# Poll until `ctl CMD` shows key: expected (10 s).
wait_value() { # dir command key expected
	local i
	for i in $(seq 200); do
		[ "$(value "$1" "$2" "$3")" = "$4" ] && return 0
		sleep 0.05
	done
	echo "# $2: $3 is '$(value "$1" "$2" "$3")', wanted '$4'"
	return 1
}

one_line_error() { # expected-status command...
	local want=$1 st lines
	shift
	"$@" >"$work/stdout" 2>"$work/stderr"
	st=$?
	lines=$(wc -l <"$work/stderr")
	[ "$st" -eq "$want" ] && [ "$lines" -eq 1 ] && [ ! -s "$work/stdout" ] ||
		{ echo "# status $st, $lines stderr lines: $(head -c 300 "$work/stderr")"; return 1; }
}

# ---- bad command lines -------------------------------------------------------
mkdir "$work/bad"
for v in 7.0 7.0.0.1 70000.0.0 7.70000.0 7.0.4294967296 7.0.0r 7.0.0r4294967296 \
	 x.y.z 7.0.0rr1 -7.0.0 ""; do
	one_line_error 2 "$sim_bin" --dir "$work/bad" --host-version "$v"
	ok $? "--host-version '$v' is refused with exit 2 and one line"
done
[ -z "$(ls -A "$work/bad")" ]
ok $? "a refused start leaves no files behind"
one_line_error 2 "$sim_bin"
ok $? "--dir is required"
one_line_error 2 "$sim_bin" --dir "$work/nonexistent"
ok $? "--dir must be an existing directory"
one_line_error 2 "$sim_bin" --dir "$work/bad" --ram 0
ok $? "--ram 0 is refused"
one_line_error 2 "$sim_bin" --dir "$work/bad" --ram 12x
ok $? "--ram 12x is refused"
one_line_error 2 "$sim_bin" --dir "$work/bad" --frobnicate
ok $? "an unknown option is refused"
one_line_error 2 "$sim_bin" --dir "$work/bad" extra
ok $? "a stray argument is refused"
: >"$work/bad/control.sock"
one_line_error 1 "$sim_bin" --dir "$work/bad"
ok $? "a regular file where a socket goes is not replaced (exit 1)"
[ -f "$work/bad/control.sock" ] && [ ! -e "$work/bad/vboxguest.sock" ]
ok $? "... and the file is still there, no sockets left"

# ---- a running simulator -----------------------------------------------------
d="$work/sim"
mkdir "$d"
start_sim "$d" --host-version 6.1.50r161033 --ram 2048
ok $? "the simulator starts and creates its three sockets"
[ "$(stat -c %a "$d/vboxguest.sock") $(stat -c %a "$d/vboxuser.sock") $(stat -c %a "$d/control.sock")" = "600 666 600" ]
ok $? "socket modes are 0600, 0666, 0600"
[ "$(value "$d" status host_version)" = "6.1.50r161033" ] &&
	[ "$(value "$d" status driver_host_version)" = "6.1.50r161033" ]
ok $? "status shows the host version, and the driver core saw it"
[ "$(value "$d" status ram_mib)" = 2048 ] &&
	[ "$(value "$d" status sessions)" = 0 ] &&
	[ "$(value "$d" status hgcm_clients)" = 0 ] &&
	[ "$(value "$d" status additions_ok)" = yes ] &&
	[ "$(value "$d" status facility.20)" = active ]
ok $? "status: ram, no sessions, no HGCM clients, the driver reported in"
value "$d" status heartbeat | grep -q '^enabled interval_ms=2000 '
ok $? "status: the driver's heartbeat is configured"

ctl "$d" event 0x4 >/dev/null
ok $? "ctl event 0x4 succeeds"
[ "$(value "$d" status pending_events)" = 0x00000004 ]
ok $? "... and the event is pending (no session filters it)"
ctl "$d" event 0x800 2>"$work/err"
[ $? -eq 1 ] && grep -q 'not within 0x7ff' "$work/err"
ok $? "ctl event 0x800 is refused with exit 1 and a reason"
ctl "$d" event lots 2>/dev/null
ok $(($? != 1)) "ctl event lots is refused with exit 1"
ctl "$d" no-such-command 2>/dev/null
ok $(($? != 1)) "an unknown command exits 1"
one_line_error 2 "$sim_bin" ctl --dir "$d"
ok $? "ctl without a command exits 2"
one_line_error 1 "$sim_bin" ctl --dir "$work/nonexistent" status
ok $? "ctl without a simulator fails (exit 1, not the usage error 2)"
one_line_error 2 "$sim_bin" ctl status
ok $? "ctl without --dir exits 2"
ctl "$d" event "0x4 0x8" 2>"$work/err"
[ $? -eq 1 ] && grep -q "bad event mask '0x4 0x8'" "$work/err"
ok $? "an argument with a blank arrives whole (percent-encoded) and is refused as one mask"

ctl "$d" balloon 16 && wait_value "$d" balloon pages_held 4096 &&
	[ "$(value "$d" balloon driver_chunks)" = 16 ]
ok $? "ctl balloon 16: the driver inflates 16 MiB and the host holds 4096 pages"
ctl "$d" balloon 0 && wait_value "$d" balloon pages_held 0
ok $? "ctl balloon 0: the driver gives every page back"
ctl "$d" balloon -1 2>/dev/null
ok $(($? != 1)) "ctl balloon -1 is refused"

ctl "$d" display set 1:1024x768@1024,0 &&
	ctl "$d" display show | grep -qx 'display.1: 1024x768@1024,0 pending=yes'
ok $? "ctl display set 1:1024x768@1024,0: the request is listed as pending"
ctl "$d" display set 64:10x10 2>/dev/null
ok $(($? != 1)) "ctl display set 64:... is refused"
ctl "$d" display set 1:0x10 2>/dev/null
ok $(($? != 1)) "a zero width is refused"
ctl "$d" display set 1:10x10,colour 2>/dev/null
ok $(($? != 1)) "an unknown display flag is refused"
ctl "$d" display set 0:1600x900@0,0,primary 1:1024x768@-1024,0 2:800x600,disabled &&
	out=$(ctl "$d" display show) &&
	grep -qx 'request: 0:1600x900@0,0,primary 1:1024x768@-1024,0 2:800x600,disabled' <<<"$out" &&
	grep -qx 'fetched: no' <<<"$out" && grep -qx 'acknowledged: no' <<<"$out" &&
	grep -qx 'guest_graphics: no' <<<"$out" && grep -qx 'monitor_positions: none' <<<"$out"
ok $? "ctl display show: the last request as a whole, not yet fetched by a guest"
one_line_error 1 ctl "$d" display set 0:800x600,primary 1:800x600,primary &&
	grep -q 'only one display can be primary' "$work/stderr"
ok $? "two primary displays are refused with one line"
one_line_error 1 ctl "$d" display set 0:800x600 0:640x480 &&
	grep -q 'display 0 is given twice' "$work/stderr"
ok $? "a display given twice is refused with one line"
one_line_error 1 ctl "$d" display 1 size=1024x768
ok $? "the old 'display ID size=WxH' form is refused with one line"

seamless_value() { # key
	ctl "$d" seamless show | sed -n "s/^$1: //p"
}
ctl "$d" seamless on && [ "$(seamless_value mode)" = on ]
ok $? "ctl seamless on"
ctl "$d" seamless off && [ "$(seamless_value mode)" = off ] &&
	[ "$(seamless_value guest_supports_seamless)" = no ]
ok $? "ctl seamless off; show: no guest capability yet"
one_line_error 1 ctl "$d" seamless maybe
ok $? "ctl seamless maybe is refused with one line"
one_line_error 1 ctl "$d" seamless
ok $? "ctl seamless without a word is refused with one line"
one_line_error 1 ctl "$d" seamless on now
ok $? "ctl seamless on now is refused with one line"
for bad in "--wait" "--wait x" "--wait -1" "--wait 1 --timeout 0" \
	"--wait 1 --timeout 600001" "--timeout 5" "--frobnicate"; do
	# shellcheck disable=SC2086 # the words are meant to split
	one_line_error 1 ctl "$d" seamless show $bad || break
done
ok $? "ctl seamless show refuses bad options with one line (last: $bad)"
ctl "$d" stats-interval 5 && [ "$(value "$d" stats interval)" = 5 ] &&
	[ "$(value "$d" stats reports_total)" = 0 ]
ok $? "ctl stats-interval 5, ctl stats"
[ "$(seamless_value updates)" = 0 ] && [ "$(seamless_value rects)" = 0 ] &&
	[ "$(seamless_value last_update_us)" = never ]
ok $? "ctl seamless show: no region update yet"
ctl "$d" seamless show --wait 0 | grep -qx 'updates: 0'
ok $? "ctl seamless show --wait 0 answers at once"
start=$(date +%s%N)
ctl "$d" seamless show --wait 1 --timeout 300 >/dev/null 2>"$work/err"
st=$?
took=$((($(date +%s%N) - start) / 1000000))
[ $st -eq 1 ] && [ "$(wc -l <"$work/err")" -eq 1 ] &&
	grep -q 'timed out after 300 ms: 1 region updates wanted, 0 arrived' "$work/err" &&
	[ $took -ge 290 ] && [ $took -lt 3000 ]
ok $? "ctl seamless show --wait 1 --timeout 300 times out with one line (${took} ms)"
one_line_error 1 ctl "$d" visible-region
ok $? "the old ctl visible-region is gone"
ctl "$d" hgcm-stats | grep -q '^svc.HostSimTest: clients=0 '
ok $? "ctl hgcm-stats lists HostSimTest"
ctl "$d" hgcm-stats --bogus 2>/dev/null
ok $(($? != 1)) "ctl hgcm-stats --bogus is refused"

ctl "$d" seamless show --wait 1 --timeout 60000 >/dev/null 2>&1 &
waiter=$!
pids+=("$waiter")
sleep 0.2
stop_sim "$sim_pid"
ok $? "SIGTERM stops the simulator with exit 0 within 5 s, a waiting ctl seamless show --wait included"
wait_exit "$waiter"
ok $(($? == 0 || $? == 124)) "... which ends with a failure then"
[ -z "$(ls -A "$d")" ]
ok $? "... and it removed its socket files"
[ ! -s "$d.out" ] && [ "$(grep -c 'ready' "$d.err")" -eq 1 ]
ok $? "nothing on stdout; one 'ready' line on stderr"

# ---- stale sockets and SIGINT ------------------------------------------------
start_sim "$d"
{ kill -KILL "$sim_pid"; wait "$sim_pid"; } 2>/dev/null
[ -S "$d/control.sock" ]
ok $? "a killed simulator leaves stale sockets"
start_sim "$d" && [ "$(value "$d" status host_version)" = 7.0.14r161095 ]
ok $? "a new simulator replaces them (default host version 7.0.14r161095)"
kill -INT "$sim_pid"
wait_exit "$sim_pid" && [ -z "$(ls -A "$d")" ]
ok $? "SIGINT stops it cleanly too"

echo "1..$n"
exit $((failed != 0))
