#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The shared clipboard from the host side, end to end (TAP): `ctl clipboard
# set|clear|formats|get|mode`, its lines in `ctl status` and the
# --clipboard-* options, against clip-testguest as the guest: the host's
# conversions both ways, the mode, the 5 s wait, bad input, and a host
# before 6.1.  Every simulator and guest is remembered by PID and killed by
# PID on exit, whatever happened.
set -u

. "$(dirname "$0")/../common/hostsim-tap.sh" hostsim-clipboard

guest_bin="${OVT_TOP_BUILDDIR:-.}/tests/integration/clip-testguest"

ctl() { "$sim_bin" ctl --dir "$d" clipboard "$@"; }
status_of() { "$sim_bin" ctl --dir "$d" status | sed -n "s/^$1: //p"; }
guest() { "$guest_bin" "unix:$d/vboxguest.sock" "$@"; }

# A guest in the background (clip-testguest ARGS), remembered by PID;
# waits up to 5 s for its "ready" (or its exit); sets $gpid.
start_guest() { # name args...
	local name=$1 i
	shift
	"$guest_bin" "unix:$d/vboxguest.sock" "$@" >"$work/$name.out" \
		2>"$work/$name.err" &
	gpid=$!
	pids+=("$gpid")
	for i in $(seq 100); do
		grep -q '^ready$' "$work/$name.out" && return 0
		kill -0 "$gpid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# Stop the guest; the host hears of it when it reads the connection's end,
# a moment after the process is gone: wait (up to 5 s) until no client
# of the clipboard is left.
stop_guest() {
	local i
	kill -TERM "$gpid" 2>/dev/null
	wait "$gpid" 2>/dev/null
	for i in $(seq 100); do
		status_of 'clipboard_client\.[0-9]*' | grep -q . || return 0
		sleep 0.05
	done
}

# Run a command that must fail with @status and one stderr line matching
# @pattern, and print nothing on stdout.
fails_with() { # status pattern command...
	local want=$1 pattern=$2 st
	shift 2
	"$@" >"$work/stdout" 2>"$work/stderr"
	st=$?
	[ "$st" -eq "$want" ] && [ "$(wc -l <"$work/stderr")" -eq 1 ] &&
		grep -q -- "$pattern" "$work/stderr" && [ ! -s "$work/stdout" ] ||
		{ echo "# status $st: $(head -c 300 "$work/stderr")"; return 1; }
}

# ---- the files ---------------------------------------------------------------
# A 2x2 24-bit BMP: file header, BITMAPINFOHEADER, two padded rows.
printf 'BM\x46\0\0\0\0\0\0\0\x36\0\0\0' >"$work/img.bmp"
printf '\x28\0\0\0\2\0\0\0\2\0\0\0\1\0\x18\0\0\0\0\0\x10\0\0\0' >>"$work/img.bmp"
printf '\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' >>"$work/img.bmp"
printf '\1\2\3\4\5\6\0\0\7\10\11\12\13\14\0\0' >>"$work/img.bmp"
tail -c +15 "$work/img.bmp" >"$work/img.dib"
printf 'h\xc3\xa9llo\nw\xc3\xb6rld\n' >"$work/host.txt"
# ... as the host stores it: UTF-16LE, CRLF, NUL.
printf 'h\0\xe9\0l\0l\0o\0\r\0\n\0w\0\xf6\0r\0l\0d\0\r\0\n\0\0\0' \
	>"$work/host.utf16"
printf 'g\0\xe4\0s\0t\0\r\0\n\0l\0i\0n\0e\0\0\0' >"$work/guest.utf16"
printf 'g\xc3\xa4st\nline' >"$work/guest.txt"
printf '<b>b</b>\0' >"$work/guest.html"
: >"$work/empty"

# ---- host to guest -----------------------------------------------------------
d="$work/sim"
mkdir "$d"
start_sim "$d"
ok $? "the simulator starts"
[ "$(status_of clipboard_mode)" = bidirectional ] &&
	[ "$(status_of clipboard_legacy_host)" = no ] &&
	[ "$(status_of clipboard_clients)" = 0 ]
ok $? "ctl status: mode bidirectional, a 7.x host, no clients"
"$sim_bin" ctl --dir "$d" help | grep -q '^clipboard set '
ok $? "ctl help shows the clipboard command"

ctl set --text "$work/host.txt" && [ "$(status_of clipboard_host_formats)" = text ]
ok $? "set --text: the host clipboard holds text"
[ "$(guest formats)" = text ]
ok $? "a new guest is told: text"
guest read text >"$work/got" && cmp -s "$work/got" "$work/host.utf16"
ok $? "the guest reads UTF-16LE with CRLF and a NUL"
printf '<p>hi</p>' | ctl set --html - --bitmap "$work/img.bmp" &&
	[ "$(guest formats | tr '\n' ' ')" = "bitmap html " ]
ok $? "set --html - --bitmap FILE replaces the clipboard with both"
guest read html >"$work/got" && cmp -s "$work/got" <(printf '<p>hi</p>\0')
ok $? "HTML from standard input is stored with a NUL"
guest read bitmap >"$work/got" && cmp -s "$work/got" "$work/img.dib"
ok $? "the BMP file is stored as its DIB"
ctl set --text "$work/host.txt" --html "$work/host.txt" --bitmap "$work/img.bmp" &&
	[ "$(status_of clipboard_host_formats)" = text,bitmap,html ]
ok $? "all three formats at once"
ctl clear && [ -z "$(guest formats)" ] &&
	[ "$(status_of clipboard_host_formats)" = none ]
ok $? "clear empties it: the guest is told formats 0"
[ "$(status_of clipboard_bytes_to_guest)" -eq $((30 + 10 + 56)) ]
ok $? "ctl status counts the bytes the guest read"

# ---- guest to host -----------------------------------------------------------
start_guest g1 serve --text "$work/guest.utf16" --html "$work/guest.html" \
	--bitmap "$work/img.dib"
ok $? "a guest announces text, html and bitmap"
[ "$(ctl formats | tr '\n' ' ')" = "text bitmap html " ]
ok $? "ctl clipboard formats lists them, one a line"
status_of 'clipboard_client\.[0-9]*' | grep -q '^protocol=new features=0x1 '
ok $? "ctl status: the guest speaks the 6.1 protocol"
ctl get --format text >"$work/got" && cmp -s "$work/got" "$work/guest.txt"
ok $? "get --format text prints UTF-8 with LF, without the NUL"
ctl get --format html --output "$work/out.html" &&
	cmp -s "$work/out.html" <(printf '<b>b</b>')
ok $? "get --format html --output FILE writes it without the NUL"
ctl get --format bitmap --output "$work/out.bmp" &&
	cmp -s "$work/out.bmp" "$work/img.bmp"
ok $? "get --format bitmap writes the DIB back as the BMP file"
[ "$(status_of clipboard_bytes_from_guest)" -eq $((22 + 9 + 56)) ]
ok $? "ctl status counts the bytes the guest wrote"
stop_guest
fails_with 1 "the guest offers no text" ctl get --format text
ok $? "the offer goes with the guest"

start_guest g2 serve --text "$work/empty"
fails_with 1 "answered with no data" ctl get --format text --output "$work/none"
ok $? "an empty answer fails ..."
[ ! -e "$work/none" ]
ok $? "... and writes no file"
fails_with 1 "the guest offers no html" ctl get --format html
ok $? "a format the guest does not offer fails at once"
stop_guest

start_guest g3 serve --no-answer --text "$work/guest.utf16"
t0=$(date +%s%N)
fails_with 1 "did not answer within 5000 ms" ctl get --format text
st=$?
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$st" -eq 0 ] && [ "$ms" -ge 4500 ] && [ "$ms" -lt 10000 ]
ok $? "a guest that does not answer: exit 1 after the host's 5 s ($ms ms)"
stop_guest

# The host's UTF-16 → UTF-8 (per stretch between the CRs it drops): a
# surrogate pair, a lone CR, CR CR LF, a NUL with bytes after it ...
printf 'a\0\r\0\n\0b\0\r\0c\0\x3d\xd8\x00\xde\r\0\r\0\n\0\0\0x\0' >"$work/mixed.utf16"
start_guest g3b serve --text "$work/mixed.utf16" &&
	ctl get --format text >"$work/got" &&
	cmp -s "$work/got" <(printf 'a\nb\rc\xf0\x9f\x98\x80\r\n')
ok $? "get: CR LF → LF, a lone CR and a surrogate pair kept, up to the NUL"
stop_guest
# ... and text that is not UTF-16.
for bad in 'a\0\x3d\xd8b\0' 'a\0\x3d\xd8' 'a\0\x3d\xd8\r\0\n\0' 'a\0\x00\xdeb\0'; do
	printf "$bad" >"$work/bad.utf16"
	start_guest g3c serve --text "$work/bad.utf16" &&
		fails_with 1 "not valid UTF-16" ctl get --format text --output "$work/bad.out" &&
		[ ! -e "$work/bad.out" ]
	ok $? "get: an unpaired surrogate ($bad) fails, no file"
	stop_guest
done
printf 'a\0b' >"$work/bad.utf16"
start_guest g3d serve --text "$work/bad.utf16" &&
	fails_with 1 "has an odd size (3 bytes)" ctl get --format text
ok $? "get: text of odd size fails"
stop_guest

# ---- bad input ---------------------------------------------------------------
fails_with 1 "usage: clipboard set" ctl set
ok $? "set without a format"
fails_with 2 "usage: clipboard set" ctl set --png "$work/img.bmp"
ok $? "set with an unknown option"
fails_with 2 "cannot open" ctl set --text "$work/missing"
ok $? "set with a missing file"
fails_with 2 "only one FILE may be -" ctl set --text - --html -
ok $? "set with standard input twice"
fails_with 1 "not a BMP file" ctl set --bitmap "$work/host.txt"
ok $? "set --bitmap with a file that is no BMP file"
{ printf 'BM\x47\0\0\0'; tail -c +7 "$work/img.bmp"; } >"$work/bad.bmp"
fails_with 1 "the BMP header says 71 bytes, the file has 70" ctl set --bitmap "$work/bad.bmp"
ok $? "set --bitmap with a wrong size in the file header"
{ head -c 10 "$work/img.bmp"; printf '\x80\0\0\0'; tail -c +15 "$work/img.bmp"; } >"$work/bad.bmp"
fails_with 1 "offset 128 lies outside the file" ctl set --bitmap "$work/bad.bmp"
ok $? "set --bitmap with the pixel offset past the end"
printf 'bad \xff text' >"$work/bad.txt"
fails_with 1 "not UTF-8" ctl set --text "$work/bad.txt"
ok $? "set --text with bytes that are no UTF-8"
printf 'a\0b' >"$work/nul.txt"
fails_with 1 "holds a NUL" ctl set --html "$work/nul.txt"
ok $? "set --html with a NUL byte"
printf 'a\0b\0c' >"$work/odd.utf16"
ctl set --raw-text "$work/odd.utf16" && guest read text >"$work/got" &&
	cmp -s "$work/got" "$work/odd.utf16"
ok $? "set --raw-text stores the bytes as they are (odd-length UTF-16)"
ctl set --raw-html "$work/odd.utf16" --claim-size 6000 &&
	guest read html >"$work/got" &&
	cmp -s "$work/got" <(cat "$work/odd.utf16"; head -c 5995 /dev/zero)
ok $? "set --claim-size: the guest reads 6000 bytes, the 5 real ones and zeros"
ctl set --raw-html "$work/odd.utf16" --claim-size 4294967295 &&
	fails_with 1 "read_data: Argument list too long" guest read html
ok $? "set --claim-size 4294967295: the guest's read fails (more than a guest reads)"
fails_with 1 "bad --claim-size '0'" ctl set --text "$work/host.txt" --claim-size 0
ok $? "set --claim-size 0 is refused"
fails_with 1 "--text given twice" ctl set --raw-text "$work/odd.utf16" --text "$work/host.txt"
ok $? "set with a format given plain and raw"
ctl clear
fails_with 2 "more than the 134217728 bytes one clipboard set carries" \
	bash -c 'head -c $((128 * 1024 * 1024 + 1)) /dev/zero | "$0" ctl --dir "$1" clipboard set --bitmap -' "$sim_bin" "$d"
ok $? "set with more than 128 MiB (what one request carries)"
[ "$(status_of clipboard_host_formats)" = none ]
ok $? "the refused sets left the host clipboard as it was"
fails_with 1 "unknown format 'png'" ctl get --format png
ok $? "get with an unknown format"
fails_with 1 "usage: clipboard get" ctl get
ok $? "get without --format"
fails_with 2 "usage: clipboard get" ctl get --format text --output
ok $? "get --output without a file"
fails_with 1 "unknown clipboard mode 'sideways'" ctl mode sideways
ok $? "mode with an unknown mode"
fails_with 1 "usage: clipboard" ctl paste
ok $? "an unknown clipboard command"

# ---- the mode ----------------------------------------------------------------
ctl mode host-to-guest && [ "$(ctl mode)" = "mode: host-to-guest" ]
ok $? "mode host-to-guest"
start_guest g4 serve --text "$work/guest.utf16"
[ $? -ne 0 ] && grep -q "report_formats: Operation not permitted" "$work/g4.err"
ok $? "... the guest may not announce"
ctl set --text "$work/host.txt" && guest read text >"$work/got" &&
	cmp -s "$work/got" "$work/host.utf16"
ok $? "... but reads the host's clipboard"
ctl mode guest-to-host
fails_with 1 "read_data: Operation not permitted" guest read text
ok $? "mode guest-to-host: the guest may not read"
start_guest g5 serve --html "$work/guest.html" &&
	ctl get --format html >"$work/got" && cmp -s "$work/got" <(printf '<b>b</b>')
ok $? "... but the host gets what the guest offers"
ctl mode off
fails_with 1 "the clipboard mode is off" ctl get --format html
ok $? "mode off: the host may not ask"
stop_guest
ctl mode bidirectional

# ---- the legacy protocol -----------------------------------------------------
start_guest g6 --legacy serve --text "$work/guest.utf16" &&
	status_of 'clipboard_client\.[0-9]*' | grep -q '^protocol=legacy '
ok $? "a guest may speak the legacy protocol to a 7.x host"
ctl get --format text >"$work/got" && cmp -s "$work/got" "$work/guest.txt"
ok $? "... and answers read requests matched by format"
stop_guest

# ---- options -----------------------------------------------------------------
fails_with 2 "bad --clipboard-mode 'both'" "$sim_bin" --dir "$work" --clipboard-mode both
ok $? "--clipboard-mode with an unknown mode is refused"
d="$work/sim2"
mkdir "$d"
start_sim "$d" --clipboard-mode guest-to-host &&
	[ "$(status_of clipboard_mode)" = guest-to-host ]
ok $? "--clipboard-mode guest-to-host"

[ "$(status_of clipboard_max_size)" = 134217728 ]
ok $? "the host clipboard holds 128 MiB by default (ctl status)"
fails_with 2 "bad --clipboard-max-size '2G'" "$sim_bin" --dir "$work" --clipboard-max-size 2G
ok $? "--clipboard-max-size above 128M is refused"
fails_with 2 "bad --clipboard-max-size '1000'" "$sim_bin" --dir "$work" --clipboard-max-size 1000
ok $? "--clipboard-max-size below 1024 is refused"
d="$work/sim4"
mkdir "$d"
start_sim "$d" --clipboard-max-size 1K &&
	[ "$(status_of clipboard_max_size)" = 1024 ]
ok $? "--clipboard-max-size 1K"
head -c 1023 /dev/zero | tr '\0' h >"$work/1023"
head -c 1024 /dev/zero | tr '\0' h >"$work/1024"
ctl set --html "$work/1023" && [ "$(status_of clipboard_host_formats)" = html ]
ok $? "... takes 1024 bytes as stored (1023 bytes of HTML and a NUL)"
fails_with 1 "more than the host clipboard's 1024 bytes" ctl set --html "$work/1024"
ok $? "... refuses one byte more"

d="$work/sim3"
mkdir "$d"
start_sim "$d" --clipboard-legacy-host &&
	[ "$(status_of clipboard_legacy_host)" = yes ]
ok $? "--clipboard-legacy-host"
start_guest g7 serve --text "$work/guest.utf16" &&
	status_of 'clipboard_client\.[0-9]*' | grep -q '^protocol=legacy features=0x0 '
ok $? "... a guest falls back to the legacy protocol"
ctl get --format text >"$work/got" && cmp -s "$work/got" "$work/guest.txt"
ok $? "... the host reads the guest's text"
ctl set --html "$work/host.txt" && guest read html >"$work/got" &&
	cmp -s "$work/got" <(printf 'h\xc3\xa9llo\nw\xc3\xb6rld\n\0')
ok $? "... and the guest the host's HTML"
stop_guest

echo "1..$n"
exit $((failed != 0))
