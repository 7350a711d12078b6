#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): `vboxctl guestproperty` in the guest against
# `vbox-hostsim ctl guestprop` on the host side of a real vbox-hostsim.
# What a user sees: output lines, exit codes, flags enforcement, pattern
# matching, waits (with their latency) and refusals.  The simulator and
# every background vboxctl are remembered by PID and killed by PID.
set -u
top=${OVT_TOP_BUILDDIR:-.}
hostsim=$top/hostsim/vbox-hostsim
vboxctl=$top/services/vboxctl/vboxctl
dir=$(mktemp -d /tmp/ovt-guestprop-XXXXXX)
pid=
bg=

cleanup() {
	if [ -n "$bg" ]; then
		kill -KILL "$bg" 2>/dev/null
		wait "$bg" 2>/dev/null
	fi
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf --one-file-system "$dir"
}
trap cleanup EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"; shift
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}
check() { # description command...
	local d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

ctl() { "$hostsim" ctl --dir "$dir" guestprop "$@"; }
vc() { "$vboxctl" --device "unix:$dir/vboxguest.sock" guestproperty "$@"; }
# A background wait: vboxctl itself (not a subshell) gets the PID in $bg.
bg_wait() { # output-prefix args...
	local o=$1
	shift
	"$vboxctl" --device "unix:$dir/vboxguest.sock" guestproperty wait "$@" \
		>"$o.out" 2>"$o.err" &
	bg=$!
}
# One field of `ctl guestprop get NAME`.
field() { ctl get "$1" | sed -n "s/^$2: //p"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Run a command; sets $out (stdout), $err (stderr) and $rc.
run() {
	"$@" >"$dir/out" 2>"$dir/err"
	rc=$?
	out=$(cat "$dir/out")
	err=$(cat "$dir/err")
}
# expect DESCRIPTION RC EXPECTED-STDOUT: the last run() gave exactly that.
expect() {
	if [ "$rc" -eq "$2" ] && [ "$out" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "rc=$rc (wanted $2)" "stdout: $out" "wanted: $3" "stderr: $err"
	fi
}

"$hostsim" --dir "$dir" 2>"$dir/hostsim.log" &
pid=$!
for _ in $(seq 100); do
	[ -S "$dir/vboxguest.sock" ] && [ -S "$dir/control.sock" ] && break
	sleep 0.05
done
check "vbox-hostsim is up" test -S "$dir/control.sock"

# ---- guest -> host ------------------------------------------------------------
run vc set /test/guest "written by the guest"
expect "vboxctl set exits 0 and prints nothing" 0 ""
check "the host reads the guest's value" \
	test "$(field /test/guest value)" = "written by the guest"
check "... with no flags" test "$(field /test/guest flags)" = ""
run vc set /test/guest2 "v" --flags "transient, RDONLYHOST"
check "vboxctl set --flags: the host sees canonical flags" \
	test "$rc" -eq 0 -a "$(field /test/guest2 flags)" = "TRANSIENT, RDONLYHOST"
run ctl set /test/guest2 other
if [ "$rc" -eq 1 ] && grep -q "read-only for the host" <<<"$err"; then
	ok "RDONLYHOST: the host's write is refused"
else
	not_ok "RDONLYHOST: the host's write is refused" "rc=$rc" "$err"
fi

# ---- host -> guest ------------------------------------------------------------
ctl set /test/host "two  spaces, 100% sure" --flags TRANSRESET
run vc get /test/host
expect "vboxctl get prints the host's value (blanks and % intact)" 0 \
	"Value: two  spaces, 100% sure"
run vc get /test/host --verbose
ts=$(field /test/host timestamp)
expect "vboxctl get --verbose adds timestamp and flags" 0 \
	"Value: two  spaces, 100% sure
Timestamp: $ts ns
Flags: TRANSIENT, TRANSRESET"
run vc get /test/host -verbose
check "single-dash -verbose works too" test "$rc" -eq 0 -a "$(wc -l <<<"$out")" -eq 3
ctl set /test/empty ""
run vc get /test/empty
expect "an empty host value reads as empty" 0 "Value: "
run vc get /test/missing
expect "a missing property: 'No value set!' and exit 3" 3 "No value set!"

# ---- flags enforced -------------------------------------------------------------
ctl set /test/ro "host only" --flags RDONLYGUEST
ts_before=$(field /test/ro timestamp)
run vc set /test/ro "guest try"
if [ "$rc" -eq 1 ] && [ -z "$out" ] && [ "$(wc -l <<<"$err")" -eq 1 ] &&
	grep -q "read-only for the guest" <<<"$err"; then
	ok "RDONLYGUEST: vboxctl set fails with exit 1 and one line"
else
	not_ok "RDONLYGUEST: vboxctl set fails with exit 1 and one line" "rc=$rc" "$err"
fi
run vc set /test/ro "guest try" --flags TRANSIENT
check "... also with --flags" test "$rc" -eq 1
run vc delete /test/ro
check "... and delete is refused too" test "$rc" -eq 1
run vc set /test/ro
check "... and set without a value (delete) too" test "$rc" -eq 1
check "RDONLYGUEST: value and timestamp unchanged on the host" \
	test "$(field /test/ro value)" = "host only" -a "$(field /test/ro timestamp)" = "$ts_before"
run vc set /VirtualBox/HostInfo/Mine x
check "a name the host reserves is refused to the guest" test "$rc" -eq 1

# ---- delete ---------------------------------------------------------------------
run vc delete /test/guest
check "vboxctl delete exits 0" test "$rc" -eq 0
run ctl get /test/guest
check "... and the host no longer has it (ctl get exits 1)" test "$rc" -eq 1
vc set /test/guest3 x
run vc unset /test/guest3
run2=$(vc get /test/guest3)
check "vboxctl unset is delete" test "$rc" -eq 0 -a "$run2" = "No value set!"
vc set /test/guest4 x
run vc set /test/guest4
run2=$(vc get /test/guest4)
check "vboxctl set NAME without a value deletes" test "$rc" -eq 0 -a "$run2" = "No value set!"
run vc delete /test/never-existed
check "deleting a missing property succeeds" test "$rc" -eq 0

# ---- enumerate with patterns --------------------------------------------------------
for p in /net/0/ip /net/0/mac /net/1/ip /net/1/mac /net/12/ip /os/name /os/release \
	/user/a /user/bb /user/ccc; do
	ctl set "/e$p" "val$p"
done
names() { vc enumerate --patterns "$@" | sed -n 's/^Name: \([^,]*\),.*/\1/p' | sort | tr '\n' ' '; }
check "pattern with ? matches exactly one character" \
	test "$(names '/e/net/?/ip')" = "/e/net/0/ip /e/net/1/ip "
check "several patterns: the union" \
	test "$(names '/e/os/*' '/e/user/??')" = "/e/os/name /e/os/release /e/user/bb "
check "| separates alternatives inside one pattern" \
	test "$(names '/e/net/1*|/e/user/c*')" = "/e/net/1/ip /e/net/1/mac /e/net/12/ip /e/user/ccc "
check "* matches across slashes" test "$(names '/e/*ip')" = "/e/net/0/ip /e/net/1/ip /e/net/12/ip "
check "exact names match only themselves" test "$(names /e/user/a)" = "/e/user/a "
run vc enumerate --patterns '/e/os/*'
ts1=$(field /e/os/name timestamp)
ts2=$(field /e/os/release timestamp)
expect "enumerate prints VBoxControl's line format" 0 \
	"Name: /e/os/name, value: val/os/name, timestamp: $ts1, flags: 
Name: /e/os/release, value: val/os/release, timestamp: $ts2, flags: "
run vc enumerate --patterns '/nothing/*'
expect "no match: 'No properties found.' and exit 0" 0 "No properties found."
run vc enumerate
check "no patterns: everything, the host's own properties too" \
	eval 'test "$rc" -eq 0 && grep -q "^Name: /VirtualBox/HostInfo/VBoxVer, value: 7.0.14, timestamp: [0-9]*, flags: TRANSIENT, RDONLYGUEST$" <<<"$out" && test "$(grep -c "^Name: /e/" <<<"$out")" -eq 10'
hostcount=$(ctl enumerate '/e/*' | sed -n 's/^count: //p')
check "ctl guestprop enumerate counts the same matches" test "$hostcount" = 10

# ---- wait -------------------------------------------------------------------------
bg_wait "$dir/wait" '/w/*' --timeout 10000
sleep 0.5
t0=$(now_ms)
ctl set /w/one "changed by the host" --flags TRANSIENT
wait "$bg"
rc=$?
t1=$(now_ms)
bg=
latency=$((t1 - t0))
ts=$(field /w/one timestamp)
out=$(cat "$dir/wait.out")
echo "# guest wait returned ${latency} ms after the host change was started"
if [ "$rc" -eq 0 ] && [ "$latency" -lt 1000 ] && [ "$out" = "Name: /w/one
Value: changed by the host
Timestamp: $ts ns
Flags: TRANSIENT" ]; then
	ok "wait returns within 1 s of a host change (${latency} ms), in VBoxControl's format"
else
	not_ok "wait returns within 1 s of a host change" "rc=$rc latency=${latency}ms" "$out" "$(cat "$dir/wait.err")"
fi

t0=$(now_ms)
run vc wait '/w/*' --timeout 700
t1=$(now_ms)
if [ "$rc" -eq 4 ] && [ -z "$out" ] && [ $((t1 - t0)) -ge 650 ] && [ $((t1 - t0)) -lt 3000 ] &&
	grep -q "no matching change within 700 ms" <<<"$err"; then
	ok "wait with nothing changing times out with exit 4 ($((t1 - t0)) ms for 700)"
else
	not_ok "wait times out with exit 4" "rc=$rc after $((t1 - t0)) ms" "$out" "$err"
fi

bg_wait "$dir/wait" '/w/*'
sleep 0.5
vc delete /w/one
wait "$bg"
rc=$?
bg=
out=$(cat "$dir/wait.out")
if [ "$rc" -eq 0 ] && [ "$(head -1 <<<"$out")" = "Property /w/one was deleted" ]; then
	ok "a deleted property is reported as deleted (guest's own delete)"
else
	not_ok "a deleted property is reported as deleted (guest's own delete)" \
		"rc=$rc" "$out" "$(cat "$dir/wait.err")"
fi
del_ts=$(sed -n 's/^Timestamp: \([0-9]*\) ns$/\1/p' <<<"$out")

ctl set /w/two 2
ctl set /w/three 3
run vc wait '/w/*' --timestamp "$del_ts" --timeout 2000
if [ "$rc" -eq 0 ] && [ "$(head -2 <<<"$out")" = "Name: /w/two
Value: 2" ]; then
	ok "--timestamp: the first change after it comes back at once"
else
	not_ok "--timestamp: the first change after it comes back at once" \
		"rc=$rc" "$out" "$err"
fi
run vc wait '/w/*' --timestamp 12345 --timeout 2000
if [ "$rc" -eq 0 ] && grep -q "changes may have been missed" <<<"$err" &&
	[ "$(head -1 <<<"$out")" = "Name: /w/one" ]; then
	ok "an unknown --timestamp gives the oldest kept change and a warning"
else
	not_ok "an unknown --timestamp gives the oldest kept change and a warning" "rc=$rc" "$out" "$err"
fi

bg_wait "$dir/wait" '/sig/*'
sleep 0.5
t0=$(now_ms)
kill -TERM "$bg"
wait "$bg"
rc=$?
t1=$(now_ms)
bg=
if [ "$rc" -eq 1 ] && [ $((t1 - t0)) -lt 2000 ] && grep -q interrupted "$dir/wait.err"; then
	ok "SIGTERM ends a wait within $((t1 - t0)) ms with exit 1"
else
	not_ok "SIGTERM ends a wait with exit 1" "rc=$rc after $((t1 - t0)) ms" "$(cat "$dir/wait.err")"
fi

# ---- limits -----------------------------------------------------------------------
long_name=/$(printf 'n%.0s' $(seq 63))
long_value=$(printf 'v%.0s' $(seq 1024))
run vc set "$long_name" x
check "a 64-byte name is refused (exit 1)" test "$rc" -eq 1
run vc set 'a*b' x
check "a name with * is refused (exit 1)" test "$rc" -eq 1
run vc set /test/long "$long_value"
check "a 1024-byte value is refused (exit 1)" eval 'test "$rc" -eq 1 && grep -q "too long" <<<"$err"'
run vc set /test/flags x --flags "TRANSIENT,BOGUS"
check "a bad flags string is refused (exit 1)" eval 'test "$rc" -eq 1 && grep -q "invalid flags" <<<"$err"'
run ctl get /test/flags
check "... and nothing was stored" test "$rc" -eq 1
run ctl set /test/flags x --flags "nonsense"
check "the host refuses bad flags too (ctl exit 1)" eval 'test "$rc" -eq 1 && grep -q "bad flags" <<<"$err"'

# ---- usage --------------------------------------------------------------------------
run vc get
check "get without a name is a usage error (exit 2)" test "$rc" -eq 2
run vc frobnicate
check "an unknown subcommand is a usage error (exit 2)" test "$rc" -eq 2
run vc wait '/w/*' --timeout soon
check "a bad --timeout is a usage error (exit 2)" test "$rc" -eq 2

check "no sessions or HGCM clients left behind" bash -c "sleep 0.3; '$hostsim' ctl --dir '$dir' status | grep -qx 'hgcm_clients: 0'"
echo "1..$n"
[ "$failed" -eq 0 ]
