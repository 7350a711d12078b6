#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-hostsim's fault commands end to end (TAP): bad arguments are refused
# with exit 1 and a one-line reason, `fault list` shows what is armed and
# how often it fired, each kind of fault (status, delay, drop; on a VMMDev
# request type and on an HGCM function) fires exactly COUNT times as the
# real vboxctl sees it, `fault clear` disarms, and a request waiting out a
# delay does not hold up the simulator's shutdown.  Every simulator is
# started and killed by PID.
set -u

. "$(dirname "$0")/../common/hostsim-tap.sh" hostsim-faults

vboxctl=${OVT_TOP_BUILDDIR:-.}/services/vboxctl/vboxctl
d=$work/sim
mkdir "$d"
export VBGL_DEVICE=unix:$d/vboxguest.sock

ctl() { "$sim_bin" ctl --dir "$d" "$@"; }

# The status of `ctl ARGS...`; its stdout in out, stderr in err.
ctl_run() {
	ctl "$@" >"$work/out" 2>"$work/err"
}

# Refused with exit 1 and one stderr line containing the reason.
refused() { # reason args...
	local reason=$1 st
	shift
	ctl_run "$@"
	st=$?
	[ "$st" -eq 1 ] && [ "$(wc -l <"$work/err")" -eq 1 ] &&
		[ ! -s "$work/out" ] && grep -qF -- "$reason" "$work/err" ||
		{ echo "# status $st: $(head -c 300 "$work/err")"; return 1; }
}

# Arm a fault; its number in $id.
arm() { # fault add args...
	id=$(ctl fault add "$@" | sed -n 's/^fault: //p')
}

# The fired= count of fault ID.
fired() { # id
	ctl fault list | sed -n "s/^fault\.$1: .* fired=\([0-9]*\)$/\1/p"
}

# Milliseconds since the epoch.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# vboxctl ARGS... with its status in rc and its run time in took (ms).
timed() {
	local t0
	t0=$(now_ms)
	"$vboxctl" "$@" >"$work/vout" 2>"$work/verr"
	rc=$?
	took=$(($(now_ms) - t0))
}

start_sim "$d"
ok $? "vbox-hostsim is up"
ctl guestprop set /Test/Name hello >/dev/null

# ---- bad arguments -----------------------------------------------------------
usage="usage: fault add"
refused "$usage" fault
ok $? "fault without a subcommand: usage"
refused "$usage" fault frob
ok $? "an unknown subcommand: usage"
refused "$usage" fault list extra
ok $? "fault list takes no arguments"
refused "$usage" fault clear extra
ok $? "fault clear takes no arguments"
refused "give --request TYPE or --hgcm SERVICE:FUNCTION" fault add
ok $? "fault add needs a target"
refused "give one of --status, --delay, --drop" fault add --request GetHostVersion
ok $? "fault add needs an action"
refused "--request needs a value" fault add --drop --request
ok $? "an option without its value"
refused "unknown fault option '--frob'" fault add --request 4 --frob
ok $? "an unknown option"
for t in NoSuchRequest 999 0 -4 ''; do
	refused "bad --request '$t'" fault add --request "$t" --drop
	ok $? "--request '$t' is refused"
done
refused "bad --hgcm 'HostSimTest' (SERVICE:FUNCTION)" fault add --hgcm HostSimTest --drop
ok $? "--hgcm without a function"
refused "bad --hgcm ':1'" fault add --hgcm :1 --drop
ok $? "--hgcm without a service"
refused "no HGCM service 'NoSuchService'" fault add --hgcm NoSuchService:1 --drop
ok $? "--hgcm with an unknown service"
refused "no HGCM service 'hostsimtest'" fault add --hgcm hostsimtest:1 --drop
ok $? "--hgcm service names are exact, as for connect"
refused "service HostSimTest has no function 'NOPE'" fault add --hgcm HostSimTest:NOPE --drop
ok $? "--hgcm with an unknown function name"
for s in 0 5 VERR_BOGUS -99999999999 0x10 ''; do
	refused "bad --status '$s'" fault add --request 4 --status "$s"
	ok $? "--status '$s' is refused"
done
for m in 0 600001 1.5 -1 ''; do
	refused "bad --delay '$m' (1..600000 ms)" fault add --request 4 --delay "$m"
	ok $? "--delay '$m' is refused"
done
for c in 0 1000001 -1 x; do
	refused "bad --count '$c' (1..1000000)" fault add --request 4 --count "$c" --drop
	ok $? "--count '$c' is refused"
done
refused "give one of --status, --delay, --drop" fault add --request 4 --drop --drop
ok $? "two --drop"
refused "give one of --status, --delay, --drop" fault add --request 4 --status -1 --delay 5
ok $? "two actions"
refused "give one of --request, --hgcm" fault add --request 4 --hgcm HostSimTest:1 --drop
ok $? "two targets"
refused "--count is given twice" fault add --request 4 --count 2 --count 3 --drop
ok $? "two counts"
[ "$(ctl fault list)" = "faults: 0" ]
ok $? "nothing refused was armed"

# ---- fault list --------------------------------------------------------------
[ "$(ctl fault add --request gethostversion --count 2 --status -37)" = "fault: 1" ] &&
	[ "$(ctl fault add --hgcm VBoxGuestPropSvc:get_prop --delay 300)" = "fault: 2" ] &&
	[ "$(ctl fault add --request 0xa --drop)" = "fault: 3" ] &&
	[ "$(ctl fault add --hgcm HostSimTest:99 --count 1000000 --status -1234)" = "fault: 4" ]
ok $? "fault add prints the new fault's number"
cat >"$work/want" <<'EOF'
faults: 4
fault.1: request=GetHostVersion status=VERR_NOT_SUPPORTED count=2 fired=0
fault.2: hgcm=VBoxGuestPropSvc:GET_PROP delay_ms=300 count=1 fired=0
fault.3: request=GetHostTime drop count=1 fired=0
fault.4: hgcm=HostSimTest:99 status=-1234 count=1000000 fired=0
EOF
ctl fault list >"$work/list"
cmp -s "$work/want" "$work/list"
ok $? "fault list: targets, actions and statuses by name, counts" ||
	sed 's/^/# /' "$work/list"
[ "$(ctl fault clear)" = "cleared: 4" ] && [ "$(ctl fault list)" = "faults: 0" ]
ok $? "fault clear removes them all"

# ---- each kind fires exactly COUNT times -------------------------------------
arm --request GetHostVersion --count 2 --status VERR_NOT_SUPPORTED
results=
for i in 1 2 3; do
	"$vboxctl" info >/dev/null 2>&1
	results="$results $?"
done
[ "$results" = " 1 1 0" ] && [ "$(fired "$id")" = 2 ]
ok $? "a request status fault fails COUNT requests (exits:$results)"

arm --request GetHostVersion --count 2 --delay 300
slow=0
for i in 1 2 3; do
	timed info
	[ $rc -eq 0 ] || slow=-100
	[ $took -ge 300 ] && slow=$((slow + 1))
done
[ $slow -ge 2 ] && [ "$(fired "$id")" = 2 ]
ok $? "a request delay fault holds up COUNT requests by MS (slow: $slow)"

arm --request GetHostVersion --drop
timed info
first=$rc
grep -q "^vboxctl: host version query failed: Transport endpoint is not connected$" "$work/verr"
lost=$?
timed info
[ $first -eq 1 ] && [ $lost -eq 0 ] && [ $rc -eq 0 ] && [ "$(fired "$id")" = 1 ]
ok $? "a request drop fault closes the connection once"

arm --hgcm VBoxGuestPropSvc:GET_PROP --count 2 --status VERR_ACCESS_DENIED
results=
for i in 1 2 3; do
	"$vboxctl" guestproperty get /Test/Name >/dev/null 2>&1
	results="$results $?"
done
[ "$results" = " 1 1 0" ] && [ "$(fired "$id")" = 2 ]
ok $? "an HGCM status fault fails COUNT calls (exits:$results)"

arm --hgcm VBoxGuestPropSvc:GET_PROP --delay 300
timed guestproperty get /Test/Name
first=$took
grep -q hello "$work/vout"
value=$?
timed guestproperty get /Test/Name
[ $first -ge 300 ] && [ $value -eq 0 ] && [ $rc -eq 0 ] && [ "$(fired "$id")" = 1 ]
ok $? "an HGCM delay fault holds up one call by MS (took $first ms)"

arm --hgcm VBoxGuestPropSvc:GET_PROP --drop
timed guestproperty get /Test/Name
first=$rc
lines=$(wc -l <"$work/verr")
timed guestproperty get /Test/Name
[ $first -eq 1 ] && [ "$lines" -eq 1 ] && [ $rc -eq 0 ] && [ "$(fired "$id")" = 1 ]
ok $? "an HGCM drop fault closes the connection once"

# A fault on one function leaves the service's others alone.
arm --hgcm VBoxGuestPropSvc:SET_PROP_VALUE --count 5 --status -1
"$vboxctl" guestproperty get /Test/Name >/dev/null 2>&1 &&
	! "$vboxctl" guestproperty set /Test/Other x >/dev/null 2>&1 &&
	[ "$(fired "$id")" = 1 ]
ok $? "a fault only matches its own function"
ctl fault clear >/dev/null
"$vboxctl" guestproperty set /Test/Other x >/dev/null 2>&1
ok $? "fault clear disarms what had not fired yet"

# ---- limits and shutdown ------------------------------------------------------
for i in $(seq 64); do
	arm --request GetHostTime --status -1
done
last=$id
refused "fault table full (64 faults" fault add --request GetHostTime --status -1
full=$?
ctl fault clear >/dev/null
arm --request 4 --drop
[ $full -eq 0 ] && [ "$id" -gt "$last" ] && [ "$(ctl fault list | wc -l)" -eq 2 ]
ok $? "at most 64 faults, until fault clear; numbers are never reused"
ctl fault clear >/dev/null

ctl help | grep -q '^fault add (--request TYPE | --hgcm SERVICE:FUNCTION)'
ok $? "help lists the fault command"

arm --request GetHostVersion --delay 600000
"$vboxctl" info >/dev/null 2>&1 &
client=$!
pids+=("$client")
for i in $(seq 200); do
	[ "$(fired "$id")" = 1 ] && break
	sleep 0.05
done
t0=$(now_ms)
kill -TERM "$sim_pid"
wait "$sim_pid"
st=$?
stop_ms=$(($(now_ms) - t0))
wait "$client"
client_st=$?
[ $st -eq 0 ] && [ $stop_ms -lt 5000 ] && [ $client_st -eq 1 ]
ok $? "a request waiting out a delay does not hold up SIGTERM ($stop_ms ms; vboxctl exit $client_st)"

echo "1..$n"
exit $((failed != 0))
