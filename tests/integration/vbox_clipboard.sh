#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-clipboard on Xvfb against a real vbox-hostsim,
# with real X clients (xclip, xsel).  The command line, single instance,
# text both ways (ASCII, multi-line, several scripts, emoji, empty), HTML
# both ways, images (PNG and BMP from 24- and 32-bit host bitmaps, a PNG
# from an X client to the host), the targets offered, the state file, no
# wakeups when idle, and a clean stop.
# Every process started here is remembered by PID and killed by PID.
set -u
top=${OVT_TOP_SRCDIR:-.}
. "$top/tests/common/hostsim-tap.sh" vbox-clipboard
. "$top/tests/common/xserver.sh"
. "$top/tests/integration/vbox_clipboard_lib.sh"

echo "1..38"

# ---- command line ----------------------------------------------------------
out=$("$agent_bin" --help 2>&1); rc=$?
[ $rc -eq 0 ] && grep -q -- --primary <<<"$out" && grep -q -- --max-size <<<"$out"
ok $? "--help exits 0 and lists --primary and --max-size"
out=$("$agent_bin" --version 2>&1)
check "--version prints the version" test "$out" = "vbox-clipboard ${OVT_VERSION:-0.1.0}"
out=$("$agent_bin" --max-size 12x 2>&1); rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ]
ok $? "a bad --max-size is a usage error: exit 2, one line"
out=$(DISPLAY= "$agent_bin" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ]
ok $? "no X display: exit 1, one line"

desktop=$OVT_TOP_BUILDDIR/data/vbox-clipboard.desktop
unit=$OVT_TOP_BUILDDIR/data/vbox-clipboard.service
check "the XDG autostart entry passes desktop-file-validate" desktop-file-validate "$desktop"
grep -qx 'X-systemd-skip=true' "$desktop" && grep -qx 'X-GNOME-HiddenUnderSystemd=true' "$desktop" &&
	grep -qx 'WantedBy=graphical-session.target' "$unit" && grep -qx 'PartOf=graphical-session.target' "$unit"
ok $? "under systemd only the user unit starts it, bound to graphical-session.target"

check "Xvfb and vbox-hostsim are up" clip_setup
out=$("$agent_bin" --display "$xdisplay" -d "unix:$work/none.sock" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q none.sock <<<"$out"
ok $? "no host: exit 1, one line naming the device"

check "the agent starts and connects" start_agent
out=$("$agent_bin" --display "$xdisplay" -d "unix:$sim/vboxuser.sock" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "$agent_pid" <<<"$out"
ok $? "a second instance on the display is refused, naming the first"

# ---- text, host to guest -----------------------------------------------------
roundtrip_h2g() { # description file target [reader]
	local f=$2 t=$3 reader=${4:-xclip}
	host_set --text "$f" || return 1
	if [ "$reader" = xsel ]; then
		DISPLAY=$xdisplay timeout 20 xsel --clipboard --output >"$f.out"
	else
		xpaste "$t" >"$f.out"
	fi
	cmp -s "$f" "$f.out"
}
printf 'plain ASCII text' >"$work/ascii"
printf 'line one\nline two\n\nline four' >"$work/multi"
printf '日本語のテキスト, 中文, 한국어 · مرحبا بالعالم · Ελληνικά · Русский 😀🎉𝄞' >"$work/scripts"
: >"$work/empty"
check "host → X: ASCII (xclip, UTF8_STRING)" roundtrip_h2g a "$work/ascii" UTF8_STRING
check "host → X: multi-line, LF in X (xclip)" roundtrip_h2g m "$work/multi" UTF8_STRING
check "host → X: CJK, Arabic, Greek, Cyrillic, emoji (xclip)" roundtrip_h2g s "$work/scripts" UTF8_STRING
check "host → X: the same through text/plain;charset=utf-8" roundtrip_h2g s "$work/scripts" 'text/plain;charset=utf-8'
check "host → X: several scripts (xsel)" roundtrip_h2g s "$work/scripts" UTF8_STRING xsel
check "host → X: multi-line (xsel)" roundtrip_h2g m "$work/multi" UTF8_STRING xsel
check "host → X: an empty string" roundtrip_h2g e "$work/empty" UTF8_STRING
printf 'caf\xe9 na\xefve' >"$work/latin1"
host_set --text <(printf 'café naïve') && xpaste STRING >"$work/latin1.out"
check "host → X: STRING is Latin-1" cmp -s "$work/latin1" "$work/latin1.out"
targets=$(xpaste TARGETS | tr '\n' ' ')
check "TARGETS lists the text targets and TARGETS, MULTIPLE, TIMESTAMP" test "$targets" = \
	"TARGETS MULTIPLE TIMESTAMP UTF8_STRING text/plain;charset=utf-8 STRING TEXT text/plain "

# ---- text, guest to host -----------------------------------------------------
roundtrip_g2h() { # file [writer]
	local f=$1 writer=${2:-xclip}
	if [ "$writer" = xsel ]; then
		local before
		before=$(state guest-announcements)
		DISPLAY=$xdisplay xsel --clipboard --input --nodetach <"$f" &
		xclip_pid=$!
		pids+=("$xclip_pid")
		wait_for 10 announced guest-announcements "$before" || return 1
	else
		xcopy clipboard UTF8_STRING "$f" || return 1
	fi
	host_get text "$f.host"
	local rc=$?
	xcopy_stop
	[ $rc -eq 0 ] && cmp -s "$f" "$f.host"
}
check "X → host: ASCII (xclip)" roundtrip_g2h "$work/ascii"
b0=$(ctl status | sed -n 's/^ *clipboard_bytes_from_guest: //p')
check "X → host: multi-line (xclip)" roundtrip_g2h "$work/multi"
b1=$(ctl status | sed -n 's/^ *clipboard_bytes_from_guest: //p')
# 28 characters with 3 LFs: 31 UTF-16 units with CR LF, plus the NUL.
check "X → host: the wire carries CRLF (64 bytes for 28 characters, 3 line ends)" \
	test $((b1 - b0)) -eq 64
check "X → host: several scripts and emoji (xclip)" roundtrip_g2h "$work/scripts"
check "X → host: several scripts and emoji (xsel)" roundtrip_g2h "$work/scripts" xsel
check "X → host: an empty string" roundtrip_g2h "$work/empty"

# ---- HTML ---------------------------------------------------------------------
printf '<p>Hello <b>wörld</b> – 日本</p>\n<ul><li>x</li></ul>' >"$work/page.html"
host_set --html "$work/page.html" && xpaste text/html >"$work/page.out"
check "host → X: HTML through text/html" cmp -s "$work/page.html" "$work/page.out"
xcopy clipboard text/html "$work/page.html" && host_get html "$work/page.host"
check "X → host: HTML through text/html" cmp -s "$work/page.html" "$work/page.host"
xcopy_stop

# ---- images -------------------------------------------------------------------
same_pixels() { # file want
	[ -n "$2" ] && [ "$("$testtool" pixels "$1")" = "$2" ]
}
"$testtool" bmp "$work/i24.bmp" 61 37 24 && "$testtool" bmp "$work/i32.bmp" 64 33 32
want24=$("$testtool" pixels "$work/i24.bmp")
want32=$("$testtool" pixels "$work/i32.bmp")
host_set --bitmap "$work/i24.bmp" && xpaste image/png >"$work/o24.png"
check "host 24-bit bitmap → image/png: same pixels" same_pixels "$work/o24.png" "$want24"
xpaste image/bmp >"$work/o24.bmp"
check "host 24-bit bitmap → image/bmp: same pixels" same_pixels "$work/o24.bmp" "$want24"
host_set --bitmap "$work/i32.bmp" && xpaste image/png >"$work/o32.png"
check "host 32-bit bitmap (alpha) → image/png: same pixels" same_pixels "$work/o32.png" "$want32"
xpaste image/bmp >"$work/o32.bmp"
check "host 32-bit bitmap → image/bmp: same pixels" same_pixels "$work/o32.bmp" "$want32"
targets=$(xpaste TARGETS | tr '\n' ' ')
check "an image offers image/png and image/bmp" test "$targets" = "TARGETS MULTIPLE TIMESTAMP image/png image/bmp "
"$testtool" png "$work/x.png" 50 40
want=$("$testtool" pixels "$work/x.png")
xcopy clipboard image/png "$work/x.png" && host_get bitmap "$work/x.host.bmp"
check "X image/png → host DIB: same pixels" same_pixels "$work/x.host.bmp" "$want"
xcopy_stop

# ---- state, idle, stop ----------------------------------------------------------
# The host may have the data before the state file is rewritten.
[ "$(state primary)" = off ] && [ "$(state max-size)" = 67108864 ] &&
	[ "$(state protocol)" = 6.1 ] &&
	wait_for 5 grep -q '^last-transfer=guest-to-host bitmap ' "$(state_file)"
ok $? "the state file shows primary, max-size, protocol and the last transfer"
host_set --text "$work/ascii" && xpaste UTF8_STRING >/dev/null
sleep 1
c0=$(ctx_switches)
sleep 10
c1=$(ctx_switches)
check "idle: no wakeups in 10 s ($c0 → $c1 context switches)" test "$c0" -eq "$c1"
stop_agent
check "SIGTERM: exit 0" test "$agent_rc" -eq 0
check "SIGTERM: the state file is removed" test ! -e "$(state_file)"
out=$(DISPLAY=$xdisplay timeout 5 xclip -selection clipboard -o 2>&1); rc=$?
check "SIGTERM: the selection is released" test $rc -ne 0
[ "$failed" -eq 0 ]
