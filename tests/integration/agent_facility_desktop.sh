#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The facility status the host records for the desktop agents
# (vbox-hostsim ctl status: facility.101, VBoxTrayClient), which
# vbox-clipboard, vbox-display and vbox-seamless share: each one started
# on Xvfb against vbox-hostsim, stopped cleanly, killed; the host
# restarted under running agents (each reports again from init); a start
# that fails; the X server going away.  The sequence of reports is read
# from the simulator's debug log.  TAP.
# Every process started here is remembered by PID and killed by PID.
set -u
. "$(dirname "$0")/../common/hostsim-tap.sh" agent-facility-desktop
. "$(dirname "$0")/../common/xserver.sh"
top=${OVT_TOP_BUILDDIR:-.}
vboxctl=$top/services/vboxctl/vboxctl

for c in Xvfb xprop; do
	if ! command -v "$c" >/dev/null; then
		echo "1..0 # SKIP $c is not installed (scripts/install-deps test)"
		exit 0
	fi
done
echo "1..29"
sim=$work/sim
mkdir -p "$sim" "$work/run" "$work/sysrun"
export XDG_RUNTIME_DIR=$work/run OVT_RUNSTATE_DIR=$work/sysrun
unset XDG_SESSION_TYPE WAYLAND_DISPLAY
export VBGL_DEVICE=unix:$sim/vboxuser.sock
state_dir=$XDG_RUNTIME_DIR/open-vbox-tools
# The simulator's debug log holds each report: "facility 101: status N".
start_host() { G_MESSAGES_DEBUG=all start_sim "$sim"; }

host_says() { "$sim_bin" ctl --dir "$sim" status | grep -qx "facility.101: $1"; }
# The statuses the current host received, in order (30 init, 50 active,
# 100 terminating, 101 terminated, 800 failed).
reports() { sed -n 's/.*facility 101: status \([0-9]*\)$/\1/p' "$sim.err" | tr '\n' ' '; }
state_file() { echo "$state_dir/$1@$xdisplay.state"; } # agent
own_status() { grep -qx "facility-status=$2" "$(state_file "$1")" 2>/dev/null; }
declare -A agent_pid
start_agent() { # agent
	"$top/services/$1/$1" --log-target=stderr 2>>"$work/$1.log" &
	agent_pid[$1]=$!
	pids+=("$!")
	wait_for 10 own_status "$1" active
}
stop_agent() { kill -TERM "${agent_pid[$1]}" && wait "${agent_pid[$1]}"; } # exit status

start_host
ok $? "the simulator starts"
start_xvfb
ok $? "Xvfb is up on $xdisplay"
export DISPLAY=$xdisplay
host_says inactive
ok $? "no agent yet: facility 101 inactive"

start_agent vbox-clipboard && wait_for 5 host_says active
ok $? "vbox-clipboard starts: facility 101 active"
[ "$(reports)" = "30 50 " ]
ok $? "... reported init, then active ($(reports))"
start_agent vbox-display && wait_for 5 host_says active
ok $? "vbox-display starts too: active"
start_agent vbox-seamless && wait_for 5 host_says active
ok $? "vbox-seamless starts too: active"
out=$("$vboxctl" status 2>&1)
for a in vbox-clipboard vbox-display vbox-seamless; do
	grep -qx "$a@$xdisplay.status: running" <<<"$out" &&
		grep -qx "$a@$xdisplay.facility-status: active" <<<"$out" &&
		grep -qx "$a@$xdisplay.facility: 101" <<<"$out"
	ok $? "vboxctl status: $a@$xdisplay running, its own facility status active"
done

before=$(reports)
stop_agent vbox-clipboard && host_says active && [ ! -e "$(state_file vbox-clipboard)" ]
ok $? "vbox-clipboard stops cleanly while the others run: still active, its state file gone"
[ "$(reports)" = "${before}50 50 " ]
ok $? "... its terminating and terminated count as active while others run ($(reports))"
kill -KILL "${agent_pid[vbox-display]}"
wait "${agent_pid[vbox-display]}" 2>/dev/null
host_says active && grep -qx 'facility-status=active' "$(state_file vbox-display)"
ok $? "vbox-display killed: the host's last word (active) stands, its state file is left"
"$vboxctl" status vbox-display 2>/dev/null | grep -qx "vbox-display@$xdisplay.status: dead"
ok $? "vboxctl status calls the killed one dead"

# The host goes away and a new one comes: it hears init, then active.
kill -KILL "$sim_pid"
wait "$sim_pid" 2>/dev/null
rm -f "$sim.err"
start_host
ok $? "a new simulator starts"
wait_for 15 host_says active
ok $? "vbox-seamless reconnects: the new host hears active"
[ "$(reports)" = "30 50 " ]
ok $? "... after init, from the start ($(reports))"

start_agent vbox-clipboard && wait_for 5 host_says active
ok $? "vbox-clipboard starts again: active"
stop_agent vbox-clipboard && host_says active
ok $? "... and stops cleanly while vbox-seamless runs: still active"
stop_agent vbox-seamless && host_says terminated
ok $? "vbox-seamless, the last live one, stops cleanly: terminated (the dead vbox-display does not count)"
rm -f "$(state_file vbox-display)"

# All three across a host restart: each reports from init again.
for a in vbox-clipboard vbox-display vbox-seamless; do start_agent "$a"; done
host_says active
ok $? "all three run again: active"
kill -KILL "$sim_pid"
wait "$sim_pid" 2>/dev/null
rm -f "$sim.err"
start_host
all_back() {
	local a
	for a in vbox-clipboard vbox-display vbox-seamless; do
		grep -qx "$a@$xdisplay.host: connected" <<<"$("$vboxctl" status "$a" 2>/dev/null)" || return 1
	done
	host_says active
}
wait_for 20 all_back
ok $? "a new host: the three reconnect, the host hears active"
r=$(reports)
# Three inits (one each) and nothing but init and active, active last.
[ "$(grep -o '30 ' <<<"$r" | wc -l)" -ge 3 ] && [[ $r =~ ^30\ (30\ |50\ )*50\ $ ]]
ok $? "... each after its init, the last report active ($r)"
for a in vbox-clipboard vbox-seamless; do
	kill -KILL "${agent_pid[$a]}"
	wait "${agent_pid[$a]}" 2>/dev/null
	rm -f "$(state_file "$a")"
	host_says active
	ok $? "$a killed: the host's last word (active) stands"
done

# A start that fails: another program holds the graphics capability.
"$top/services/vbox-display/vbox-display" --pidfile "$work/second.pid" \
	--state-file "$work/second.state" --log-target=stderr 2>"$work/second.log"
rc=$?
[ $rc -eq 1 ] && host_says failed
ok $? "a second vbox-display cannot take the graphics capability: exit 1, facility failed ($(tail -n 1 "$work/second.log"))"

# The X server goes away: the session is over, not broken.
start_agent vbox-seamless
stop_agent vbox-display
host_says active
ok $? "the failed one is gone: active again"
kill -TERM "$xpid"
wait "$xpid" 2>/dev/null
wait "${agent_pid[vbox-seamless]}"
rc=$?
[ $rc -eq 1 ] && host_says terminated && [ ! -e "$(state_file vbox-seamless)" ]
ok $? "the X server goes away: vbox-seamless exits 1, reports terminated, leaves no state file"

grep -qE 'Sanitizer|runtime error' "$work"/*.log
ok $(($? == 0)) "no sanitizer reports from the agents"
[ "$failed" -eq 0 ] || for f in "$work"/*.log; do sed "s|^|# $(basename "$f"): |" "$f" | tail -15; done
exit $((failed != 0))
