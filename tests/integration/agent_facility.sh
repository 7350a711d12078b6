#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The facility status the host records (vbox-hostsim ctl status:
# facility.100) while the system agents, which share the VBoxService
# facility (vbox-balloon, vbox-automount, vbox-guestinfo, vbox-timesync),
# start, stop cleanly and are killed: active while any of them runs,
# terminated when the last one stops, a killed agent's leftover state not
# counted.  TAP.
set -u
. "$(dirname "$0")/../common/hostsim-tap.sh" agent-facility
top=${OVT_TOP_BUILDDIR:-.}
balloon=$top/services/vbox-balloon/vbox-balloon
automount=$top/services/vbox-automount/vbox-automount
guestinfo=$top/services/vbox-guestinfo/vbox-guestinfo
timesync=$top/services/vbox-timesync/vbox-timesync

if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP vbox-automount's system mode needs root"
	exit 0
fi
echo "1..20"
mkdir -p "$work/sim" "$work/run"
export OVT_RUNSTATE_DIR=$work/run
start_sim "$work/sim"
ok $? "the simulator starts"
export VBGL_DEVICE=unix:$work/sim/vboxguest.sock

host_says() { "$sim_bin" ctl --dir "$work/sim" status | grep -qx "facility.100: $1"; }
own_status() { grep -qx "facility-status=$2" "$work/run/$1.state" 2>/dev/null; } # agent status
start_balloon() {
	"$balloon" --pidfile "$work/balloon.pid" --log-target=stderr 2>>"$work/balloon.log" &
	balloon_pid=$!
	pids+=("$balloon_pid")
	wait_for 10 own_status vbox-balloon active
}
printf '[vbox-automount]\nmount-dir=%s\nvboxsf-fuse=%s\n' "$work/media" \
	"$top/vboxsf-fuse/vboxsf-fuse" >"$work/am.conf"
start_automount() {
	"$automount" -c "$work/am.conf" --pidfile "$work/am.pid" \
		--log-target=stderr 2>>"$work/automount.log" &
	automount_pid=$!
	pids+=("$automount_pid")
	wait_for 10 own_status vbox-automount active
}
: >"$work/utmp"
start_guestinfo() {
	"$guestinfo" --utmp "$work/utmp" --pidfile "$work/gi.pid" --log-target=stderr \
		2>>"$work/guestinfo.log" &
	guestinfo_pid=$!
	pids+=("$guestinfo_pid")
	wait_for 10 own_status vbox-guestinfo active
}
# A simulated clock: the machine's own is never touched.
mkdir -p "$work/tsroot"
start_timesync() {
	"$timesync" --simulated-clock "$work/clock" --time-service-root \
		"$work/tsroot" --pidfile "$work/ts.pid" --log-target=stderr \
		2>>"$work/timesync.log" &
	timesync_pid=$!
	pids+=("$timesync_pid")
	wait_for 10 own_status vbox-timesync active
}
stop() { kill -TERM "$1" && wait "$1"; } # pid: a clean stop, its exit status
facility_log() { "$sim_bin" ctl --dir "$work/sim" status | grep '^facility.100:'; }

start_balloon && wait_for 5 host_says active
ok $? "vbox-balloon starts: facility 100 active"
start_automount && wait_for 5 host_says active
ok $? "vbox-automount starts too: still active"
stop "$automount_pid" && host_says active
ok $? "vbox-automount stops cleanly while vbox-balloon runs: still active, not terminated"
"$top/services/vboxctl/vboxctl" status vbox-balloon | grep -qx 'vbox-balloon.facility-status: active'
ok $? "vboxctl status shows the agent's own facility status"
start_automount && wait_for 5 host_says active
ok $? "vbox-automount starts again: active"
kill -KILL "$balloon_pid"; wait "$balloon_pid" 2>/dev/null
host_says active
ok $? "vbox-balloon killed: the host's last word (active) stands"
grep -qx 'facility-status=active' "$work/run/vbox-balloon.state"
ok $? "the killed agent's state file is left behind"
stop "$automount_pid" && host_says terminated
ok $? "vbox-automount, the last live one, stops: terminated (the dead agent does not count)"
rm -f "$work/run/vbox-balloon.state"
start_balloon && wait_for 5 host_says active
ok $? "vbox-balloon alone: active"
stop "$balloon_pid" && host_says terminated
ok $? "vbox-balloon stops cleanly: terminated"

# vbox-guestinfo and vbox-timesync join the same facility.
start_guestinfo && wait_for 5 host_says active
ok $? "vbox-guestinfo starts: facility 100 active"
start_timesync && wait_for 5 host_says active
ok $? "vbox-timesync starts too: active"
"$top/services/vboxctl/vboxctl" status vbox-timesync | grep -qx 'vbox-timesync.facility-status: active'
ok $? "vboxctl status shows vbox-timesync's facility status"
kill -KILL "$timesync_pid"; wait "$timesync_pid" 2>/dev/null
host_says active
ok $? "vbox-timesync killed: active stands"
stop "$guestinfo_pid" && host_says terminated
ok $? "vbox-guestinfo stops cleanly, the last live one: terminated ($(facility_log))"
rm -f "$work/run/vbox-timesync.state"
start_timesync && wait_for 5 host_says active
ok $? "vbox-timesync alone: active"
start_guestinfo && stop "$timesync_pid" && host_says active
ok $? "vbox-timesync stops while vbox-guestinfo runs: still active"
stop "$guestinfo_pid" && host_says terminated
ok $? "vbox-guestinfo stops: terminated"

grep -qE 'Sanitizer|runtime error' "$work/balloon.log" "$work/automount.log" \
	"$work/guestinfo.log" "$work/timesync.log"
ok $(( $? == 0 )) "no sanitizer reports from the agents"
exit $((failed != 0))
