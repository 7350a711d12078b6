#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vboxctl status against vbox-hostsim: the driver and host versions, the
# agents' state files of the system and of the session (a live agent, a
# dead one, a reused PID, agents that are stopped), the exit status, and
# `status AGENT`.  TAP.
set -u
. "$(dirname "$0")/../common/hostsim-tap.sh" vboxctl-status
vboxctl=${OVT_TOP_BUILDDIR:-.}/services/vboxctl/vboxctl

echo "1..12"
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

exit 0
