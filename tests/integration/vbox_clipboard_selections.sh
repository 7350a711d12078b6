#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-clipboard's selections and large transfers.
# 20 MiB of text each way through INCR (UTF-8 text of 3-byte characters,
# whose UTF-16 form, 13.4 MiB, fits the 24 MiB a guest's driver takes in
# one HGCM buffer; the host's own limit is 128 MiB), a payload above
# --max-size refused both ways while the agent keeps working, max-size
# and primary re-read from the file on SIGHUP, PRIMARY with
# and without --primary, the owning X client exiting, and ownership
# changing 100 times in a row between the host and an X client.
# Every process started here is remembered by PID and killed by PID.
set -u
top=${OVT_TOP_SRCDIR:-.}
. "$top/tests/common/hostsim-tap.sh" vbox-clipboard-sel
. "$top/tests/common/xserver.sh"
. "$top/tests/integration/vbox_clipboard_lib.sh"

echo "1..27"

check "Xvfb and vbox-hostsim are up" clip_setup
check "the agent starts" start_agent

# ---- 20 MiB each way -----------------------------------------------------------
make_text() { # file MiB
python3 - "$1" "$2" <<'PY'
import sys
# Lines of 1000 CJK characters (3 bytes each) and a LF: exactly N MiB.
line = ("漢字かな交じり文" * 125 + "\n").encode()
total = int(sys.argv[2]) << 20
body = line * (total // len(line))
rest = total - len(body)
body += ("字" * ((rest - 1) // 3)).encode() + b"\n" * (rest - 3 * ((rest - 1) // 3))
assert len(body) == total
open(sys.argv[1], "wb").write(body)
PY
}
make_text "$work/big" 20
check "host → X: 20 MiB of text through INCR, byte-identical" \
	eval 'host_set --text "$work/big" && xpaste UTF8_STRING >"$work/big.out" && cmp -s "$work/big" "$work/big.out"'
rm -f "$work/big.out"
check "X → host: 20 MiB of text through INCR, byte-identical" \
	eval 'xcopy clipboard UTF8_STRING "$work/big" && host_get text "$work/big.host" && cmp -s "$work/big" "$work/big.host"'
xcopy_stop
stop_agent

# ---- the size cap ----------------------------------------------------------------
check "the agent starts with --max-size 1M" start_agent --max-size 1M
head -c $((2 << 20)) /dev/zero | tr '\0' 'x' >"$work/2m"
printf 'small after big' >"$work/small"
host_set --text "$work/2m"
start=$(date +%s%N)
xpaste UTF8_STRING >"$work/2m.out" 2>/dev/null
rc=$?
check "host → X above --max-size: the paste is refused" test $rc -ne 0 -a ! -s "$work/2m.out"
check "host → X above --max-size: a log line says so" grep -q 'larger than --max-size' "$alog"
check "host → X: the next copy works" \
	eval 'host_set --text "$work/small" && xpaste UTF8_STRING >"$work/s.out" && cmp -s "$work/small" "$work/s.out"'
before=$(log_count 'refused the guest')
xcopy clipboard UTF8_STRING "$work/2m"
start=$(date +%s%N)
host_get text "$work/2m.host" 2>/dev/null
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "X → host above --max-size: the host gets nothing, at once (${ms} ms)" test $rc -ne 0 -a "$ms" -lt 4000
check "X → host above --max-size: a log line says so" test "$(log_count 'refused the guest')" -gt "$before"
xcopy_stop
check "X → host: the next copy works" \
	eval 'xcopy clipboard UTF8_STRING "$work/small" && host_get text "$work/small.host" && cmp -s "$work/small" "$work/small.host"'
xcopy_stop
stop_agent

# ---- SIGHUP reads the file again -----------------------------------------------------
# max-size at once, both ways; primary only at the next start; a bad file
# changes nothing.
conf=$work/clip.conf
alog_all=$alog alog=$work/agent-sighup.log
printf '[vbox-clipboard]\nmax-size=1M\n' >"$conf"
start_agent --config "$conf"
host_set --text "$work/2m"
xpaste UTF8_STRING >"$work/2m.out" 2>/dev/null
rc=$?
printf '[vbox-clipboard]\nmax-size=8M\nprimary=true\n' >"$conf"
kill -HUP "$agent_pid"
wait_for 5 state_is max-size 8388608
st=$?
[ $rc -ne 0 ] && [ $st -eq 0 ] && grep -q 'max-size is now 8388608 bytes' "$alog"
ok $? "SIGHUP: a new max-size in the file takes effect (state: max-size=$(state max-size))"
check "SIGHUP: 2 MiB host → X, refused before, now pasted" \
	eval 'host_set --text "$work/2m" && xpaste UTF8_STRING >"$work/2m.out" && cmp -s "$work/2m" "$work/2m.out"'
check "SIGHUP: 2 MiB X → host now reaches the host" \
	eval 'xcopy clipboard UTF8_STRING "$work/2m" && host_get text "$work/2m.host" && cmp -s "$work/2m" "$work/2m.host"'
xcopy_stop
[ "$(state primary)" = off ] && [ "$(log_count 'primary=true in the configuration: it takes a restart')" -eq 1 ]
ok $? "SIGHUP: primary=true in the file is logged as needing a restart, PRIMARY stays off (state: primary=$(state primary))"
printf '[vbox-clipboard]\nmax-size=1\n' >"$conf"
kill -HUP "$agent_pid"
wait_for 5 eval '[ "$(log_count "keeping the previous settings")" -ge 1 ]'
sleep 0.2
kill -0 "$agent_pid" && [ "$(log_count 'keeping the previous settings')" -eq 1 ] &&
	grep 'keeping the previous settings' "$alog" | grep -q "clip.conf:2: \[vbox-clipboard\] max-size" &&
	[ "$(state max-size)" = 8388608 ] &&
	host_set --text "$work/2m" && xpaste UTF8_STRING >"$work/2m.out" && cmp -s "$work/2m" "$work/2m.out"
ok $? "SIGHUP with a bad file: one warning, the agent runs on with max-size 8M"
stop_agent
printf '[vbox-clipboard]\nmax-size=1M\n' >"$conf"
start_agent --config "$conf" --max-size 4M
printf '[vbox-clipboard]\nmax-size=2M\n' >"$conf"
reread=$(log_count 'read the configuration again')
kill -HUP "$agent_pid"
wait_for 5 eval '[ "$(log_count "read the configuration again")" -gt "$reread" ]'
sleep 0.2
[ "$(state max-size)" = 4194304 ]
ok $? "SIGHUP: --max-size of the command line stays (state: max-size=$(state max-size))"
stop_agent
alog=$alog_all

# ---- PRIMARY -----------------------------------------------------------------------
printf 'primary selection text' >"$work/prim"
check "the agent starts with --primary" start_agent --primary
check "--primary: the state says primary=on" test "$(state primary)" = on
check "--primary: the guest's PRIMARY reaches the host" \
	eval 'xcopy primary UTF8_STRING "$work/prim" && host_get text "$work/prim.host" && cmp -s "$work/prim" "$work/prim.host"'
xcopy_stop
check "--primary: host data can be middle-click pasted (PRIMARY)" \
	eval 'host_set --text "$work/small" && xpaste primary UTF8_STRING >"$work/p.out" && cmp -s "$work/small" "$work/p.out"'
stop_agent
check "the agent starts without --primary" start_agent
ctl clipboard clear >/dev/null
before=$(state guest-announcements)
DISPLAY=$xdisplay xclip -quiet -selection primary -i "$work/prim" >/dev/null 2>&1 &
xclip_pid=$!
pids+=("$xclip_pid")
sleep 1
[ "$(state guest-announcements)" = "$before" ] && [ -z "$(ctl clipboard formats)" ]
ok $? "without --primary the guest's PRIMARY never reaches the host"
xcopy_stop

# ---- the owner exits; 100 changes of owner -------------------------------------------
xcopy clipboard UTF8_STRING "$work/small"
xcopy_stop
wait_for 5 state_is owner none && [ -z "$(ctl clipboard formats)" ]
ok $? "the owning X client exits: the host is told the clipboard is empty"

churn() {
	local i
	for i in $(seq 50); do
		printf 'host %d' "$i" >"$work/h"
		printf 'guest %d' "$i" >"$work/g"
		host_set --text "$work/h" || { echo "# host_set $i"; return 1; }
		# xclip exits by itself when the agent takes the selection.
		xcopy clipboard UTF8_STRING "$work/g" || { echo "# xcopy $i"; return 1; }
	done
}
check "ownership changes 100 times, alternating host and X client" churn
[ "$(state owner)" = guest ] && host_get text "$work/g.host" && cmp -s "$work/g" "$work/g.host" &&
	[ "$(xpaste UTF8_STRING)" = "guest 50" ]
ok $? "after it: the X client owns, the host reads its text, X reads the same"
printf 'final from host' >"$work/h"
host_set --text "$work/h" && [ "$(xpaste UTF8_STRING)" = "final from host" ] &&
	kill -0 "$agent_pid" && ! grep -q 'WARNING\|warning:' "$alog"
ok $? "and the agent is still healthy: a host copy pastes, no warnings logged"
xcopy_stop
stop_agent
[ "$failed" -eq 0 ]
