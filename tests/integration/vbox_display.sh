#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-display on Xorg with the dummy driver (16 outputs
# DUMMY0..DUMMY15) against a real vbox-hostsim.  A request made before the
# agent starts; resizes within a second; three monitors with host
# positions made valid, one disabled, sixteen on; the host's primary; a
# burst of 20 requests; the user's xrandr --pos reported to the host; no
# wakeups when idle; the host killed and restarted; single instance, the
# state file, a clean stop; the X server killed.  Every process started
# here is remembered by PID and killed by PID.
set -u

. "$(dirname "$0")/../common/hostsim-tap.sh" vbox-display
. "$(dirname "$0")/../common/xserver.sh"

top=${OVT_TOP_BUILDDIR:-.}
agent_bin=$top/services/vbox-display/vbox-display
wait_bin=$top/bench/display-wait
dir=$work/sim
run=$work/run
log=$work/agent.log
export XDG_RUNTIME_DIR=$run
mkdir -p "$dir" "$run"
chmod 0700 "$run"

ctl() { "$sim_bin" ctl --dir "$dir" "$@"; }
show() { ctl display show | sed -n "s/^$1: //p"; }

start_agent() { # log args...
	local l=$1
	shift
	"$agent_bin" --display "$xdisplay" --device "unix:$dir/vboxuser.sock" \
		--log-target=stderr -vv "$@" 2>"$l" &
	agent_pid=$!
	pids+=("$agent_pid")
}

# Poll (10 s) until the agent holds the graphics capability and has
# written its state file.
agent_ready() {
	local i
	for i in $(seq 200); do
		[ "$(show guest_graphics)" = yes ] && [ -s "$state" ] && return 0
		kill -0 "$agent_pid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# The outputs that are on, "NAME=WxH+X+Y[*]" sorted ('*': primary).
monitors() {
	xrandr -d "$xdisplay" --listmonitors |
		sed -n 's|^ *[0-9]*: +\(\*\?\)\([^ ]*\) \([0-9]*\)/[0-9]*x\([0-9]*\)/[0-9]*+\([-0-9]*\)+\([-0-9]*\) .*|\2=\3x\4+\5+\6\1|p' |
		sort | tr '\n' ' ' | sed 's/ $//'
}

# Send host requests and wait (display-wait, RandR events) for a layout:
# "NAME=WxH+X+Y ..." of every output on; prints the milliseconds taken.
host_layout() { # layout request...
	local want=$1
	shift
	"$wait_bin" --display "$xdisplay" --timeout 5000 --expect "$want" \
		--control "$dir" "$@"
}

ctx_switches() { # pid: context switches of all its threads
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}

wait_gone() { # pid: its exit status, or 124 after 5 s
	local i
	for i in $(seq 100); do
		kill -0 "$1" 2>/dev/null || { wait "$1"; return $?; }
		sleep 0.05
	done
	return 124
}

echo "1..31"

# ---- the servers -------------------------------------------------------------
start_xorg_dummy
ok $? "Xorg with the dummy driver starts (display $xdisplay)"
state=$run/open-vbox-tools/vbox-display@$xdisplay.state
pidfile=$run/open-vbox-tools/vbox-display@$xdisplay.pid
start_sim "$dir"
ok $? "vbox-hostsim starts"

# ---- a request from before the agent ------------------------------------------
ctl display set 0:1280x720,primary
start_agent "$log"
agent_ready
ok $? "the agent takes the graphics capability and writes its state file"
for _ in $(seq 100); do
	[ "$(monitors)" = "DUMMY0=1280x720+0+0*" ] && break
	sleep 0.05
done
[ "$(monitors)" = "DUMMY0=1280x720+0+0*" ]
ok $? "a request made before the agent started is applied at its start ($(monitors))"
grep -qx 'request=0:1280x720,primary' "$state" && ! grep -q '^last-error=' "$state" &&
	grep -qx "instance=$xdisplay" "$state"
ok $? "the state file names the display and the request applied"
XDG_RUNTIME_DIR=$run "${OVT_TOP_BUILDDIR:-.}/services/vboxctl/vboxctl" \
	-d "unix:$dir/vboxguest.sock" status "vbox-display@$xdisplay" >"$dir.status"
st=$?
[ $st -eq 0 ] && grep -qx "vbox-display@$xdisplay.status: running" "$dir.status" &&
	grep -qx "vbox-display@$xdisplay.host: connected" "$dir.status" &&
	grep -qx "vbox-display@$xdisplay.request: 0:1280x720,primary" "$dir.status"
ok $? "vboxctl status shows the agent running, connected, with its request"

# ---- resizes ------------------------------------------------------------------
for size in 1366x768 1920x1080 800x600; do
	ms=$(host_layout "DUMMY0=$size+0+0" "display set 0:$size,primary") &&
		[ "$(monitors)" = "DUMMY0=$size+0+0*" ] &&
		xrandr -d "$xdisplay" | grep -q "current ${size/x/ x }," &&
		awk -v m="$ms" 'BEGIN { exit !(m < 1000) }'
	ok $? "resized to $size within a second (${ms:-?} ms)"
done

# ---- three monitors, one disabled, sixteen ---------------------------------------
host_layout "DUMMY0=1600x900+1024+0 DUMMY1=1024x768+0+0 DUMMY2=800x600+2624+100" \
	"display set 0:1600x900@0,0 1:1024x768@-1024,0,primary 2:800x600@3000,100" >/dev/null &&
	[ "$(monitors)" = "DUMMY0=1600x900+1024+0 DUMMY1=1024x768+0+0* DUMMY2=800x600+2624+100" ]
ok $? "three displays, one at a negative and one at a gap-leaving position: made valid, host's primary ($(monitors))"
host_layout "DUMMY1=1024x768+0+0 DUMMY2=800x600+1024+100" \
	"display set 0:1600x900@0,0,disabled 1:1024x768@-1024,0,primary 2:800x600@3000,100" >/dev/null &&
	[ "$(monitors)" = "DUMMY1=1024x768+0+0* DUMMY2=800x600+1024+100" ]
ok $? "the middle display disabled: the gap closes ($(monitors))"
defs=() want=() mon=()
for i in $(seq 0 15); do
	x=$(((i % 4) * 640)) y=$(((i / 4) * 480))
	p=; [ "$i" -eq 9 ] && p=,primary
	defs+=("$i:640x480@$x,$y$p")
	want+=("DUMMY$i=640x480+$x+$y")
	mon+=("DUMMY$i=640x480+$x+$y${p:+*}")
done
host_layout "${want[*]}" "display set ${defs[*]}" >/dev/null &&
	[ "$(monitors)" = "$(printf '%s\n' "${mon[@]}" | sort | tr '\n' ' ' | sed 's/ $//')" ] &&
	xrandr -d "$xdisplay" | grep -q 'current 2560 x 1920'
ok $? "all sixteen displays in a 4x4 grid, display 9 primary"
defs=()
for i in $(seq 3 15); do defs+=("$i:640x480,disabled"); done
host_layout "DUMMY0=1024x768+0+0 DUMMY1=1024x768+1024+0 DUMMY2=1024x768+2048+0" \
	"display set 0:1024x768,primary 1:1024x768 2:1024x768 ${defs[*]}" >/dev/null &&
	[ "$(monitors)" = "DUMMY0=1024x768+0+0* DUMMY1=1024x768+1024+0 DUMMY2=1024x768+2048+0" ]
ok $? "back to three displays without positions: left to right ($(monitors))"

# ---- a burst --------------------------------------------------------------------
reqs=()
for i in $(seq 1 20); do reqs+=("display set 0:$((800 + 8 * i))x600,primary"); done
t0=$(date +%s%N)
ms=$("$wait_bin" --display "$xdisplay" --timeout 5000 \
	--expect "DUMMY0=960x600+0+0 DUMMY1=1024x768+960+0 DUMMY2=1024x768+1984+0" \
	--control "$dir" "${reqs[@]}")
st=$?
for _ in $(seq 100); do [ "$(show acknowledged)" = yes ] && break; sleep 0.05; done
sleep 0.3
[ $st -eq 0 ] && [ "$(show request)" = "0:960x600,primary" ] &&
	[ "$(monitors)" = "DUMMY0=960x600+0+0* DUMMY1=1024x768+960+0 DUMMY2=1024x768+1984+0" ]
ok $? "20 requests sent back to back end in the last one (${ms:-?} ms, applied $(sed -n 's/^applied=//p' "$state") layouts so far)"

# ---- the user's layout reported to the host ----------------------------------------
r0=$(show monitor_position_reports)
xrandr -d "$xdisplay" --output DUMMY1 --pos 0x600
for _ in $(seq 100); do [ "$(show monitor_position_reports)" != "$r0" ] && break; sleep 0.05; done
pos=$(show monitor_positions)
[ "${pos%% -1*}" = "0,0 0,600 1984,0" ]
ok $? "xrandr --pos in the guest: ctl display show has the new positions ($pos)"

# ---- idle ---------------------------------------------------------------------------
sleep 0.5
c0=$(ctx_switches "$agent_pid")
sleep 10
c1=$(ctx_switches "$agent_pid")
echo "# idle 10 s: $((c1 - c0)) context switches over $(ls /proc/"$agent_pid"/task | wc -l) threads"
[ "$c1" -eq "$c0" ]
ok $? "idle for 10 s: no wakeups (context switches $c0 -> $c1)"

# ---- the host goes away and comes back --------------------------------------------------
kill -KILL "$sim_pid"
wait "$sim_pid" 2>/dev/null
for _ in $(seq 100); do grep -q 'reconnecting' "$log" && break; sleep 0.05; done
sleep 1.5
[ "$(grep -c 'lost unix:' "$log")" -eq 1 ] && kill -0 "$agent_pid"
ok $? "the simulator killed: the agent logs the loss once and keeps running"
start_sim "$dir"
for _ in $(seq 200); do [ "$(show guest_graphics)" = yes ] && break; sleep 0.05; done
ms=$(host_layout "DUMMY0=1440x900+0+0 DUMMY1=1024x768+1440+0 DUMMY2=1024x768+2464+0" \
	"display set 0:1440x900,primary")
st=$?
[ $st -eq 0 ] && grep -q 'is back after' "$log" && grep -qx 'host=connected' "$state"
ok $? "the simulator restarted: the agent reconnects and applies the next request (${ms:-?} ms)"

# ---- single instance, usage, clean stop ---------------------------------------------------
"$agent_bin" --display "$xdisplay" --device "unix:$dir/vboxuser.sock" >"$work/out2" 2>"$work/err2"
st=$?
[ $st -eq 1 ] && [ "$(wc -l <"$work/err2")" -eq 1 ] && grep -q 'vbox-display' "$work/err2"
ok $? "a second agent on the same display exits 1 with one line: $(cat "$work/err2")"
"$agent_bin" --output-map 'a,,b' >"$work/out3" 2>"$work/err3"
st=$?
[ $st -eq 2 ] && [ "$(wc -l <"$work/err3")" -eq 1 ]
ok $? "a bad --output-map is a usage error (exit 2, one line)"
kill -TERM "$agent_pid"
wait_gone "$agent_pid"
st=$?
[ $st -eq 0 ] && [ ! -e "$state" ] && [ "$(show guest_graphics)" = no ]
ok $? "SIGTERM: exit 0, the state file removed, the capability given back"

# ---- an explicit output map ------------------------------------------------------------------
start_agent "$work/agent2.log" --output-map DUMMY3,DUMMY2
agent_ready
want="DUMMY0=1440x900+1440+0 DUMMY1=1024x768+2880+0 DUMMY2=640x480+800+0 DUMMY3=800x600+0+0"
host_layout "$want" "display set 0:800x600,primary 1:640x480 2:1024x768,disabled" >/dev/null &&
	[ "$(monitors)" = "${want/DUMMY3=800x600+0+0/DUMMY3=800x600+0+0*}" ]
ok $? "--output-map DUMMY3,DUMMY2: host display 0 on DUMMY3, 1 on DUMMY2, the other outputs kept and moved right ($(monitors))"

# ---- SIGHUP reads the configuration again -------------------------------------------------
# The command line's map stays: agent2 was started with one.
printf '[vbox-display]\noutput-map=DUMMY1,DUMMY0\n' >"$work/display.conf"
kill -HUP "$agent_pid"
sleep 0.3
kill -0 "$agent_pid" && [ "$(monitors)" = "${want/DUMMY3=800x600+0+0/DUMMY3=800x600+0+0*}" ]
ok $? "SIGHUP: the --output-map of the command line stays ($(monitors))"
kill -TERM "$agent_pid"
wait_gone "$agent_pid"
printf '[vbox-display]\noutput-map=DUMMY3,DUMMY2\n' >"$work/display.conf"
alog=$work/agent3.log
start_agent "$alog" --config "$work/display.conf"
agent_ready
printf '[vbox-display]\noutput-map=DUMMY1,DUMMY0\n' >"$work/display.conf"
kill -HUP "$agent_pid"
for _ in $(seq 100); do
	monitors | grep -q 'DUMMY1=800x600+[0-9]*+[0-9]*\*' &&
		monitors | grep -q 'DUMMY0=640x480+' && break
	sleep 0.05
done
monitors | grep -q 'DUMMY1=800x600+[0-9]*+[0-9]*\*' && monitors | grep -q 'DUMMY0=640x480+' &&
	grep -q 'output-map is now DUMMY1,DUMMY0' "$alog"
ok $? "SIGHUP: a new output-map in the file moves host display 0 to DUMMY1 and 1 to DUMMY0 ($(monitors))"
# (The same request applied again may move the outputs it keeps: only the
# map is checked.)
before=$(monitors)
printf '[vbox-display]\noutput-map=a,,b\n' >"$work/display.conf"
kill -HUP "$agent_pid"
for _ in $(seq 100); do
	grep -q 'keeping the previous settings' "$alog" && break
	sleep 0.05
done
sleep 0.2
kill -0 "$agent_pid" && monitors | grep -q 'DUMMY1=800x600+[0-9]*+[0-9]*\*' &&
	monitors | grep -q 'DUMMY0=640x480+' &&
	[ "$(grep -c 'keeping the previous settings' "$alog")" -eq 1 ] &&
	grep 'keeping the previous settings' "$alog" | grep -q 'output-map'
ok $? "SIGHUP with a bad file: one warning, the agent runs on with its map ($before -> $(monitors); $(grep -c "keeping the previous" "$alog") warning)"

# ---- the X server goes away -----------------------------------------------------------------
[ "$(cat "$pidfile" 2>/dev/null)" = "$agent_pid" ] && [ -s "$state" ]
ok $? "the running agent has its pidfile and its state file"
kill -KILL "$xpid"
wait "$xpid" 2>/dev/null
wait_gone "$agent_pid"
st=$?
[ $st -ne 0 ] && [ $st -ne 124 ] &&
	[ "$(grep -c 'lost the connection to the X server' "$alog")" -eq 1 ] &&
	tail -n 1 "$alog" | grep -q 'lost the connection to the X server'

ok $? "the X server killed: the agent exits $st with one line"
[ ! -e "$state" ] && [ ! -e "$pidfile" ]
ok $? "the X server killed: neither the state file nor the pidfile is left ($(ls "$run/open-vbox-tools" | tr '\n' ' '))"
kill -0 "$sim_pid" 2>/dev/null
ok $? "the simulator is still there"
[ "$(show monitor_position_reports)" -ge 1 ]
ok $? "the restarted host got monitor positions from the agent"

desktop-file-validate "$top/data/vbox-display.desktop" &&
	grep -qx 'X-GNOME-HiddenUnderSystemd=true' "$top/data/vbox-display.desktop" &&
	grep -qx 'X-systemd-skip=true' "$top/data/vbox-display.desktop" &&
	grep -qx 'WantedBy=graphical-session.target' "$top/data/vbox-display.service"
ok $? "the autostart entry passes desktop-file-validate and leaves systemd sessions to the user unit"

[ "$failed" -eq 0 ]
