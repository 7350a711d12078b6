#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-clipboard and the host.  Each clipboard mode gates
# the right direction; the legacy (pre-6.1) host protocol end to end; the
# simulator killed and restarted (the loss logged once, recovery, the next
# copy works both ways); hostile bitmaps from the host (a truncated DIB
# header, a DIB whose pixels are larger than the data) fail the X client's
# paste with a log line and no crash; the X server killed ends the agent
# with one line and a non-zero status.
# Every process started here is remembered by PID and killed by PID.
set -u
top=${OVT_TOP_SRCDIR:-.}
. "$top/tests/common/hostsim-tap.sh" vbox-clipboard-host
. "$top/tests/common/xserver.sh"
. "$top/tests/integration/vbox_clipboard_lib.sh"

echo "1..27"

check "Xvfb and vbox-hostsim are up" clip_setup
check "the agent starts" start_agent
printf 'from the host' >"$work/h"
printf 'from the guest' >"$work/g"
h2g() { host_set --text "$work/h" && [ "$(xpaste UTF8_STRING)" = "from the host" ]; }
g2h() {
	xcopy clipboard UTF8_STRING "$work/g" && host_get text "$work/g.host" 2>"$work/g.err" &&
		cmp -s "$work/g" "$work/g.host"
	local rc=$?
	xcopy_stop
	if [ $rc -ne 0 ]; then # say why, for a failure seen only under load
		sed 's/^/# ctl: /' "$work/g.err"
		echo "# agent state: owner=$(state owner) guest-announcements=$(state guest-announcements)"
		tail -n 5 "$alog" | sed 's/^/# agent: /'
	fi
	return $rc
}
# Copy on the host; the agent must not hear of it within a second.
h2g_blocked() {
	local before
	before=$(state host-announcements)
	ctl clipboard set --text "$work/h" >/dev/null
	sleep 1
	[ "$(state host-announcements)" = "$before" ]
}
g2h_blocked() {
	local before
	before=$(state guest-announcements)
	DISPLAY=$xdisplay xclip -quiet -selection clipboard -i "$work/g" >/dev/null 2>&1 &
	xclip_pid=$!
	pids+=("$xclip_pid")
	wait_for 10 announced guest-announcements "$before"
	sleep 0.3
	! host_get text "$work/blocked" 2>/dev/null
	local rc=$?
	xcopy_stop
	return $rc
}

# ---- modes ---------------------------------------------------------------------
ctl clipboard mode host-to-guest >/dev/null
check "mode host-to-guest: host → X works" h2g
check "mode host-to-guest: X → host is refused" g2h_blocked
check "mode host-to-guest: the refusal is logged" grep -q 'mode forbids' "$alog"
ctl clipboard mode guest-to-host >/dev/null
check "mode guest-to-host: X → host works" g2h
check "mode guest-to-host: host copies do not reach X" h2g_blocked
ctl clipboard mode off >/dev/null
check "mode off: host copies do not reach X" h2g_blocked
check "mode off: X → host is refused" g2h_blocked
ctl clipboard mode bidirectional >/dev/null
check "mode bidirectional: host → X" h2g
check "mode bidirectional: X → host" g2h

# ---- hostile host bitmaps ----------------------------------------------------------
python3 - "$work" <<'PY'
import struct, sys
d = sys.argv[1]
def bmp(name, dib, pixels):
    body = dib + pixels
    off = 14 + len(dib)
    open(f"{d}/{name}", "wb").write(b"BM" + struct.pack("<IHHI", 14 + len(body), 0, 0, off) + body)
# A DIB header of 16 bytes: shorter than any BITMAPINFOHEADER.
bmp("short.bmp", struct.pack("<IiiHH", 16, 4, 4, 1, 24), b"\0" * 64)
# 30000 x 30000 at 24 bits claimed, 64 bytes of pixels given.
bmp("huge.bmp", struct.pack("<IiiHHIIiiII", 40, 30000, 30000, 1, 24, 0, 0, 0, 0, 0, 0), b"\0" * 64)
PY
hostile() { # file
	local before
	before=$(log_count 'cannot be converted')
	host_set --bitmap "$1" || return 1
	! xpaste image/png >"$work/hostile.out" 2>/dev/null &&
		! xpaste image/bmp >>"$work/hostile.out" 2>/dev/null &&
		[ ! -s "$work/hostile.out" ] && [ "$(log_count 'cannot be converted')" -gt "$before" ]
}
check "a host DIB with a truncated header: the paste fails, a log line" hostile "$work/short.bmp"
check "a host DIB larger than its data: the paste fails, a log line" hostile "$work/huge.bmp"
check "the agent is alive after hostile bitmaps and the next copy works" eval 'kill -0 $agent_pid && h2g'

# ---- the simulator killed and restarted -----------------------------------------------
kill -KILL "$sim_pid"
wait "$sim_pid" 2>/dev/null
check "simulator killed: the state says host=lost" wait_for 10 state_is host lost
sleep 2
check "simulator killed: the loss is logged once" test "$(log_count 'lost unix:')" -eq 1
check "vbox-hostsim restarted" start_sim "$sim"
check "the agent reconnects" wait_for 40 state_is host connected
check "after the restart: host → X works" h2g
check "after the restart: X → host works" g2h
stop_agent

# ---- the legacy host protocol --------------------------------------------------------------
kill -TERM "$sim_pid"
wait "$sim_pid" 2>/dev/null
check "vbox-hostsim up with --clipboard-legacy-host" start_sim "$sim" --clipboard-legacy-host
check "the agent starts and speaks the legacy protocol" eval 'start_agent && state_is protocol legacy'
check "legacy host: host → X" h2g
check "legacy host: X → host" g2h

# ---- the X server killed ------------------------------------------------------------------
cpidfile=$XDG_RUNTIME_DIR/open-vbox-tools/vbox-clipboard@$xdisplay.pid
[ "$(cat "$cpidfile" 2>/dev/null)" = "$agent_pid" ] && [ -s "$(state_file)" ]
ok $? "the running agent has its pidfile and its state file"
kill -KILL "$xpid"
wait "$agent_pid" 2>/dev/null
rc=$?
last=$(tail -n 1 "$alog")
[ $rc -ne 0 ] && grep -q 'lost the connection to the X server' <<<"$last" &&
	[ "$(grep -c 'X server' "$alog")" -eq 1 ]
ok $? "the X server killed: the agent exits $rc with one line"
[ ! -e "$(state_file)" ] && [ ! -e "$cpidfile" ]
ok $? "the X server killed: neither the state file nor the pidfile is left ($(ls "$XDG_RUNTIME_DIR/open-vbox-tools" | tr '\n' ' '))"
[ "$failed" -eq 0 ]
