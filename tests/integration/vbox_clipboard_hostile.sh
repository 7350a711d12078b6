#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-clipboard against a hostile host and stalled X
# clients.  The simulator's testing aids (`ctl clipboard set --raw-*`,
# `--claim-size`) give the agent odd-length and unpaired-surrogate
# UTF-16, truncated and oversized DIB headers and a size reply larger
# than the data: each paste fails for the X client (xclip exits non-zero
# with nothing), the agent logs one line for it and the next valid copy
# works.  Then an X client that asks through INCR and never reads, and an
# X client owner that never answers: the agent goes on serving other
# transfers, and the stalled one ends after the agent's 5 s with a log
# line.  Every process started here is remembered by PID and killed by
# PID.  Run it on a --enable-sanitizers build too: ASan/UBSan reports end
# the agent, which the checks of its health catch.
set -u
top=${OVT_TOP_SRCDIR:-.}
. "$top/tests/common/hostsim-tap.sh" vbox-clipboard-hostile
. "$top/tests/common/xserver.sh"
. "$top/tests/integration/vbox_clipboard_lib.sh"

echo "1..21"

check "Xvfb and vbox-hostsim are up" clip_setup
check "the agent starts" start_agent

printf 'valid after hostile' >"$work/valid"
valid_copy() { # the host copies valid text, X pastes the same
	host_set --text "$work/valid" && xpaste UTF8_STRING >"$work/valid.out" &&
		cmp -s "$work/valid" "$work/valid.out"
}
python3 - "$work" <<'PY'
import struct, sys
d = sys.argv[1]
def put(name, data):
    open(f"{d}/{name}", "wb").write(data)
put("odd.utf16", "abc".encode("utf-16-le") + b"d")
put("high.utf16", "ab".encode("utf-16-le") + b"\x00\xd8" + "c".encode("utf-16-le") + b"\0\0")
put("low.utf16", b"\x00\xdc" + "xyz".encode("utf-16-le") + b"\0\0")
# A DIB cut inside its BITMAPINFOHEADER (20 of 40 bytes).
put("cut.dib", struct.pack("<IiiHHI", 40, 2, 2, 1, 24, 0))
# A DIB whose header size says 2 GiB.
put("big-header.dib", struct.pack("<IiiHHIIiiII", 0x7FFFFFFF, 2, 2, 1, 24, 0, 0, 0, 0, 0, 0) + b"\0" * 16)
put("html.txt", b"<b>bold</b>")
PY

# A paste of @target that must fail for the X client, with exactly one
# new log line matching @pattern; the agent still alive.
refused() { # target pattern
	local before st
	before=$(log_count "$2")
	xpaste "$1" >"$work/hostile.out" 2>/dev/null
	st=$?
	[ $st -ne 0 ] && [ ! -s "$work/hostile.out" ] &&
		[ "$(log_count "$2")" -eq $((before + 1)) ] && kill -0 "$agent_pid" ||
		{ echo "# xclip $st, $(wc -c <"$work/hostile.out") bytes, log $before -> $(log_count "$2")"; return 1; }
}
conv='cannot be converted'

host_set --raw-text "$work/odd.utf16"
check "odd-length UTF-16: UTF8_STRING fails, one log line" refused UTF8_STRING "$conv for UTF8_STRING"
check "odd-length UTF-16: STRING fails, one log line" refused STRING "$conv for STRING"
host_set --raw-text "$work/high.utf16"
check "an unpaired high surrogate: the paste fails, one log line" refused UTF8_STRING "$conv for UTF8_STRING"
host_set --raw-text "$work/low.utf16"
check "an unpaired low surrogate: the paste fails, one log line" refused text/plain\;charset=utf-8 "$conv for text/plain;charset=utf-8"
host_set --raw-bitmap "$work/cut.dib"
check "a DIB cut inside its header: image/png fails, one log line" refused image/png "$conv for image/png"
check "a DIB cut inside its header: image/bmp fails, one log line" refused image/bmp "$conv for image/bmp"
host_set --raw-bitmap "$work/big-header.dib"
check "a DIB header size of 2 GiB: the paste fails, one log line" refused image/png "$conv for image/png"
host_set --raw-html "$work/html.txt" --claim-size 4294967295
check "a size reply of 4 GiB for 11 bytes: the paste fails, one log line" refused text/html 'refused text/html: the host claims more'
check "after the hostile data the agent is alive and a valid copy works" valid_copy

# A claim that a guest can read: the bytes the host did not write read as
# zeros (never the agent's old memory), and the text ends at its NUL.
printf 'short text' >"$work/short"
ctl clipboard set --text "$work/short" --claim-size 100000 >/dev/null &&
	wait_for 10 state_is owner host && xpaste UTF8_STRING >"$work/short.out"
check "a size reply larger than the text: X gets the text and nothing else" \
	cmp -s "$work/short" "$work/short.out"

# ---- an X client that asks through INCR and never reads -------------------------
head -c $((4 << 20)) /dev/zero | tr '\0' s >"$work/4m"
host_set --text "$work/4m"
DISPLAY=$xdisplay "$testtool" stall-read clipboard UTF8_STRING >"$work/stall.out" 2>&1 &
stall_pid=$!
pids+=("$stall_pid")
check "a stalled reader got an INCR answer" wait_for 10 grep -q '^incr$' "$work/stall.out"
stalled_at=$(date +%s%N)
before=$(log_count 'stopped reading a large paste')
check "while it stalls, another X client pastes the same 4 MiB" \
	eval 'xpaste UTF8_STRING >"$work/4m.out" && cmp -s "$work/4m" "$work/4m.out"'
g2h() { # out: an X client copies valid text, the host pastes the same
	xcopy clipboard UTF8_STRING "$work/valid" &&
		host_get text "$1" 2>"$work/g2h.err" && cmp -s "$work/valid" "$1" ||
		{ echo "# $(head -c 200 "$work/g2h.err")"; tail -5 "$alog" | sed 's/^/# /'; return 1; }
}
check "while it stalls, the host reads an X client's copy" g2h "$work/g.out"
xcopy_stop
abandoned() { [ "$(log_count 'stopped reading a large paste')" -eq $((before + 1)) ]; }
check "the stalled paste is abandoned with one log line" wait_for 10 abandoned
ms=$((($(date +%s%N) - stalled_at) / 1000000))
check "... after the agent's 5 s without progress (${ms} ms)" test "$ms" -ge 4000 -a "$ms" -lt 9000
kill "$stall_pid" 2>/dev/null
wait "$stall_pid" 2>/dev/null

# ---- an X client owner that never answers -------------------------------------------
DISPLAY=$xdisplay "$testtool" stall-own clipboard >"$work/own.out" 2>&1 &
own_pid=$!
pids+=("$own_pid")
wait_for 10 grep -q '^ready$' "$work/own.out"
check "the agent asks the silent owner for its targets" wait_for 10 grep -q '^request TARGETS$' "$work/own.out"
asked_at=$(date +%s%N)
check "while the owner is silent, a host copy reaches X at once" \
	eval 'valid_copy && test $((($(date +%s%N) - asked_at) / 1000000)) -lt 4000'
check "the silent owner's conversion times out with a log line" \
	wait_for 10 grep -q 'did not answer for its TARGETS within 5 s' "$alog"
kill "$own_pid" 2>/dev/null
wait "$own_pid" 2>/dev/null
check "after the stalls the agent works both ways, no warnings logged" \
	eval 'valid_copy && g2h "$work/g2.out" && ! grep -qi "warning\|critical\|runtime error\|AddressSanitizer" "$alog"'
xcopy_stop
stop_agent
exit $((failed != 0))
