#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): the one configuration file of every agent.
#  - the sample data/open-vbox-tools.conf and the agents cannot drift: each
#    section lists exactly the keys (and defaults) its agent knows, and the
#    uncommented sample is accepted by every agent;
#  - one setting per agent takes effect, seen by the host (vbox-hostsim's
#    statistics) or in the agent's state file; a command-line option beats
#    the file; the session agents read the user's file (vbox-clipboard
#    primary and max-size, the display of vbox-display and vbox-seamless);
#  - SIGHUP reads the file again (vbox-balloon, vbox-guestinfo,
#    vbox-timesync; vbox-automount in vbox_automount.sh), and a bad line
#    then only logs FILE:LINE: [SECTION] KEY: REASON;
#  - a bad line at start: exit 2 and that one line.
set -u
. "${OVT_TOP_SRCDIR:-.}/tests/common/hostsim-tap.sh" agent-config
top=${OVT_TOP_BUILDDIR:-.}
src=${OVT_TOP_SRCDIR:-.}
sample=$top/data/open-vbox-tools.conf
sim=$work/sim
guest=unix:$sim/vboxguest.sock
mkdir -p "$sim" "$work/state" "$work/run"
export OVT_RUNSTATE_DIR=$work/state
export XDG_CONFIG_HOME=$work/xdg XDG_RUNTIME_DIR=$work/run
unset DISPLAY

ctl() { "$sim_bin" ctl --dir "$sim" "$@"; }
bin() { echo "$top/services/$1/$1"; }
state_key() { sed -n "s/^$2=//p" "$1" 2>/dev/null; }
# grep -x, quiet also while the file is not there yet
has_line() { grep -qx "$2" "$1" 2>/dev/null; }
# stop PID: SIGTERM, then wait for it
stop() { kill -TERM "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

agents=(vbox-automount vbox-balloon vbox-guestinfo vbox-timesync)
x11=0
if [ -x "$(bin vbox-clipboard)" ]; then
	agents+=(vbox-clipboard vbox-display vbox-seamless)
	x11=1
fi

echo "1..$((2 * ${#agents[@]} + 2 + 19 + 7 * x11))"

# ---- the sample and the agents ---------------------------------------------------------
# The "# key=value" lines of one section of the sample.
sample_keys() { # section
	awk -v s="[$1]" '/^\[/ { p = ($0 == s); next }
		p && /^# [a-z-]+=/ { sub(/^# /, ""); print }' "$sample" | sort
}
for a in "${agents[@]}"; do
	sections=("$a")
	[ "$a" = vbox-automount ] && sections+=("vbox-automount-user")
	for s in "${sections[@]}"; do
		user=()
		[ "$s" = vbox-automount-user ] && user=(--user)
		want=$(sample_keys "$s")
		got=$("$(bin "$a")" "${user[@]}" --list-config-keys 2>&1 | sort)
		if [ -n "$want" ] && [ "$want" = "$got" ]; then
			ok 0 "[$s] of the sample lists exactly the keys and defaults of $a ${user[*]}"
		else
			ok 1 "[$s] of the sample lists exactly the keys and defaults of $a ${user[*]}"
			diff <(echo "$want") <(echo "$got") | sed 's/^/# /'
		fi
	done
done
# Every key of the sample, uncommented, is accepted: the agents get past
# the configuration and stop at the missing device (or display): exit 1.
sed 's/^# \([a-z-]*=\)/\1/' "$sample" >"$work/all.conf"
getent group vboxsf >/dev/null || sed -i 's/^group=vboxsf$/group=0/' "$work/all.conf"
for a in "${agents[@]}"; do
	out=$("$(bin "$a")" --config "$work/all.conf" -d "unix:$work/none.sock" \
		--pidfile "$work/run/$a.pid" 2>&1)
	rc=$?
	st=1
	[ $rc -eq 1 ] && ! grep -q 'all.conf' <<<"$out" && st=0
	ok $st "$a accepts every key of the uncommented sample (exit $rc: $(head -1 <<<"$out"))"
done
out=$("$(bin vbox-automount)" --user --config "$work/all.conf" -d "unix:$work/none.sock" \
	--pidfile "$work/run/am-user.pid" --state-file "$work/run/am-user.state" 2>&1)
rc=$?
st=1
[ $rc -eq 1 ] && ! grep -q 'all.conf' <<<"$out" && st=0
ok $st "vbox-automount --user accepts [vbox-automount-user] of the uncommented sample (exit $rc)"

# ---- a bad line at start: exit 2, one line -----------------------------------------------
printf '# test\n[vbox-guestinfo]\n\ninterval=0\n' >"$work/bad.conf"
out=$("$(bin vbox-guestinfo)" --config "$work/bad.conf" --pidfile "$work/run/x.pid" 2>&1)
rc=$?
ok $(([ $rc -eq 2 ] && [ "$out" = "vbox-guestinfo: $work/bad.conf:4: [vbox-guestinfo] interval: an integer from 1 to 86400" ]); echo $?) \
	"a bad value stops the start: exit 2, FILE:LINE: [SECTION] KEY: REASON ($out)"
printf '[vbox-balloon]\nproc-root=/proc\nprocroot=/x\n' >"$work/bad.conf"
out=$("$(bin vbox-balloon)" --config "$work/bad.conf" --pidfile "$work/run/x.pid" 2>&1)
rc=$?
ok $(([ $rc -eq 2 ] && [ "$out" = "vbox-balloon: $work/bad.conf:3: [vbox-balloon] procroot: unknown key" ]); echo $?) \
	"an unknown key too ($out)"
printf '[vbox-timesync]\ninterval=5\n[vbox-timesinc]\n' >"$work/bad.conf"
out=$("$(bin vbox-timesync)" --config "$work/bad.conf" --pidfile "$work/run/x.pid" 2>&1)
rc=$?
ok $(([ $rc -eq 2 ] && [ "$out" = "vbox-timesync: $work/bad.conf:3: [vbox-timesinc]: unknown section" ]); echo $?) \
	"and an unknown section ($out)"
out=$("$(bin vbox-balloon)" --config "$work/missing.conf" --pidfile "$work/run/x.pid" 2>&1)
rc=$?
ok $(([ $rc -eq 2 ] && grep -q "missing.conf" <<<"$out"); echo $?) "a missing --config FILE: exit 2 ($out)"

start_sim "$sim"
ok $? "vbox-hostsim is up"

# ---- vbox-balloon: proc-root, the command line, SIGHUP ----------------------------------
fake_proc() { # dir MemTotal-kB
	mkdir -p "$1/sys/fs"
	printf 'MemTotal: %s kB\nMemFree: 512000 kB\nMemAvailable: 1024000 kB\nBuffers: 4000 kB\nCached: 200000 kB\nSwapTotal: 1048576 kB\nCommitted_AS: 3000000 kB\nSReclaimable: 40000 kB\nSUnreclaim: 20000 kB\nKernelStack: 8000 kB\nPageTables: 12000 kB\n' "$2" >"$1/meminfo"
	printf 'cpu  1 1 1 1\ncpu0 100 0 50 850 0 0 0 0\n' >"$1/stat"
	printf '0.00 0.00 0.00 1/77 100\n' >"$1/loadavg"
	printf '321\t0\t1000\n' >"$1/sys/fs/file-nr"
}
fake_proc "$work/procA" 2048000 # phys_total=512000 pages
fake_proc "$work/procB" 4096000 # phys_total=1024000 pages
# the newest report's phys_total
phys_total() { ctl stats | grep '^report:' | tail -1 | sed -n 's/.* phys_total=\([0-9]*\) .*/\1/p'; }
reports() { ctl stats | sed -n 's/^reports_total: //p'; }
# wait for two more reports, then print the newest phys_total
next_phys_total() {
	local r0
	r0=$(reports)
	wait_for 5 bash -c "[ \$('$sim_bin' ctl --dir '$sim' stats | sed -n 's/^reports_total: //p') -ge $((r0 + 2)) ]"
	phys_total
}
ctl stats-interval 1 >/dev/null
printf '[vbox-balloon]\nproc-root=%s\n' "$work/procA" >"$work/balloon.conf"
"$(bin vbox-balloon)" --config "$work/balloon.conf" -d "$guest" --pidfile "$work/run/b.pid" \
	--log-target=stderr -v 2>"$work/balloon.log" &
bpid=$!
pids+=("$bpid")
v=$(next_phys_total)
ok $(([ "$v" = 512000 ]); echo $?) "vbox-balloon: proc-root from the file: the host sees MemTotal of procA (phys_total=$v)"
printf '[vbox-balloon]\nproc-root=%s\n' "$work/procB" >"$work/balloon.conf"
kill -HUP "$bpid"
v=$(next_phys_total)
ok $(([ "$v" = 1024000 ]); echo $?) "vbox-balloon: SIGHUP reads the file again: procB (phys_total=$v)"
line=3
printf '[vbox-balloon]\nproc-root=%s\nproc-root=relative\n' "$work/procA" >"$work/balloon.conf"
kill -HUP "$bpid"
wait_for 3 grep -qF "$work/balloon.conf:$line: [vbox-balloon] proc-root: an absolute path (keeping the previous settings)" "$work/balloon.log"
ok $? "vbox-balloon: SIGHUP with a bad line logs FILE:LINE: [SECTION] KEY: REASON"
v=$(next_phys_total)
ok $( (kill -0 "$bpid" && [ "$v" = 1024000 ]); echo $?) "... and keeps running with the old settings (phys_total=$v)"
stop "$bpid"
printf '[vbox-balloon]\nproc-root=%s\n' "$work/procA" >"$work/balloon.conf"
"$(bin vbox-balloon)" --config "$work/balloon.conf" --proc-root "$work/procB" -d "$guest" \
	--pidfile "$work/run/b.pid" --log-target=stderr 2>>"$work/balloon.log" &
bpid=$!
pids+=("$bpid")
v=$(next_phys_total)
ok $(([ "$v" = 1024000 ]); echo $?) "vbox-balloon: --proc-root beats the file (phys_total=$v)"
stop "$bpid"
ctl stats-interval 0 >/dev/null

# ---- vbox-guestinfo: interval ---------------------------------------------------------------
gst=$work/state/vbox-guestinfo.state
printf '[vbox-guestinfo]\ninterval=3\n' >"$work/gi.conf"
"$(bin vbox-guestinfo)" --config "$work/gi.conf" -d "$guest" --pidfile "$work/run/gi.pid" \
	--log-target=stderr -v 2>"$work/gi.log" &
gpid=$!
pids+=("$gpid")
wait_for 5 has_line "$gst" interval=3
ok $? "vbox-guestinfo: interval from the file (state: interval=$(state_key "$gst" interval))"
printf '[vbox-guestinfo]\ninterval=7\n' >"$work/gi.conf"
kill -HUP "$gpid"
wait_for 5 has_line "$gst" interval=7
ok $? "vbox-guestinfo: SIGHUP applies a new interval (state: interval=$(state_key "$gst" interval))"
printf '[vbox-guestinfo]\ninterval=seven\n' >"$work/gi.conf"
kill -HUP "$gpid"
wait_for 3 grep -qF "$work/gi.conf:2: [vbox-guestinfo] interval: an integer from 1 to 86400 (keeping the previous settings)" "$work/gi.log"
ok $? "vbox-guestinfo: a bad line on SIGHUP is logged with file, line and key"
sleep 0.3
ok $( (kill -0 "$gpid" && [ "$(state_key "$gst" interval)" = 7 ]); echo $?) "... and the agent keeps interval 7"
stop "$gpid"
printf '[vbox-guestinfo]\ninterval=3\n' >"$work/gi.conf"
"$(bin vbox-guestinfo)" --config "$work/gi.conf" --interval 5 -d "$guest" \
	--pidfile "$work/run/gi.pid" 2>>"$work/gi.log" &
gpid=$!
pids+=("$gpid")
wait_for 5 has_line "$gst" interval=5
ok $? "vbox-guestinfo: --interval beats the file (state: interval=$(state_key "$gst" interval))"
stop "$gpid"

# ---- vbox-timesync: interval, on a simulated clock -------------------------------------
tst=$work/state/vbox-timesync.state
mkdir -p "$work/tsroot"
printf '[vbox-timesync]\ninterval=3\nmin-adjust=50\n' >"$work/ts.conf"
ts_start() {
	"$(bin vbox-timesync)" --config "$work/ts.conf" -d "$guest" --pidfile "$work/run/ts.pid" \
		--simulated-clock "$work/clock" --time-service-root "$work/tsroot" \
		--log-target=stderr -v "$@" 2>>"$work/ts.log" &
	tpid=$!
	pids+=("$tpid")
}
ts_start
wait_for 5 has_line "$tst" interval-ms=3000
ok $? "vbox-timesync: interval from the file (state: interval-ms=$(state_key "$tst" interval-ms))"
printf '[vbox-timesync]\ninterval=2\n' >"$work/ts.conf"
kill -HUP "$tpid"
wait_for 5 has_line "$tst" interval-ms=2000
ok $? "vbox-timesync: SIGHUP applies a new interval (state: interval-ms=$(state_key "$tst" interval-ms))"
stop "$tpid"
ts_start --interval 4
wait_for 5 has_line "$tst" interval-ms=4000
ok $? "vbox-timesync: --interval beats the file (state: interval-ms=$(state_key "$tst" interval-ms))"
stop "$tpid"

# ---- a desktop agent: the user's file, the command line ---------------------------------
if [ $x11 -eq 1 ]; then
	. "$src/tests/common/xserver.sh"
	if start_xvfb; then
		mkdir -p "$XDG_CONFIG_HOME/open-vbox-tools"
		printf '[vbox-clipboard]\nprimary=true\nmax-size=1M\n' \
			>"$XDG_CONFIG_HOME/open-vbox-tools/open-vbox-tools.conf"
		cst() { ls "$work/run/open-vbox-tools/"vbox-clipboard@*.state 2>/dev/null | head -1; }
		"$(bin vbox-clipboard)" --display "$xdisplay" -d "unix:$sim/vboxuser.sock" \
			2>"$work/clip.log" &
		cpid=$!
		pids+=("$cpid")
		wait_for 5 bash -c "f=\$(ls '$work/run/open-vbox-tools/'vbox-clipboard@*.state 2>/dev/null | head -1); [ -n \"\$f\" ] && grep -qx 'primary=on' \"\$f\" && grep -qx 'max-size=1048576' \"\$f\""
		ok $? "vbox-clipboard: the user's file sets primary and max-size (state: primary=$(state_key "$(cst)" primary) max-size=$(state_key "$(cst)" max-size))"
		stop "$cpid"
		"$(bin vbox-clipboard)" --display "$xdisplay" -d "unix:$sim/vboxuser.sock" --max-size 2M \
			2>>"$work/clip.log" &
		cpid=$!
		pids+=("$cpid")
		wait_for 5 bash -c "f=\$(ls '$work/run/open-vbox-tools/'vbox-clipboard@*.state 2>/dev/null | head -1); [ -n \"\$f\" ] && grep -qx 'max-size=2097152' \"\$f\""
		ok $? "vbox-clipboard: --max-size beats the user's file (state: max-size=$(state_key "$(cst)" max-size))"
		stop "$cpid"
		"$(bin vbox-clipboard)" --display "$xdisplay" -d "unix:$sim/vboxuser.sock" --no-primary \
			2>>"$work/clip.log" &
		cpid=$!
		pids+=("$cpid")
		wait_for 5 bash -c "f=\$(ls '$work/run/open-vbox-tools/'vbox-clipboard@*.state 2>/dev/null | head -1); [ -n \"\$f\" ] && grep -qx 'primary=off' \"\$f\" && grep -qx 'max-size=1048576' \"\$f\""
		ok $? "vbox-clipboard: --no-primary switches off the user's primary=true (state: primary=$(state_key "$(cst)" primary) max-size=$(state_key "$(cst)" max-size))"
		stop "$cpid"
		out=$("$(bin vbox-clipboard)" --primary --no-primary --display "$xdisplay" 2>&1)
		rc=$?
		ok $(([ $rc -eq 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
			[ "$out" != "${out#vbox-clipboard: --primary cannot be given with --no-primary}" ]); echo $?) \
			"vbox-clipboard: --primary with --no-primary is a usage error: exit $rc, one line ($out)"
		printf '[vbox-clipboard]\nmax-size=1\n' >"$work/bad.conf"
		out=$("$(bin vbox-clipboard)" --config "$work/bad.conf" --display "$xdisplay" 2>&1)
		rc=$?
		ok $(([ $rc -eq 2 ] && [ "$out" = "vbox-clipboard: $work/bad.conf:2: [vbox-clipboard] max-size: a size from 4096 to 1073741824 bytes (K, M, G allowed)" ]); echo $?) \
			"vbox-clipboard: a bad value stops the start: exit 2, one line ($out)"
		# no $DISPLAY, no --display: the user's file names the display
		printf '[vbox-display]\ndisplay=%s\n[vbox-seamless]\ndisplay=%s\n' "$xdisplay" "$xdisplay" \
			>"$XDG_CONFIG_HOME/open-vbox-tools/open-vbox-tools.conf"
		"$(bin vbox-display)" -d "unix:$sim/vboxuser.sock" 2>"$work/display.log" &
		dpid=$!
		pids+=("$dpid")
		wait_for 5 test -e "$work/run/open-vbox-tools/vbox-display@$xdisplay.state"
		ok $? "vbox-display: the display from the user's file ($xdisplay: vbox-display@$xdisplay.state)"
		stop "$dpid"
		"$(bin vbox-seamless)" -d "unix:$sim/vboxuser.sock" 2>"$work/seamless.log" &
		spid=$!
		pids+=("$spid")
		wait_for 5 test -e "$work/run/open-vbox-tools/vbox-seamless@$xdisplay.state"
		ok $? "vbox-seamless: the display from the user's file (vbox-seamless@$xdisplay.state)"
		stop "$spid"
	else
		for i in 1 2 3 4 5 6 7; do
			n=$((n + 1)); echo "ok $n # SKIP no X server (Xvfb)"
		done
	fi
fi

if grep -qE 'Sanitizer|runtime error' "$work"/*.log 2>/dev/null; then
	ok 1 "no sanitizer reports from the agents"
	grep -h -E -A5 'Sanitizer|runtime error' "$work"/*.log | head -40 | sed 's/^/# /'
else
	ok 0 "no sanitizer reports from the agents"
fi
[ "$failed" -eq 0 ]
