#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-guestinfo against a real vbox-hostsim, run inside a
# network namespace this test creates (ip netns add, unique name, deleted
# at the end; only dummy interfaces inside it, no traffic, the machine's
# own network untouched).  Every property against uname, ip -j addr and
# who; an interface added and removed seen through rtnetlink within a
# second; host waits see each change; the host killed and restarted; the
# clean stop; the idle cost.  Needs root and iproute2 (else skipped).
# Every process started here is remembered by PID and killed by PID.
set -u
. "${OVT_TOP_SRCDIR:-.}/tests/common/hostsim-tap.sh" guestinfo
top=${OVT_TOP_BUILDDIR:-.}
agent=$top/services/vbox-guestinfo/vbox-guestinfo
ns=ovt-guestinfo-$$
ns_made=
agent_pid=
sim=$work/sim
log=$work/agent.log
GI=/VirtualBox/GuestInfo

if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null ||
	! command -v jq >/dev/null; then
	echo "1..0 # SKIP needs root, iproute2 and jq"
	exit 0
fi

stop_agent() {
	[ -n "$agent_pid" ] || return 0
	kill -TERM "$agent_pid" 2>/dev/null
	for _ in $(seq 100); do
		kill -0 "$agent_pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$agent_pid" 2>/dev/null
	wait "$agent_pid" 2>/dev/null
	agent_status=$?
	agent_pid=
}
gi_cleanup() {
	stop_agent
	[ -n "$ns_made" ] && ip netns delete "$ns"
	cleanup
}
trap gi_cleanup EXIT
trap 'exit 1' INT TERM

in_ns() { ip netns exec "$ns" "$@"; }
# An interface inside the namespace: a dummy, or where the kernel has no
# dummy driver a veth pair with both ends inside (the peer, NAME-p, gets no
# address and so is not reported).
add_if() { # name [address MAC]
	local name=$1
	shift
	in_ns ip link add "$name" "$@" type dummy 2>/dev/null ||
		in_ns ip link add "$name" "$@" type veth peer name "$name-p"
}
ctl() { "$sim_bin" ctl --dir "$sim" "$@"; }
# The value of a property, or "<absent>".
prop() {
	ctl guestprop get "$1" 2>/dev/null | sed -n 's/^value: //p' |
		grep . || { ctl guestprop get "$1" >/dev/null 2>&1 &&
		echo "" || echo "<absent>"; }
}
pflags() { ctl guestprop get "$1" 2>/dev/null | sed -n 's/^flags: //p'; }
pts() { ctl guestprop get "$1" 2>/dev/null | sed -n 's/^timestamp: //p'; }
# Wait up to $2 tenths of a second for prop $1 to read $3.
wait_prop() {
	local i
	for i in $(seq "$2"); do
		[ "$(prop "$1")" = "$3" ] && return 0
		sleep 0.1
	done
	return 1
}
start_agent() { # args...
	# A simple command, so that $! is the agent (ip netns exec execs it).
	OVT_RUNSTATE_DIR=$work/state ip netns exec "$ns" "$agent" \
		--device "unix:$sim/vboxguest.sock" \
		--pidfile "$work/agent.pid" -v -v "$@" >>"$log" 2>&1 &
	agent_pid=$!
}

echo "1..25"
mkdir -p "$sim" "$work/state"
start_sim "$sim"
ok $? "vbox-hostsim is up"

ip netns add "$ns" && ns_made=1
in_ns ip link set lo up &&
	add_if dummy1 address 02:00:00:00:10:01 &&
	in_ns ip addr add 10.200.1.1/24 brd + dev dummy1 &&
	in_ns ip link set dummy1 up
ok $? "network namespace $ns with lo and dummy1 (10.200.1.1/24)"

start_agent --interval 5
wait_prop $GI/Net/Count 50 1
ok $? "the agent reports one interface (lo is skipped)"

# ---- every property against the system ------------------------------------
[ "$(prop $GI/OS/Product)" = "$(uname -s)" ] &&
	[ "$(prop $GI/OS/Release)" = "$(uname -r)" ] &&
	[ "$(prop $GI/OS/Version)" = "$(uname -v)" ] &&
	[ "$(prop $GI/OS/ServicePack)" = "" ]
ok $? "OS/Product, Release, Version as uname -s, -r, -v; ServicePack empty"

IFS=. read -r v_maj v_min v_pat <<<"${OVT_VERSION:-0.0.0}"
rev=$((v_maj * 1000000 + v_min * 1000 + ${v_pat%%[!0-9]*}))
[ "$(prop /VirtualBox/GuestAdd/Version)" = "${OVT_VERSION:-}" ] &&
	[ "$(prop /VirtualBox/GuestAdd/VersionExt)" = "${OVT_VERSION:-}" ] &&
	[ "$(prop /VirtualBox/GuestAdd/Revision)" = "$rev" ] &&
	[ -z "$(pflags /VirtualBox/GuestAdd/Version)" ]
ok $? "GuestAdd/Version, VersionExt ${OVT_VERSION:-}, Revision $rev, no flags"

users=$(who | awk '{print $1}' | awk '!seen[$0]++' | paste -sd, -)
count=$(who | awk '{print $1}' | sort -u | grep -c .)
want_list=${users:-<absent>}
[ "$(prop $GI/OS/LoggedInUsersList)" = "$want_list" ] &&
	[ "$(prop $GI/OS/LoggedInUsers)" = "$count" ] &&
	[ "$(prop $GI/OS/NoLoggedInUsers)" = "$([ "$count" -eq 0 ] &&
		echo true || echo false)" ]
ok $? "users as who says: list '$want_list', count $count"

[ "$(pflags $GI/OS/LoggedInUsers)" = "TRANSIENT, TRANSRESET" ] &&
	[ "$(pflags $GI/OS/NoLoggedInUsers)" = "TRANSIENT, TRANSRESET" ]
ok $? "the users properties are TRANSRESET (TRANSIENT, TRANSRESET)"

# Net/N against ip -j addr, entry by entry, in the kernel's order.
check_net() {
	local i=0 bad=0 line name addr plen brd mac up mask
	while read -r line; do
		read -r name addr plen brd mac up <<<"$line"
		mask=$(python3 -c "import ipaddress,sys; print(ipaddress.ip_network('0.0.0.0/$plen').netmask)")
		mac=$(echo "$mac" | tr -d : | tr a-f A-F)
		[ "$(prop $GI/Net/$i/V4/IP)" = "$addr" ] || bad=1
		[ "$(prop $GI/Net/$i/V4/Broadcast)" = "$brd" ] || bad=1
		[ "$(prop $GI/Net/$i/V4/Netmask)" = "$mask" ] || bad=1
		[ "$(prop $GI/Net/$i/MAC)" = "$mac" ] || bad=1
		[ "$(prop $GI/Net/$i/Status)" = "$up" ] || bad=1
		[ "$(prop $GI/Net/$i/Name)" = "$name" ] || bad=1
		[ -z "$(pflags $GI/Net/$i/V4/IP)" ] || bad=1
		i=$((i + 1))
	done < <(in_ns ip -j addr | jq -r '.[] | select(.link_type != "loopback") |
		. as $l | .addr_info[] | select(.family == "inet") |
		"\(.label // $l.ifname) \(.local) \(.prefixlen) \(.broadcast // "0.0.0.0") \($l.address) \(if ($l.flags | index("UP")) then "Up" else "Down" end)"')
	[ "$bad" -eq 0 ] && [ "$(prop $GI/Net/Count)" = "$i" ] &&
		[ "$(prop $GI/Net/$i/V4/IP)" = "<absent>" ]
}
# check_net until it holds, up to 3 s: Count is written in the same cycle
# as the entries, but a second netlink event (the link going up after its
# address was added) may start another cycle just behind it.
wait_net() {
	local i
	for i in $(seq 15); do
		check_net && return 0
		sleep 0.2
	done
	return 1
}
wait_net
ok $? "Net/0/*: IP, Broadcast, Netmask, MAC, Status, Name as ip -j addr"

# ---- changes through rtnetlink ---------------------------------------------
since=$(pts $GI/Net/0/Name)
t0=$(date +%s%N)
add_if dummy0 &&
	in_ns ip addr add 10.200.0.1/24 dev dummy0 &&
	in_ns ip link set dummy0 up
got=$(ctl guestprop wait "$GI/Net/1/V4/IP" --since "$since" --timeout 5000)
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
echo "$got" | grep -qx 'value: 10.200.0.1' && [ "$ms" -lt 1000 ]
ok $? "an added interface appears within a second (${ms} ms, interval 5 s): the host's wait sees it"
wait_prop $GI/Net/Count 10 2 && wait_net
ok $? "... all its properties as ip -j addr says (broadcast 0.0.0.0), Count 2"

since=$(pts $GI/Net/1/V4/IP)
t0=$(date +%s%N)
in_ns ip link set dummy0 down
got=$(ctl guestprop wait "$GI/Net/1/Status" --since "$since" --timeout 5000)
t1=$(date +%s%N)
echo "$got" | grep -qx 'value: Down' && [ $(((t1 - t0) / 1000000)) -lt 1000 ]
ok $? "link down: Net/1/Status becomes Down within a second"

w=$(pts $GI/Net/1/Status)
writes_before=$(grep -c 'wrote ' "$log")
sleep 5.5
writes_after=$(grep -c 'wrote ' "$log")
[ "$(pts $GI/Net/1/Status)" = "$w" ] &&
	[ $((writes_after - writes_before)) -ge 1 ] &&
	[ "$(grep 'wrote ' "$log" | tail -n +$((writes_before + 1)) |
		grep -vc "Net/Count")" -eq 0 ]
ok $? "a cycle without changes writes only the beacon Net/Count"

since=$(pts $GI/Net/Count)
t0=$(date +%s%N)
in_ns ip link delete dummy0
got=$(ctl guestprop wait "$GI/Net/1/*" --since "$since" --timeout 5000)
t1=$(date +%s%N)
echo "$got" | grep -qx 'deleted: yes' && [ $(((t1 - t0) / 1000000)) -lt 1000 ] &&
	wait_prop $GI/Net/Count 10 1
ok $? "a removed interface disappears within a second (the host's wait sees the delete)"
n1=$(ctl guestprop enumerate "$GI/Net/1/*" | sed -n 's/^count: //p')
[ "$n1" = 0 ] && wait_net
ok $? "... none of its properties is left, Count 1"

# ---- state file -------------------------------------------------------------
st=$work/state/vbox-guestinfo.state
grep -qx 'host=connected' "$st" && grep -qx 'interfaces=1' "$st" &&
	grep -q '^properties-written=' "$st" && grep -q '^last-update=' "$st"
ok $? "the state file says connected, 1 interface, properties written, last update"

# ---- the host killed and restarted -------------------------------------------
kill -KILL "$sim_pid"
wait "$sim_pid" 2>/dev/null
sleep 1
start_sim "$sim"
ok $? "the simulator is killed and started again (empty store)"
wait_prop $GI/Net/Count 100 1 && wait_prop $GI/OS/Product 10 "$(uname -s)"
ok $? "the agent writes everything again"
check_net && [ "$(prop $GI/OS/LoggedInUsers)" = "$count" ] &&
	[ "$(prop /VirtualBox/GuestAdd/Version)" = "${OVT_VERSION:-}" ]
ok $? "... every property as before"
[ "$(grep -c 'lost unix:' "$log")" -eq 1 ] &&
	[ "$(grep -c 'is back after' "$log")" -eq 1 ]
ok $? "the loss and the recovery are logged once each"

# ---- clean stop ---------------------------------------------------------------
stop_agent
[ "$agent_status" -eq 0 ]
ok $? "SIGTERM: the agent exits 0"
left=$(ctl guestprop enumerate "$GI/Net/*" | sed -n 's/^count: //p')
[ "$left" = 0 ] && [ "$(prop $GI/OS/LoggedInUsersList)" = "<absent>" ] &&
	[ "$(prop $GI/OS/LoggedInUsers)" = 0 ] &&
	[ "$(prop $GI/OS/NoLoggedInUsers)" = true ]
ok $? "Net/* and the users list removed; LoggedInUsers 0, NoLoggedInUsers true"
[ "$(prop $GI/OS/Product)" = "$(uname -s)" ] &&
	[ "$(prop /VirtualBox/GuestAdd/Version)" = "${OVT_VERSION:-}" ] &&
	[ ! -e "$st" ]
ok $? "the OS and additions properties stay; the state file is removed"

# ---- idle cost -----------------------------------------------------------------
switches() { # pid: context switches of all its threads
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }'
}
start_agent --interval 1
wait_prop $GI/Net/Count 50 1
ok $? "the agent runs again with --interval 1"
sleep 1.5
s0=$(switches "$agent_pid")
c0=$(grep -c 'wrote .*Net/Count' "$log")
sleep 3
s1=$(switches "$agent_pid")
c1=$(grep -c 'wrote .*Net/Count' "$log")
cyc=$((c1 - c0))
sw=$((s1 - s0))
echo "# idle: $sw context switches, $cyc beacons in 3 intervals of 1 s"
[ "$cyc" -ge 2 ] && [ "$cyc" -le 4 ]
ok $? "idle: one cycle per interval ($cyc in 3 s)"
# Per cycle: the timer's wake-up, the main thread's wait for the host's
# reply to the one beacon write and the guest socket's reader thread
# (about 6 switches, voluntary and not); nothing between cycles.
[ "$sw" -le $((cyc * 8)) ]
ok $? "idle: $sw context switches for $cyc cycles (at most 8 per cycle: one wake-up and one host request each)"

[ "$failed" -gt 0 ] && sed "s/^/# agent: /" "$log"
exit $((failed > 0))
