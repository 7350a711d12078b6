#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-balloon and `vboxctl balloon|stats` against a real
# vbox-hostsim.  Idle cost (no wakeups), statistics at the host's interval
# checked against /proc/meminfo, balloon inflate/deflate, the host killed
# and restarted (logged once, back-off, recovery), usage errors, single
# instance, clean stop, and exact units from a fake proc tree.
# Every process started here is remembered by PID and killed by PID.
set -u
top=${OVT_TOP_BUILDDIR:-.}
hostsim=$top/hostsim/vbox-hostsim
agent=$top/services/vbox-balloon/vbox-balloon
vboxctl=$top/services/vboxctl/vboxctl
dir=$(mktemp -d /tmp/ovt-balloon-XXXXXX)
sim_pid=
agent_pid=
notify_pid=
log=$dir/agent.log
# The agent's state file goes here, never below the machine's /run.
export OVT_RUNSTATE_DIR=$dir/run

stop_pid() { # pid: SIGTERM, then SIGKILL after 5 s
	local p=$1
	[ -n "$p" ] || return 0
	kill -TERM "$p" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
}
cleanup() {
	stop_pid "$agent_pid"
	stop_pid "$notify_pid"
	stop_pid "$sim_pid"
	rm -rf --one-file-system "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); echo "not ok $n - $1"; shift
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}
check() { # description command...
	local d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
ctl() { "$hostsim" ctl --dir "$dir" "$@"; }
ctl_value() { ctl "$1" | sed -n "s/^$2: //p"; } # command key
guest=unix:$dir/vboxguest.sock
user=unix:$dir/vboxuser.sock

start_sim() {
	"$hostsim" --dir "$dir" 2>>"$dir/hostsim.log" &
	sim_pid=$!
	for _ in $(seq 200); do
		[ -S "$dir/vboxguest.sock" ] && [ -S "$dir/control.sock" ] &&
			ctl status >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	return 1
}
# wait_for SECONDS COMMAND...: poll every 50 ms
wait_for() {
	local i limit=$(($1 * 20))
	shift
	for ((i = 0; i < limit; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}
log_has() { grep -q -- "$1" "$log"; }
log_count() { grep -c -- "$1" "$log"; }
# Voluntary + involuntary context switches of every thread of the agent.
ctx_switches() {
	cat /proc/"$agent_pid"/task/*/status 2>/dev/null |
		awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}
cpu_ticks() { sed 's/.*) //' /proc/"$agent_pid"/stat | awk '{ print $12 + $13 }'; }
mem_kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
ncpu=$(grep -c '^cpu[0-9]' /proc/stat)

echo "1..45"

# ---- command line ----------------------------------------------------------------
out=$("$agent" --help 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -q -- '--proc-root' <<<"$out" && grep -q -- '--pidfile' <<<"$out" &&
	grep -q -- '--log-target' <<<"$out"; then
	ok "--help exits 0 and lists the options"
else
	not_ok "--help exits 0 and lists the options" "rc=$rc" "$out"
fi
out=$("$agent" --frobnicate 2>&1); rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q frobnicate <<<"$out"; then
	ok "an unknown option is a usage error: exit 2, one line"
else
	not_ok "an unknown option is a usage error: exit 2, one line" "rc=$rc" "$out"
fi
out=$("$agent" --log-target=kmsg extra 2>&1); rc=$?
check "a bad --log-target is a usage error (exit 2)" test $rc -eq 2
out=$("$agent" --version 2>&1); rc=$?
check "--version prints the version" test $rc -eq 0 -a "$out" = "vbox-balloon ${OVT_VERSION:-0.1.0}"

out=$("$agent" -d "unix:$dir/none.sock" --pidfile "$dir/x.pid" 2>&1); rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q 'none.sock' <<<"$out"; then
	ok "a missing device fails at start: exit 1, one line"
else
	not_ok "a missing device fails at start: exit 1, one line" "rc=$rc" "$out"
fi

check "vbox-hostsim is up" start_sim

out=$("$agent" -d "$user" --pidfile "$dir/x.pid" 2>&1); rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q 'vboxguest' <<<"$out"; then
	ok "through vboxuser the statistics requests are refused: exit 1, one line"
else
	not_ok "through vboxuser the statistics requests are refused: exit 1, one line" "rc=$rc" "$out"
fi

# ---- the agent, idle --------------------------------------------------------------
"$agent" -d "$guest" --pidfile "$dir/run/balloon.pid" --log-target=stderr -vv 2>"$log" &
agent_pid=$!
check "the agent starts and reports the facility active" \
	wait_for 5 bash -c "'$hostsim' ctl --dir '$dir' status | grep -qx 'facility.100: active'"
check "the pidfile holds the agent's pid" test "$(cat "$dir/run/balloon.pid" 2>/dev/null)" = "$agent_pid"
mask=$(ctl_value status filter_mask)
check "the agent holds the statistics and balloon event bits ($mask)" \
	test $((mask & 0xc0)) -eq $((0xc0))

out=$("$agent" -d "$guest" --pidfile "$dir/run/balloon.pid" 2>&1); rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q "already running as pid $agent_pid" <<<"$out"; then
	ok "a second instance is refused: exit 1, one line naming the first"
else
	not_ok "a second instance is refused: exit 1, one line naming the first" "rc=$rc" "$out"
fi

sleep 0.3
c0=$(ctx_switches); t0=$(cpu_ticks)
sleep 10
c1=$(ctx_switches); t1=$(cpu_ticks)
echo "# idle 10 s: $((c1 - c0)) context switches over $(ls /proc/$agent_pid/task | wc -l) threads, $((t1 - t0)) CPU ticks"
check "idle for 10 s: no wakeups (context switches $c0 -> $c1)" test "$c1" -eq "$c0"

out=$("$vboxctl" -d "$guest" stats 2>&1)
check "vboxctl stats: off before the host asks" \
	test "$out" = $'statistics: off\nstatistics interval: 0 s'

# ---- statistics -------------------------------------------------------------------
ctl stats-interval 1
sleep 3.5
stats=$(ctl stats)
avail_kb=$(mem_kb MemAvailable)
total=$(sed -n 's/^reports_total: //p' <<<"$stats")
rounds=$((total / ncpu))
echo "# 3.5 s at interval 1: $total reports, $rounds rounds of $ncpu CPUs"
check "interval 1: at least 2 statistics rounds within 3.5 s ($rounds)" test "$rounds" -ge 2
check "one report per CPU in each round" test $((total % ncpu)) -eq 0
last=$(grep '^report:' <<<"$stats" | tail -1)
avail=$(sed -n 's/.* phys_avail=\([0-9]*\).*/\1/p' <<<"$last")
ptotal=$(sed -n 's/.* phys_total=\([0-9]*\).*/\1/p' <<<"$last")
psize=$(sed -n 's/.* page_size=\([0-9]*\).*/\1/p' <<<"$last")
echo "# available: reported $((avail * 4)) kB, /proc/meminfo $avail_kb kB"
check "available memory within 10% of /proc/meminfo ($((avail * 4)) vs $avail_kb kB)" \
	test $(( (avail * 4 - avail_kb) * 10 )) -le "$avail_kb" -a $(( (avail_kb - avail * 4) * 10 )) -le "$avail_kb"
check "total memory in 4 KiB pages, exactly MemTotal/4 ($ptotal)" \
	test "$ptotal" -eq $(( $(mem_kb MemTotal) / 4 )) -a "$psize" -eq 4096
caps=$(sed -n 's/.* caps=\(0x[0-9a-f]*\).*/\1/p' <<<"$last")
check "memory, load and balloon fields marked valid (caps $caps)" \
	test $((caps & 0x47c0)) -eq $((0x47c0))

out=$("$vboxctl" -d "$guest" stats 2>&1)
check "vboxctl stats: the host's interval" \
	test "$out" = $'statistics: on\nstatistics interval: 1 s'
out=$("$vboxctl" -d "$user" stats 2>&1); rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q '/dev/vboxguest' <<<"$out"; then
	ok "vboxctl stats through vboxuser: exit 1, one line"
else
	not_ok "vboxctl stats through vboxuser: exit 1, one line" "rc=$rc" "$out"
fi

# ---- balloon ----------------------------------------------------------------------
ctl balloon 64
check "balloon 64: within 2 s the host holds 64 MiB" \
	wait_for 2 bash -c "'$hostsim' ctl --dir '$dir' balloon | grep -qx 'held_mib: 64'"
out=$("$vboxctl" -d "$guest" balloon 2>&1)
if grep -qx 'balloon size: 64 MiB' <<<"$out" && grep -qx 'balloon pages: 16384' <<<"$out"; then
	ok "vboxctl balloon says 64 MiB"
else
	not_ok "vboxctl balloon says 64 MiB" "$out"
fi
check "the agent logs the change and reports the balloon in pages" \
	wait_for 3 bash -c "grep -q 'balloon changed from [0-9]* MiB to 64 MiB' '$log' &&
		'$hostsim' ctl --dir '$dir' stats | grep -q ' balloon=16384 '"
ctl balloon 0
check "balloon 0: every page returned" \
	wait_for 2 bash -c "'$hostsim' ctl --dir '$dir' balloon | grep -qx 'pages_held: 0'"
out=$("$vboxctl" -d "$user" balloon 2>&1)
check "vboxctl balloon (through vboxuser too) says 0 MiB" grep -qx 'balloon size: 0 MiB' <<<"$out"

# ---- statistics off: no more reports, no wakeups --------------------------------
ctl stats-interval 0
sleep 1.2
r0=$(ctl_value stats reports_total); c0=$(ctx_switches)
sleep 3
r1=$(ctl_value stats reports_total); c1=$(ctx_switches)
check "interval 0: no further reports ($r0 -> $r1)" test "$r0" -eq "$r1"
check "interval 0: the timer is gone, no wakeups ($c0 -> $c1)" test "$c0" -eq "$c1"
check "the agent logged the interval changes" \
	bash -c "grep -q 'statistics every 1 s' '$log' && grep -q 'switched statistics off' '$log'"

kill -HUP "$agent_pid"
check "SIGHUP re-reads the host's state and the agent goes on" \
	wait_for 2 bash -c "grep -q 'statistics interval 0 s, balloon 0 MiB' '$log' && kill -0 $agent_pid"

# ---- the host goes away and comes back ---------------------------------------------
kill -KILL "$sim_pid"; wait "$sim_pid" 2>/dev/null; sim_pid=
down_at=$(date +%s.%N)
sleep 0.3
t0=$(cpu_ticks); lines0=$(wc -l <"$log")
sleep 4
t1=$(cpu_ticks); lines1=$(wc -l <"$log")
failed=$(log_count 'reconnect attempt .* failed')
echo "# host down 4.3 s: $failed failed attempts, $((t1 - t0)) CPU ticks, $((lines1 - lines0)) log lines"
check "the loss is logged once" test "$(log_count '^vbox-balloon: lost ')" -eq 1
check "it retries with back-off: 1-3 attempts in 4.3 s ($failed)" test "$failed" -ge 1 -a "$failed" -le 3
check "no busy loop: at most 3 CPU ticks while the host is away ($((t1 - t0)))" test $((t1 - t0)) -le 3
check "the agent lives on" kill -0 "$agent_pid"
start_sim
check "it reconnects once the host is back" wait_for 10 log_has ' is back after '
back_after=$(sed -n 's/.* is back after \([0-9.]*\) s.*/\1/p' "$log")
echo "# reconnected ${back_after} s after the loss ($(awk -v a="$(date +%s.%N)" -v b="$down_at" 'BEGIN { printf "%.1f", a - b }') s since the kill)"
check "logged once each: lost, back" \
	test "$(log_count '^vbox-balloon: lost ')" -eq 1 -a "$(log_count ' is back after ')" -eq 1
ctl stats-interval 1
check "statistics flow again to the new host" \
	wait_for 3 bash -c "[ \$('$hostsim' ctl --dir '$dir' stats | sed -n 's/^reports_total: //p') -ge $ncpu ]"
check "the facility is active on the new host" bash -c "'$hostsim' ctl --dir '$dir' status | grep -qx 'facility.100: active'"

# ---- clean stop -------------------------------------------------------------------
kill -TERM "$agent_pid"; wait "$agent_pid"; rc=$?; agent_pid=
check "SIGTERM: exit 0" test $rc -eq 0
check "the facility is reported terminated" bash -c "'$hostsim' ctl --dir '$dir' status | grep -qx 'facility.100: terminated'"
mask=$(ctl_value status filter_mask)
check "the statistics bit left the filter ($mask) and the pidfile is gone" \
	test $((mask & 0x80)) -eq 0 -a ! -e "$dir/run/balloon.pid"

# ---- exact units from a fake proc tree; an interval set before the start ---------
proc=$dir/proc
mkdir -p "$proc/sys/fs" "$proc/1" "$proc/22"
printf 'MemTotal: 2048000 kB\nMemFree: 512000 kB\nMemAvailable: 1024000 kB\nBuffers: 4000 kB\nCached: 200000 kB\nSwapTotal: 1048576 kB\nCommitted_AS: 3000000 kB\nSReclaimable: 40000 kB\nSUnreclaim: 20000 kB\nKernelStack: 8000 kB\nPageTables: 12000 kB\n' >"$proc/meminfo"
printf 'cpu  1 1 1 1\ncpu0 100 0 50 850 0 0 0 0\ncpu2 300 100 100 400 50 25 25 0\n' >"$proc/stat"
printf '0.00 0.00 0.00 1/77 100\n' >"$proc/loadavg"
printf '321\t0\t1000\n' >"$proc/sys/fs/file-nr"
r0=$(ctl_value stats reports_total)
# A service manager's notify socket, when python3 can play one.
notify_pid=
if command -v python3 >/dev/null; then
	python3 - "$dir/notify" "$dir/notify.out" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(10)
with open(sys.argv[2], "a") as f:
    while True:
        try:
            d = s.recv(4096).decode()
        except socket.timeout:
            break
        f.write(d + "\n")
        f.flush()
        if d.startswith("STOPPING=1"):
            break
PY
	notify_pid=$!
	wait_for 5 test -S "$dir/notify"
fi
NOTIFY_SOCKET=$dir/notify "$agent" -d "$guest" --pidfile "$dir/run/balloon.pid" --proc-root "$proc" \
	--log-target=stderr 2>>"$log" &
agent_pid=$!
wait_for 3 bash -c "[ \$('$hostsim' ctl --dir '$dir' stats | sed -n 's/^reports_total: //p') -ge $((r0 + 2)) ]"
stats=$(ctl stats | grep '^report:' | tail -2)
want0='cpu=0 caps=0xffff idle=85 kernel=5 user=10 threads=77 processes=2 handles=321 memory_load=50 page_size=4096 phys_total=512000 phys_avail=256000 balloon=0 commit_total=750000 kernel_total=20000 kernel_paged=10000 kernel_nonpaged=10000 system_cache=51000 page_file=262144'
want2='cpu=2 caps=0xffff idle=45 kernel=15 user=40 threads=77'
if grep -qF "$want0" <<<"$stats" && grep -qF "$want2" <<<"$stats"; then
	ok "an interval set before the start is honoured; every field in its unit"
else
	not_ok "an interval set before the start is honoured; every field in its unit" "$stats"
fi
stop_pid "$agent_pid"; agent_pid=
if [ -n "$notify_pid" ]; then
	wait "$notify_pid"; notify_pid=
	got=$(tr '\n' '|' <"$dir/notify.out")
	check "sd_notify: READY=1, a status, STOPPING=1 ($got)" \
		test "$got" = "STATUS=Reporting statistics every 1 s|READY=1|STOPPING=1|"
else
	n=$((n + 1)); echo "ok $n # SKIP python3 is not installed (sd_notify listener)"
fi

# ---- the systemd unit -------------------------------------------------------------
unit=$dir/unit/vbox-balloon.service
mkdir -p "$dir/unit"
sed "s|@sbindir@|$(cd "$(dirname "$agent")" && pwd)|" \
	"${OVT_TOP_SRCDIR:-$top}/data/vbox-balloon.service.in" >"$unit"
missing=
for d in Type=notify ConditionVirtualization=oracle 'DeviceAllow=/dev/vboxguest rw' \
	ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes PrivateTmp=yes; do
	grep -qx -- "$d" "$unit" || missing="$missing $d"
done
check "the unit is hardened and limited to VirtualBox guests${missing:+ (missing:$missing)}" test -z "$missing"
if command -v systemd-analyze >/dev/null; then
	out=$(cd "$dir/unit" && systemd-analyze verify --man=no ./vbox-balloon.service 2>&1)
	check "systemd-analyze verify accepts the unit" test -z "$out"
else
	n=$((n + 1)); echo "ok $n # SKIP systemd-analyze is not installed"
fi

# Under --enable-sanitizers the agents' exits ran the leak checker.
if grep -qE 'Sanitizer|runtime error' "$log"; then
	not_ok "no sanitizer reports from the agent" "$(grep -E -A5 'Sanitizer|runtime error' "$log" | head -40)"
else
	ok "no sanitizer reports from the agent"
fi
