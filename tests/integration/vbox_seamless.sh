#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-seamless against a real vbox-hostsim, on Xvfb with
# a real window manager (openbox, which frames its clients and keeps
# _NET_CLIENT_LIST).  The region the host receives is compared pixel by
# pixel (seamless-testtool union-equal) with the frames xwininfo reports
# and, for a shaped window, with its frame's bounding shape: after start,
# after moving, resizing, unmapping, mapping, raising and lowering windows
# with xdotool (each within 100 ms of the X server's report, which a
# witness client time-stamps; the time from the command's start, xdotool
# and openbox included, is printed too), with a shaped window, an
# override-redirect window and a desktop-type window.  Also: no updates and
# no wakeups while seamless mode is off, zero wakeups over 10 s in seamless
# mode, the host killed and restarted, the capability cleared at exit, the
# X server killed, single instance, usage errors, the state as `vboxctl
# status` shows it.  (The autostart entry and the user unit:
# session_startup.sh.)
# Every process started here is remembered by PID and killed by PID.
set -u

. "$(dirname "$0")/../common/hostsim-tap.sh" seamless
. "$(dirname "$0")/../common/xserver.sh"

top=${OVT_TOP_BUILDDIR:-.}
src=${OVT_TOP_SRCDIR:-$top}
agent=$top/services/vbox-seamless/vbox-seamless
vboxctl=$top/services/vboxctl/vboxctl
tool=$top/tests/integration/seamless-testtool

for c in Xvfb openbox xdotool xwininfo xprop xlogo xmessage xeyes; do
	if ! command -v "$c" >/dev/null; then
		echo "1..0 # SKIP $c is not installed (scripts/install-deps test)"
		exit 0
	fi
done

sim=$work/sim
mkdir -p "$sim" "$work/run" "$work/sysrun"
export XDG_RUNTIME_DIR=$work/run
# vboxctl status reads the system agents' directory too: an empty one.
export OVT_RUNSTATE_DIR=$work/sysrun
unset XDG_SESSION_TYPE WAYLAND_DISPLAY
log=$work/agent.log
agent_pid=
SW=1280
SH=1024
# The latency allowed between the X server reporting a change and the
# host receiving the region.
limit_us=100000

not_ok_log() { # description lines...
	ok 1 "$1"
	shift
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}
check() { # description command...
	local d=$1
	shift
	"$@"
	ok $? "$d"
}
ctl() { "$sim_bin" ctl --dir "$sim" "$@"; }
show() { ctl seamless show "$@"; }
sv() { show | sed -n "s/^$1: //p"; } # key
log_count() { grep -c -- "$1" "$log"; }
start_agent() { # extra args...
	"$agent" -d "unix:$sim/vboxuser.sock" --log-target=stderr -vv "$@" \
		2>>"$log" &
	agent_pid=$!
	pids+=("$agent_pid")
}
state_file() { echo "$XDG_RUNTIME_DIR/open-vbox-tools/vbox-seamless@$xdisplay.state"; }
# What `vboxctl status` says about the agent (KEY of its [agent] or [state]).
agent_status() { "$vboxctl" --device "unix:$sim/vboxuser.sock" status "vbox-seamless@$xdisplay" 2>/dev/null; }
state_value() { agent_status | sed -n "s/^vbox-seamless@$xdisplay\.$1: //p"; }
state_is() { [ "$(state_value "$1")" = "$2" ]; } # key value
sv_is() { [ "$(sv "$1")" = "$2" ]; }           # key value

# ---- the X side of the expected region -----------------------------------------
win_id() { x_window "$1"; } # title: the client window, once mapped
# The top-level ancestor of a window (the frame openbox made for it).
frame_of() { # window
	local w=$1 p
	while :; do
		p=$(xwininfo -children -id "$w" 2>/dev/null |
			sed -n 's/^  Parent window id: \(0x[0-9a-f]*\).*/\1/p')
		[ -n "$p" ] || return 1
		if [ $((p)) -eq $((root)) ]; then
			echo "$w"
			return 0
		fi
		w=$p
	done
}
# Whether the first client's frame is above the second's (xwininfo lists
# the children of the root top first).
stack_pos() { xwininfo -root -children | awk -v w="$1" '$1 == w { print NR; exit }'; }
above() { # client client
	local a b
	a=$(stack_pos "$(frame_of "$1")")
	b=$(stack_pos "$(frame_of "$2")")
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}
# A viewable window's outer rectangle (border included), as xwininfo says.
outer_rect() { # window
	xwininfo -id "$1" 2>/dev/null | awk '
		/Absolute upper-left X:/ { x = $4 } /Absolute upper-left Y:/ { y = $4 }
		/^  Width:/ { w = $2 } /^  Height:/ { h = $2 } /Border width:/ { b = $3 }
		/Map State:/ { m = $3 }
		END { if (m == "IsViewable") print x, y, x + w + 2 * b, y + h + 2 * b }'
}
# The expected region: the frames of the plain windows, the bounding shape
# of the shaped ones' frames.
plain=()
shaped=()
expect() { # file
	local c f
	: >"$1"
	for c in "${plain[@]}"; do
		f=$(frame_of "$c") && outer_rect "$f" >>"$1"
	done
	for c in "${shaped[@]}"; do
		f=$(frame_of "$c") && [ -n "$(outer_rect "$f")" ] &&
			"$tool" shape "$f" >>"$1"
	done
}
region() { # file [show args]: the rectangles the host holds
	local f=$1
	shift
	show "$@" >"$f.show" || return 1
	grep -E '^-?[0-9]+ -?[0-9]+ -?[0-9]+ -?[0-9]+$' "$f.show" >"$f"
}
region_is_expected() {
	expect "$work/expected" && region "$work/region" &&
		"$tool" union-equal $SW $SH "$work/region" "$work/expected" >"$work/diff"
}
# The witness: a plain X client that time-stamps every event of the
# root's substructure (and property changes of the windows given), so
# the agent's latency is measured from the moment the X server reported
# the change, apart from how long xdotool and openbox took to make it.
start_witness() { # windows...
	"$tool" watch "$@" >"$work/witness" 2>&1 &
	pids+=("$!")
	wait_for 5 grep -q '^ready' "$work/witness"
}
first_event_after() { # t_us
	awk -v t="$1" '$1 ~ /^[0-9]+$/ && $1 > t { print $1; exit }' "$work/witness"
}
# After an X command started at $t0: wait (3 s) until the host's region
# equals the expected one.  Sets $e2e_us (the arrival of the matching
# update after t0), $lat_us (after the first X event that followed t0:
# the agent's share) -- both 0 when no update was needed -- or $why.
latency_to_expected() { # t0_us updates_before
	local t0=$1 u0=$2 u deadline=$(($(date +%s%6N) + 3000000)) last first
	why=
	while [ "$(date +%s%6N)" -lt $deadline ]; do
		if region_is_expected; then
			u=$(sed -n 's/^updates: //p' "$work/region.show")
			last=$(sed -n 's/^last_update_us: //p' "$work/region.show")
			lat_us=0
			e2e_us=0
			# An update that came before t0 was not this one's.
			if [ "$u" -gt "$u0" ] && [ "$last" -gt "$t0" ]; then
				e2e_us=$((last - t0))
				first=$(first_event_after "$t0")
				lat_us=$e2e_us
				# The agent may beat the witness to it (0).
				[ -n "$first" ] && lat_us=$((last > first ? last - first : 0))
			fi
			return 0
		fi
		u=$(sed -n 's/^updates: //p' "$work/region.show")
		show --wait $((u + 1)) --timeout 1000 >/dev/null 2>&1
	done
	why="region never matched: $(cat "$work/diff")"
	return 1
}
# Start an X client in the background, wait until its window is mapped
# and add it to the plain or shaped windows; sets $launched to it.
launch() { # plain|shaped title command...
	local -n list=$1
	local title=$2
	shift 2
	"$@" >/dev/null 2>&1 &
	pids+=("$!")
	launched=$(win_id "$title")
	list+=("$launched")
}
# Map an override-redirect window, a plain one; sets $launched to it.
popup() { # x y w h
	"$tool" popup "$@" >"$work/popup.out" 2>&1 &
	pids+=("$!")
	wait_for 5 grep -q ready "$work/popup.out"
	launched=$(sed -n 's/^ready //p' "$work/popup.out")
	plain+=("$launched")
}
# Run a command; 0 once the host's region is the expected one (3 s).
follow() { # command...
	local t0 u0
	u0=$(sv updates)
	t0=$(date +%s%6N)
	"$@" >/dev/null 2>&1
	if ! latency_to_expected "$t0" "$u0"; then
		why="$why; region: $(tr '\n' ' ' <"$work/region" | head -c 300); expected: $(tr '\n' ' ' <"$work/expected" | head -c 300)"
		return 1
	fi
	echo "# $((lat_us / 1000)).$(((lat_us % 1000) / 100)) ms after the X server, $((e2e_us / 1000)).$(((e2e_us % 1000) / 100)) ms after the command started"
}
# An X command (xdotool, xprop): the region must follow the X server's
# report of it within 100 ms.
act() { # description command...
	local d=$1
	shift
	if ! follow "$@"; then
		not_ok_log "$d" "$why"
		return
	fi
	lats+=("$lat_us")
	e2es+=("$e2e_us")
	[ "$lat_us" -le $limit_us ]
	ok $? "$d: the host's region follows the X server within 100 ms ($((lat_us / 1000)) ms; $((e2e_us / 1000)) ms from the command)"
}
# A new client: its start-up time is its own, so no limit.
appear() { # description command...
	local d=$1
	shift
	follow "$@"
	ok $? "$d: the host's region follows ${why:-($((lat_us / 1000)) ms after its start)}"
}

echo "1..52"

# ---- command line ---------------------------------------------------------------
out=$("$agent" --help 2>&1)
rc=$?
[ $rc -eq 0 ] && grep -q -- '--display' <<<"$out" && grep -q -- '--pidfile' <<<"$out"
ok $? "--help exits 0 and lists --display and --pidfile"
out=$("$agent" --frobnicate 2>&1)
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q frobnicate <<<"$out"
ok $? "an unknown option: exit 2, one line"
out=$("$agent" --version 2>&1)
[ "$out" = "vbox-seamless ${OVT_VERSION:-0.1.0}" ]
ok $? "--version prints the version"
out=$(env -u DISPLAY "$agent" 2>&1)
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q 'DISPLAY is not set' <<<"$out"
ok $? "no X display: exit 1, one line ($out)"
out=$(XDG_SESSION_TYPE=wayland "$agent" 2>&1)
rc=$?
[ $rc -eq 0 ] && grep -q 'X11 sessions only' <<<"$out"
ok $? "in a Wayland session it steps aside with exit 0"

# ---- the desktop ------------------------------------------------------------------
start_sim "$sim"
ok $? "vbox-hostsim is up"
start_xvfb
ok $? "Xvfb is up on $xdisplay"
export DISPLAY=$xdisplay
root=$(xwininfo -root | sed -n 's/.*Window id: \(0x[0-9a-f]*\).*/\1/p')
start_openbox
st=$?
ok $st "openbox manages the screen"
[ $st -eq 0 ] || sed 's/^/# openbox: /' "$work/openbox.log"
xlogo -title logo-one -geometry 200x150+20+20 >/dev/null 2>&1 &
pids+=("$!")
xlogo -title logo-two -geometry 200x150+300+100 >/dev/null 2>&1 &
pids+=("$!")
xmessage -title message -geometry +700+500 "seamless mode test" >/dev/null 2>&1 &
pids+=("$!")
logo1=$(win_id logo-one)
logo2=$(win_id logo-two)
msg=$(win_id message)
plain=("$logo1" "$logo2" "$msg")
[ -n "$logo1" ] && [ -n "$logo2" ] && [ -n "$msg" ] &&
	frame_of "$logo1" >/dev/null && [ "$(frame_of "$logo1")" != "$logo1" ]
ok $? "two xlogo and an xmessage, each in an openbox frame"

out=$("$agent" -d "unix:$work/none.sock" --pidfile "$work/x.pid" 2>&1)
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q 'none.sock' <<<"$out"
ok $? "a missing device fails at start: exit 1, one line"

# ---- the agent, seamless mode off ----------------------------------------------------
start_agent
wait_for 5 bash -c "'$sim_bin' ctl --dir '$sim' seamless show | grep -qx 'guest_supports_seamless: yes'"
ok $? "the agent runs and the host sees the seamless capability"
pidfile=$XDG_RUNTIME_DIR/open-vbox-tools/vbox-seamless@$xdisplay.pid
wait_for 2 state_is seamless off
[ "$(cat "$pidfile" 2>/dev/null)" = "$agent_pid" ] && [ -f "$(state_file)" ] &&
	[ "$(state_value status)" = running ] &&
	[ "$(state_value pid)" = "$agent_pid" ] && [ "$(state_value seamless)" = off ] &&
	[ "$(state_value host)" = connected ] && [ "$(state_value instance)" = "$xdisplay" ] &&
	[ -z "$(state_value last-error)" ]
ok $? "pidfile and state file named after the display; vboxctl status: $(agent_status | grep '^vbox-seamless' | tr '\n' ' ')"
out=$("$agent" -d "unix:$sim/vboxuser.sock" 2>&1)
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q "already running as pid $agent_pid" <<<"$out"
ok $? "a second instance on the display is refused: exit 1, one line"
[ "$(sv updates)" = 0 ] && [ "$(sv mode)" = off ]
ok $? "seamless mode off: no region sent"
sleep 0.3
c0=$(ctx_switches "$agent_pid")
timeout 10 xdotool windowmove --sync "$logo1" 40 40 windowmove --sync "$logo1" 20 20 >/dev/null 2>&1
timeout 10 xdotool windowsize --sync "$logo2" 220 160 windowsize --sync "$logo2" 200 150 >/dev/null 2>&1
sleep 0.5
c1=$(ctx_switches "$agent_pid")
[ "$(sv updates)" = 0 ] && [ "$c1" -eq "$c0" ]
ok $? "seamless mode off: windows move and resize, no update and no wakeup ($c0 -> $c1)"

# ---- seamless mode on ------------------------------------------------------------------
ctl seamless on
region "$work/region" --wait 1 && expect "$work/expected" &&
	"$tool" union-equal $SW $SH "$work/region" "$work/expected" >"$work/diff"
ok $? "seamless on: the region is the union of the three frames ($(sed -n 's/^rects: //p' "$work/region.show") rects) $(cat "$work/diff")"
rects_match() { state_is seamless on && [ "$(state_value rects)" = "$(sv rects)" ]; }
[ "$(sv acked_mode)" = on ] && wait_for 2 rects_match
ok $? "the agent read the mode; the state file says on, $(state_value rects) rects"
grep -q 'the host switched seamless mode on' "$log"
ok $? "the switch is logged"

sleep 0.3
c0=$(ctx_switches "$agent_pid")
u0=$(sv updates)
sleep 10
c1=$(ctx_switches "$agent_pid")
echo "# idle 10 s in seamless mode: $((c1 - c0)) context switches over $(ls /proc/$agent_pid/task | wc -l) threads"
[ "$c1" -eq "$c0" ] && [ "$(sv updates)" = "$u0" ]
ok $? "idle for 10 s in seamless mode: no wakeup, no update ($c0 -> $c1)"

lats=()
e2es=()
start_witness "$msg"
act "windowmove: logo-two over logo-one" timeout 10 xdotool windowmove --sync "$logo2" 100 50
act "windowmove: logo-one partly off screen" timeout 10 xdotool windowmove --sync "$logo1" -60 -40
act "windowsize: logo-two larger" timeout 10 xdotool windowsize --sync "$logo2" 320 260
act "windowunmap: the message goes" timeout 10 xdotool windowunmap --sync "$msg"
act "windowmap: the message is back" timeout 10 xdotool windowmap --sync "$msg"
u0=$(sv updates)
act "windowraise: logo-one on top" timeout 10 xdotool windowraise "$logo1"
above "$logo1" "$logo2"
ok $? "xwininfo lists logo-one's frame above logo-two's"
act "lower: logo-one to the bottom" "$tool" lower "$logo1"
above "$logo2" "$logo1"
ok $? "... and, lowered, below it"
sleep 0.2
[ "$(sv updates)" = "$u0" ]
ok $? "raising and lowering change no pixel of the union: no update sent"

appear "a shaped window maps (xeyes)" \
	launch shaped eyes xeyes -title eyes -geometry 150x150+900+100
eyes=$launched
act "windowmove: the shaped window" timeout 10 xdotool windowmove --sync "$eyes" 880 120
ef=$(frame_of "$eyes")
outer_rect "$ef" >"$work/eyes.box"
cat "$work/region" "$work/eyes.box" >"$work/with-box"
a_region=$("$tool" area $SW $SH "$work/region")
a_box=$("$tool" area $SW $SH "$work/with-box")
[ "$a_region" -lt "$a_box" ]
ok $? "the shaped window contributes its shape, not its box ($a_region < $a_box pixels)"

appear "an override-redirect window (a menu) maps" popup 600 700 80 40
popup=$launched

plain=("$logo1" "$logo2" "$popup")
act "the message becomes a desktop window: it leaves the region" \
	xprop -id "$msg" -f _NET_WM_WINDOW_TYPE 32a -set _NET_WM_WINDOW_TYPE _NET_WM_WINDOW_TYPE_DESKTOP
plain=("$logo1" "$logo2" "$popup" "$msg")
act "... and a normal one again: it is back" \
	xprop -id "$msg" -f _NET_WM_WINDOW_TYPE 32a -set _NET_WM_WINDOW_TYPE _NET_WM_WINDOW_TYPE_NORMAL

# ---- seamless mode off again --------------------------------------------------------------
ctl seamless off
wait_for 3 state_is seamless off
ok $? "seamless off: the state file says so"
u0=$(sv updates)
sleep 0.3
c0=$(ctx_switches "$agent_pid")
timeout 10 xdotool windowmove --sync "$logo2" 400 300 >/dev/null 2>&1
sleep 0.5
c1=$(ctx_switches "$agent_pid")
[ "$(sv updates)" = "$u0" ] && [ "$c1" -eq "$c0" ]
ok $? "seamless off: a window moves, the update counter stays ($u0), no wakeup ($c0 -> $c1)"

# ---- the host goes away and comes back -------------------------------------------------------
ctl seamless on
show --wait $((u0 + 1)) >/dev/null
kill -KILL "$sim_pid"
wait "$sim_pid" 2>/dev/null
sleep 2.5
kill -0 "$agent_pid"
ok $? "the host is killed: the agent lives on"
[ "$(log_count '^vbox-seamless: lost ')" -eq 1 ] && wait_for 2 state_is host lost &&
	[ -n "$(state_value last-error)" ]
ok $? "the loss is logged once; vboxctl status says host lost, and why ($(state_value last-error))"
start_sim "$sim"
wait_for 10 grep -q ' is back after ' "$log"
ok $? "the agent reconnects to the new host"
[ "$(log_count ' is back after ')" -eq 1 ] && [ "$(log_count '^vbox-seamless: lost ')" -eq 1 ] &&
	[ "$(sv guest_supports_seamless)" = yes ] && [ "$(sv updates)" = 0 ]
ok $? "logged once each; the new host sees the capability, no region yet (seamless off there)"
ctl seamless on
region "$work/region" --wait 1 && expect "$work/expected" &&
	"$tool" union-equal $SW $SH "$work/region" "$work/expected" >"$work/diff"
ok $? "seamless on at the new host: the region arrives $(cat "$work/diff")"
act "and follows the windows again" timeout 10 xdotool windowmove --sync "$logo2" 450 350

# ---- SIGHUP, clean stop --------------------------------------------------------------------
u0=$(sv updates)
kill -HUP "$agent_pid"
show --wait $((u0 + 1)) --timeout 3000 >/dev/null
ok $? "SIGHUP sends the region anew"
kill -TERM "$agent_pid"
wait "$agent_pid"
rc=$?
agent_pid=
[ $rc -eq 0 ]
ok $? "SIGTERM: exit 0"
[ "$(sv guest_supports_seamless)" = no ]
ok $? "the host sees the seamless capability cleared"
[ ! -e "$(state_file)" ] && [ ! -e "$pidfile" ]
ok $? "the state file and the pidfile are gone"
mask=$(ctl status | sed -n 's/^filter_mask: //p')
[ $((mask & 0x20)) -eq 0 ]
ok $? "the seamless event bit left the filter ($mask)"

# ---- the X server goes away -------------------------------------------------------------------
u0=$(sv updates)
start_agent
show --wait $((u0 + 1)) >/dev/null && wait_for 5 state_is seamless on
lines0=$(wc -l <"$log")
# SIGTERM: a SIGKILLed server would leave its lock file behind for the
# next test's server to trip over (see tests/common/xserver.sh).
kill -TERM "$xpid"
wait "$xpid" 2>/dev/null
wait "$agent_pid"
rc=$?
agent_pid=
new=$(tail -n +$((lines0 + 1)) "$log")
[ $rc -eq 1 ] && [ "$(wc -l <<<"$new")" -eq 1 ] &&
	grep -q "lost the connection to the X server $xdisplay" <<<"$new"
ok $? "the X server is killed: exit 1 with one line ($new)"
[ ! -e "$(state_file)" ] && [ ! -e "$pidfile" ]
ok $? "... and no state file or pidfile is left behind"
wait_for 3 sv_is guest_supports_seamless no
ok $? "... and the host sees the capability cleared"

# ---- latencies ----------------------------------------------------------------------------------
if [ ${#lats[@]} -gt 0 ]; then
	echo "# region latencies after the X server (us): $(printf '%s\n' "${lats[@]}" | sort -n | tr '\n' ' ')"
	echo "# ... after the command started (us): $(printf '%s\n' "${e2es[@]}" | sort -n | tr '\n' ' ')"
fi

# Under --enable-sanitizers the agent's exits ran the leak checker.
! grep -qE 'Sanitizer|runtime error' "$log"
ok $? "no sanitizer reports from the agent"
[ "$failed" -eq 0 ] || { echo "# agent log:"; sed 's/^/#   /' "$log" | tail -40; }
