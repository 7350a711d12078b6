#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vboxctl status against vbox-hostsim: the driver and host versions, the
# agents' state files of the system and of the session (a live agent, a
# dead one, a reused PID, agents that are stopped), the exit status, and
# `status AGENT`; then the real vbox-balloon and vbox-automount: running,
# each killed (dead), and the simulator gone (host: lost).  TAP.
set -u
. "$(dirname "$0")/../common/hostsim-tap.sh" vboxctl-status
top=${OVT_TOP_BUILDDIR:-.}
vboxctl=$top/services/vboxctl/vboxctl
balloon=$top/services/vbox-balloon/vbox-balloon
automount=$top/services/vbox-automount/vbox-automount

echo "1..27"
mkdir -p "$work/sim" "$work/run" "$work/xdg/open-vbox-tools"
export OVT_RUNSTATE_DIR=$work/run XDG_RUNTIME_DIR=$work/xdg
start_sim "$work/sim" --host-version 7.1.4r165100
ok $? "the simulator starts"
export VBGL_DEVICE=unix:$work/sim/vboxguest.sock

# start time of a process, clock ticks since boot (/proc/PID/stat field 22)
pid_start() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{ print $20 }'; }
state_file() { # path name pid pid-start [instance]
	{
		echo "[agent]"
		echo "name=$2"
		[ -n "${5:-}" ] && echo "instance=$5"
		echo "pid=$3"
		echo "pid-start=$4"
		echo "since=2026-12-02T03:00:00Z"
		echo "host=connected"
		echo "[state]"
		echo "balloon-size=16"
	} >"$1"
}

run() { "$vboxctl" "$@" >"$work/out" 2>"$work/err"; rc=$?; }

# No agent has a state file: every one is stopped, which is no failure.
run status
ok $(( rc != 0 )) "nothing running: exit 0"
grep -qx 'host version: 7.1.4r165100' "$work/out" && grep -q '^driver version: ' "$work/out"
ok $? "the driver and host versions are shown"
grep -qx 'vbox-balloon.status: stopped' "$work/out" && grep -qx 'vbox-clipboard.status: stopped' "$work/out"
ok $? "agents without a state file are stopped"

# A live system agent and a live session agent (stand-ins: sleep processes).
sleep 300 &
live=$!
pids+=("$live")
state_file "$work/run/vbox-balloon.state" vbox-balloon "$live" "$(pid_start "$live")"
state_file "$work/xdg/open-vbox-tools/vbox-clipboard@:5.state" vbox-clipboard "$live" "$(pid_start "$live")" :5
run status
ok $(( rc != 0 )) "live agents: exit 0"
grep -qx 'vbox-balloon.status: running' "$work/out" && grep -qx "vbox-balloon.pid: $live" "$work/out" &&
	grep -qx 'vbox-balloon.balloon-size: 16' "$work/out" && grep -qx 'vbox-balloon.host: connected' "$work/out"
ok $? "a running system agent with its state lines"
grep -qx 'vbox-clipboard@:5.status: running' "$work/out" && grep -qx 'vbox-clipboard@:5.instance: :5' "$work/out"
ok $? "a running session agent, named after its display"

# The agent dies without cleaning up: its state is stale.
kill -KILL "$live"
wait "$live" 2>/dev/null
run status
ok $(( rc != 1 )) "a dead agent: exit 1"
grep -qx 'vbox-balloon.status: dead' "$work/out" && grep -qx 'vbox-clipboard@:5.status: dead' "$work/out"
ok $? "stale state files are reported as dead, not running"

# A live PID with another start time is someone else's process.
state_file "$work/run/vbox-balloon.state" vbox-balloon $$ 1
rm -f "$work/xdg/open-vbox-tools/vbox-clipboard@:5.state"
run status vbox-balloon
ok $(( rc != 1 )) "a reused PID is dead too (status AGENT exits 1)"
run status vbox-clipboard
ok $(( rc != 1 )) "status of a stopped agent asked for by name exits 1"
run status vbox-nonsense
grep -q "^vboxctl: unknown agent 'vbox-nonsense'" "$work/err" && [ "$rc" -eq 2 ]
ok $? "an unknown agent is a usage error (exit 2)"

# ---- the real agents -----------------------------------------------------------------
rm -f "$work/run/vbox-balloon.state"
has_line() { grep -qx -- "$2" "$1" 2>/dev/null; } # file line
agent_out() { # name: what `vboxctl status NAME` says
	"$vboxctl" status "$1" 2>/dev/null
}
say() { agent_out "$1" | grep -qx -- "$2"; } # agent line
start_balloon() {
	"$balloon" --device "$VBGL_DEVICE" --pidfile "$work/balloon.pid" \
		--log-target=stderr 2>>"$work/balloon.log" &
	balloon_pid=$!
	pids+=("$balloon_pid")
}
printf '[vbox-automount]\nmount-dir=%s\nvboxsf-fuse=%s\n' "$work/media" \
	"$top/vboxsf-fuse/vboxsf-fuse" >"$work/am.conf"
start_automount() {
	"$automount" -c "$work/am.conf" --device "$VBGL_DEVICE" --pidfile "$work/am.pid" \
		--log-target=stderr 2>>"$work/automount.log" &
	automount_pid=$!
	pids+=("$automount_pid")
}
connected() { has_line "$work/run/$1.state" "host=connected"; }
if [ "$(id -u)" = 0 ]; then
	am_skip=
else
	am_skip=" # SKIP vbox-automount's system mode needs root"
fi

start_balloon
[ -z "$am_skip" ] && start_automount
wait_for 10 connected vbox-balloon && { [ -n "$am_skip" ] || wait_for 10 connected vbox-automount; }
ok $? "vbox-balloon and vbox-automount start and publish host=connected"
run status
ok $(( rc != 0 )) "both agents running: exit 0"
grep -qx 'vbox-balloon.status: running' "$work/out" && grep -qx "vbox-balloon.pid: $balloon_pid" "$work/out" &&
	grep -qx 'vbox-balloon.host: connected' "$work/out" && grep -qx 'vbox-balloon.balloon-size: 0' "$work/out" &&
	grep -qx 'vbox-balloon.statistics-interval: 0' "$work/out"
ok $? "vbox-balloon: running, connected, balloon 0 MiB, no statistics asked"
[ -n "$am_skip" ] || { grep -qx 'vbox-automount.status: running' "$work/out" &&
	grep -qx 'vbox-automount.host: connected' "$work/out" && grep -qx 'vbox-automount.mode: system' "$work/out" &&
	grep -qx 'vbox-automount.shares: 0' "$work/out"; }
ok $? "vbox-automount: running, connected, system mode, no shares$am_skip"

# The host's requests show up in the agent's state.
"$sim_bin" ctl --dir "$work/sim" balloon 16 >/dev/null
"$sim_bin" ctl --dir "$work/sim" stats-interval 3 >/dev/null
wait_for 5 say vbox-balloon 'vbox-balloon.statistics-interval: 3' &&
	wait_for 5 say vbox-balloon 'vbox-balloon.balloon-size: 16'
ok $? "vbox-balloon follows the host: statistics every 3 s, balloon 16 MiB"

kill -KILL "$balloon_pid"; wait "$balloon_pid" 2>/dev/null
run status vbox-balloon
ok $(( rc != 1 )) "vbox-balloon killed: status vbox-balloon exits 1"
grep -qx 'vbox-balloon.status: dead' "$work/out"
ok $? "vbox-balloon killed: reported dead"
if [ -z "$am_skip" ]; then
	run status vbox-automount
	[ "$rc" -eq 0 ] && grep -qx 'vbox-automount.status: running' "$work/out"
	ok $? "vbox-automount still running (exit 0)"
	kill -KILL "$automount_pid"; wait "$automount_pid" 2>/dev/null
	run status vbox-automount
	[ "$rc" -eq 1 ] && grep -qx 'vbox-automount.status: dead' "$work/out"
	ok $? "vbox-automount killed: reported dead, exit 1"
else
	ok 0 "vbox-automount still running$am_skip"
	ok 0 "vbox-automount killed: reported dead$am_skip"
fi

# Started again, then the simulator goes away: the agents live on, lost.
rm -f "$work/run/vbox-balloon.state" "$work/run/vbox-automount.state"
start_balloon
[ -z "$am_skip" ] && start_automount
wait_for 10 connected vbox-balloon && { [ -n "$am_skip" ] || wait_for 10 connected vbox-automount; }
ok $? "started again: connected"
kill -TERM "$sim_pid"; wait "$sim_pid" 2>/dev/null
lost() { has_line "$work/run/$1.state" "host=lost"; }
wait_for 10 lost vbox-balloon && { [ -n "$am_skip" ] || wait_for 10 lost vbox-automount; }
ok $? "the simulator gone: the agents publish host=lost"
run status
grep -qx 'driver: unavailable' "$work/out" && [ "$rc" -eq 1 ]
ok $? "without the simulator: driver unavailable, exit 1"
grep -qx 'vbox-balloon.status: running' "$work/out" && grep -qx 'vbox-balloon.host: lost' "$work/out" &&
	grep -q '^vbox-balloon.last-error: lost ' "$work/out" && grep -q '^vbox-balloon.last-error-time: ' "$work/out" &&
	! grep -q '^vbox-balloon.balloon-size: ' "$work/out"
ok $? "vbox-balloon: running, host: lost, the loss as its last error"
[ -n "$am_skip" ] || { grep -qx 'vbox-automount.status: running' "$work/out" &&
	grep -qx 'vbox-automount.host: lost' "$work/out" && grep -q '^vbox-automount.last-error: lost ' "$work/out"; }
ok $? "vbox-automount: running, host: lost, the loss as its last error$am_skip"

kill -TERM "$balloon_pid"; wait "$balloon_pid"; rc=$?
[ -z "$am_skip" ] && { kill -TERM "$automount_pid"; wait "$automount_pid" || rc=1; }
[ "$rc" -eq 0 ] && [ ! -e "$work/run/vbox-balloon.state" ] && [ ! -e "$work/run/vbox-automount.state" ]
ok $? "SIGTERM: both exit 0 and remove their state files"

exit $((failed != 0))
