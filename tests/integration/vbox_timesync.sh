#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-timesync against a real vbox-hostsim, keeping a
# simulated clock (--simulated-clock; the real clock is never touched, and
# that is checked).  The host's clock shifted by +3 s and -700 ms: slewed;
# by +25 min: one step; a restore: one step; slow GetHostTime answers
# discarded; standing down for a time daemon; one sample per interval.
set -u
. "${OVT_TOP_SRCDIR:-.}/tests/common/hostsim-tap.sh" vbox-timesync
top=${OVT_TOP_BUILDDIR:-.}
agent=$top/services/vbox-timesync/vbox-timesync
dir=$work/sim
clock=$work/clock
root=$work/root
log=$work/agent.log
mkdir -p "$dir" "$root" "$work/state"
export OVT_RUNSTATE_DIR=$work/state
state=$work/state/vbox-timesync.state

ctl() { "$sim_bin" ctl --dir "$dir" "$@"; }
# wait_for SECONDS COMMAND...: poll every 100 ms
wait_for() {
	local i limit=$(($1 * 10))
	shift
	for ((i = 0; i < limit; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
clock_key() { sed -n "s/^$1=//p" "$clock"; }
state_key() { sed -n "s/^$1=//p" "$state" 2>/dev/null; }
# The simulated clock's offset from the real one, in ms.
clock_ms() { echo $(($(clock_key offset-ns) / 1000000)); }
near() { # ms target tolerance
	local d=$(($(clock_ms) - $1))
	[ "${d#-}" -le "$2" ]
}
# The real clock: adjtimex read only, and CLOCK_REALTIME - CLOCK_MONOTONIC.
real_clock() {
	python3 - <<'PY'
import ctypes, time
class Timex(ctypes.Structure):
    _fields_ = [("modes", ctypes.c_uint), ("offset", ctypes.c_long),
                ("freq", ctypes.c_long), ("maxerror", ctypes.c_long),
                ("esterror", ctypes.c_long), ("status", ctypes.c_int),
                ("pad", ctypes.c_char * 256)]
t = Timex()
t.modes = 0
ctypes.CDLL(None).adjtimex(ctypes.byref(t))
d = time.clock_gettime_ns(time.CLOCK_REALTIME) - time.clock_gettime_ns(time.CLOCK_MONOTONIC)
print(t.offset, t.freq, t.status, d // 1000000)
PY
}

echo "1..21"
real0=$(real_clock)

start_sim "$dir"
ok $? "vbox-hostsim is up"

"$agent" -d "unix:$dir/vboxguest.sock" --pidfile "$work/ts.pid" \
	--interval 1 --simulated-clock "$clock" --simulated-slew-rate 500000 \
	--time-service-root "$root" --log-target=stderr -vv 2>"$log" &
agent_pid=$!
pids+=("$agent_pid")
wait_for 5 test -s "$state"
ok $? "the agent publishes its state in $OVT_RUNSTATE_DIR"
wait_for 5 bash -c "grep -q '^last-reason=start' '$state'"
[ "$(clock_key steps)" = 1 ] && grep -q 'stepped the clock by .* (start)' "$log"
ok $? "at start: one step (set-start is the default)"
steps0=1

# Idle: one sample (one 'nothing to do' line) per interval.
sleep 0.5
c0=$(grep -c 'nothing to do' "$log")
sleep 3
c1=$(grep -c 'nothing to do' "$log")
echo "# idle 3 s at --interval 1: $((c1 - c0)) samples"
[ $((c1 - c0)) -ge 2 ] && [ $((c1 - c0)) -le 4 ]
ok $? "idle: one wake-up per interval over 3 intervals ($((c1 - c0)) samples)"

# +3 s: slewed at the simulated 500000 ppm: 6 s, plus an interval or two.
ctl host-time +3s
t0=$SECONDS
wait_for 15 near 3000 100
ok $? "+3 s converges by slewing within 15 s ($((SECONDS - t0)) s)"
[ "$(clock_key steps)" = $steps0 ] && [ "$(clock_key slews)" -ge 1 ]
ok $? "... without a step"

ctl host-time -700ms
t0=$SECONDS
wait_for 15 near -700 100
ok $? "-700 ms converges by slewing within 15 s ($((SECONDS - t0)) s)"
[ "$(clock_key steps)" = $steps0 ]
ok $? "... without a step"

ctl host-time +25m
t0=$SECONDS
wait_for 5 near 1500000 100
ok $? "+25 min: converged within 5 s ($((SECONDS - t0)) s)"
[ "$(clock_key steps)" = $((steps0 + 1)) ]
ok $? "... by one step"

# A restore with a small shift: stepped at once, not slewed.  The agent is
# stopped meanwhile so that it sees both changes in one sample.
kill -STOP "$agent_pid"
ctl host-time +1500500ms
ctl restore
slews=$(clock_key slews)
kill -CONT "$agent_pid"
wait_for 5 near 1500500 50
ok $? "after ctl restore: converged at once"
[ "$(clock_key steps)" = $((steps0 + 2)) ] && [ "$(clock_key slews)" = "$slews" ] &&
	[ "$(state_key restores)" = 1 ]
ok $? "... by one step (steps $(clock_key steps), restores $(state_key restores))"

# Slow answers: above --max-latency (250 ms) they are discarded.
d0=$(state_key samples-discarded)
ctl fault add --request GetHostTime --delay 300 --count 2 >/dev/null
wait_for 10 bash -c "[ \"\$(sed -n 's/^samples-discarded=//p' '$state')\" -ge $((d0 + 2)) ]"
ok $? "two answers delayed by 300 ms are discarded ($d0 -> $(state_key samples-discarded))"
grep -q 'sample discarded: round trip 3[0-9][0-9]\.[0-9]* ms (max-latency)' "$log"
ok $? "... and logged with their round trip"

# Another time service: a chronyd pid file whose process lives.
mkdir -p "$root/run/chrony" "$root/proc/$$"
echo $$ >"$root/run/chrony/chronyd.pid"
ctl host-time +1500000ms
wait_for 5 bash -c "grep -q '^standing-down=yes' '$state'"
sleep 2
[ "$(grep -c 'chronyd synchronises the clock: standing down' "$log")" = 1 ] &&
	near 1500500 50
ok $? "stands down for chronyd, says so once, leaves the clock alone"

kill -TERM "$agent_pid"
wait "$agent_pid"
ok $? "SIGTERM stops the agent cleanly"

# The host's settings: guest properties as VBoxService reads them.
rm -f "$root/run/chrony/chronyd.pid"
ctl host-time 0 >/dev/null
ctl guestprop set /VirtualBox/GuestAdd/VBoxService/--timesync-set-threshold 1000 --flags RDONLYGUEST
ctl guestprop set /VirtualBox/GuestAdd/VBoxService/--timesync-no-set-start "" --flags RDONLYGUEST
ctl guestprop set /VirtualBox/GuestAdd/VBoxService/--timesync-max-latency 100 --flags RDONLYGUEST
clock=$work/clock2
"$agent" -d "unix:$dir/vboxguest.sock" --pidfile "$work/ts.pid" \
	--interval 1 --simulated-clock "$clock" --simulated-slew-rate 500000 \
	--max-latency 250 --time-service-root "$root" --log-target=stderr -v \
	2>"$work/agent2.log" &
agent_pid=$!
pids+=("$agent_pid")
wait_for 5 bash -c "grep -q '^last-action=' '$state'"
grep -q 'settings from the host: set-threshold=1000, no-set-start' "$work/agent2.log" &&
	[ "$(state_key host-settings)" = "set-threshold=1000, no-set-start" ] &&
	[ "$(clock_key steps)" = 0 ]
ok $? "host properties taken: set-threshold, no-set-start (no step at start): $(state_key host-settings)"
ctl host-time +3s
wait_for 5 near 3000 100 && [ "$(clock_key steps)" = 1 ] && [ "$(clock_key slews)" = 0 ]
ok $? "+3 s above the host's 1 s set threshold: one step, no slew"
kill -TERM "$agent_pid" && wait "$agent_pid" &&
	! grep -q 'max-latency' <<<"$(state_key host-settings)"
ok $? "--max-latency on the command line beats the host's property; clean stop"
printf '[vbox-timesync]\nset-threshold=5000\n' >"$work/ts.conf"
"$agent" -d "unix:$dir/vboxguest.sock" --pidfile "$work/ts.pid" --config "$work/ts.conf" \
	--interval 1 --simulated-clock "$work/clock3" --time-service-root "$root" \
	--log-target=stderr 2>"$work/agent3.log" &
agent_pid=$!
pids+=("$agent_pid")
wait_for 5 bash -c "grep -q '^host-settings=' '$state'"
[ "$(state_key host-settings)" = "max-latency=100, no-set-start" ]
ok $? "set-threshold in the configuration file beats the host's property too ($(state_key host-settings))"
kill -TERM "$agent_pid" && wait "$agent_pid"

real1=$(real_clock)
read -r o0 f0 s0 d0 <<<"$real0"
read -r o1 f1 s1 d1 <<<"$real1"
dd=$((d1 - d0))
echo "# real clock: offset $o0 -> $o1, freq $f0 -> $f1, status $s0 -> $s1, realtime-monotonic moved ${dd} ms"
[ "$o0" = "$o1" ] && [ "$f0" = "$f1" ] && [ "$s0" = "$s1" ] && [ "${dd#-}" -le 50 ]
ok $? "the real clock was not touched (adjtimex offset, frequency, status; CLOCK_REALTIME)"
[ "$failed" -eq 0 ]
