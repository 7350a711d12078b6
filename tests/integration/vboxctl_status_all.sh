#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `vboxctl status` over every agent of the suite at once, against
# vbox-hostsim: the four system agents (vbox-balloon, vbox-automount,
# vbox-guestinfo, vbox-timesync on a simulated clock) and the three
# desktop agents (vbox-clipboard, vbox-display, vbox-seamless on Xvfb with
# openbox).  All running and connected (exit 0); then each killed in turn
# (reported dead, exit 1, the others still running, the host's facility
# status left as the agent's last word: active); then all started
# again and the simulator gone (each: host lost); then a clean stop of
# each (exit 0, its state file removed).  TAP.
# Every process started here is remembered by PID and killed by PID.
set -u
. "$(dirname "$0")/../common/hostsim-tap.sh" vboxctl-status-all
. "$(dirname "$0")/../common/xserver.sh"
top=${OVT_TOP_BUILDDIR:-.}
vboxctl=$top/services/vboxctl/vboxctl

if [ "$(id -u)" != 0 ] || [ ! -c /dev/fuse ] || ! command -v fusermount3 >/dev/null; then
	echo "1..0 # SKIP needs root and FUSE (vbox-automount's system mode)"
	exit 0
fi
for c in Xvfb openbox; do
	if ! command -v "$c" >/dev/null; then
		echo "1..0 # SKIP $c is not installed (scripts/install-deps test)"
		exit 0
	fi
done
system=(vbox-balloon vbox-automount vbox-guestinfo vbox-timesync)
desktop=(vbox-clipboard vbox-display vbox-seamless)
echo "1..37"

sim=$work/sim
mkdir -p "$sim" "$work/sysrun" "$work/xrt" "$work/media" "$work/tsroot" "$work/p"
chmod 700 "$work/xrt"
: >"$work/utmp"
export OVT_RUNSTATE_DIR=$work/sysrun XDG_RUNTIME_DIR=$work/xrt
sysdir=$OVT_RUNSTATE_DIR
sessdir=$XDG_RUNTIME_DIR/open-vbox-tools
printf '[vbox-automount]\nmount-dir=%s\nvboxsf-fuse=%s\n' "$work/media" \
	"$top/vboxsf-fuse/vboxsf-fuse" >"$work/am.conf"

start_sim "$sim"
ok $? "the simulator starts"
start_xvfb
ok $? "Xvfb is up on $xdisplay"
export DISPLAY=$xdisplay
start_openbox
ok $? "openbox manages the screen"

# The name vboxctl status shows, and the agent's state file.
name_of() { # agent
	case $1 in
	vbox-clipboard | vbox-display | vbox-seamless) echo "$1@$xdisplay" ;;
	*) echo "$1" ;;
	esac
}
state_of() { # agent
	case $1 in
	vbox-clipboard | vbox-display | vbox-seamless) echo "$sessdir/$1@$xdisplay.state" ;;
	*) echo "$sysdir/$1.state" ;;
	esac
}
declare -A pid_of
start_agent() { # agent
	local a=$1 log=$work/$1.log
	case $a in
	vbox-balloon)
		VBGL_DEVICE=unix:$sim/vboxguest.sock "$top/services/$a/$a" \
			--pidfile "$work/p/$a.pid" --log-target=stderr 2>>"$log" & ;;
	vbox-automount)
		VBGL_DEVICE=unix:$sim/vboxguest.sock "$top/services/$a/$a" \
			-c "$work/am.conf" --pidfile "$work/p/$a.pid" --log-target=stderr 2>>"$log" & ;;
	vbox-guestinfo)
		VBGL_DEVICE=unix:$sim/vboxguest.sock "$top/services/$a/$a" \
			--interval 1 --utmp "$work/utmp" --pidfile "$work/p/$a.pid" --log-target=stderr 2>>"$log" & ;;
	vbox-timesync)
		VBGL_DEVICE=unix:$sim/vboxguest.sock "$top/services/$a/$a" \
			--interval 1 --simulated-clock "$work/clock" --time-service-root "$work/tsroot" \
			--pidfile "$work/p/$a.pid" --log-target=stderr 2>>"$log" & ;;
	*)
		"$top/services/$a/$a" -d "unix:$sim/vboxuser.sock" --log-target=stderr 2>>"$log" & ;;
	esac
	pid_of[$a]=$!
	pids+=("${pid_of[$a]}")
}
key_is() { grep -qx "$2=$3" "$(state_of "$1")" 2>/dev/null; } # agent key value
connected() { key_is "$1" host connected && key_is "$1" pid "${pid_of[$1]}"; }
all_connected() {
	local a
	for a in "${system[@]}" "${desktop[@]}"; do connected "$a" || return 1; done
}
status_out= status_rc=
status() { status_out=$(VBGL_DEVICE=unix:$sim/vboxuser.sock "$vboxctl" status 2>&1); status_rc=$?; }
says() { grep -qx "$(name_of "$1").$2: $3" <<<"$status_out"; } # agent key value

# ---- all running ----------------------------------------------------------------
for a in "${system[@]}" "${desktop[@]}"; do start_agent "$a"; done
wait_for 20 all_connected
ok $? "all seven agents start and publish host=connected"
status
ok $((status_rc != 0)) "vboxctl status: exit 0 with every agent running"
for a in "${system[@]}" "${desktop[@]}"; do
	says "$a" status running && says "$a" pid "${pid_of[$a]}" && says "$a" host connected
	ok $? "$(name_of "$a"): running, its pid, host connected"
done
for a in "${system[@]}" "${desktop[@]}"; do
	says "$a" facility-status active
	ok $? "$(name_of "$a"): facility status active"
done

# ---- each killed in turn --------------------------------------------------------
killed=()
for a in "${system[@]}" "${desktop[@]}"; do
	kill -KILL "${pid_of[$a]}"
	wait "${pid_of[$a]}" 2>/dev/null
	killed+=("$a")
	status
	others=1
	for b in "${system[@]}" "${desktop[@]}"; do
		[[ " ${killed[*]} " == *" $b "* ]] && continue
		says "$b" status running || others=0
	done
	# A killed agent cannot speak: the host's last word for its facility
	# (100 system, 101 desktop) stays active.
	case $a in vbox-clipboard | vbox-display | vbox-seamless) fac=101 ;; *) fac=100 ;; esac
	host=$("$sim_bin" ctl --dir "$sim" status | sed -n "s/^facility.$fac: //p")
	[ "$status_rc" = 1 ] && says "$a" status dead && [ $others = 1 ] && [ "$host" = active ]
	ok $? "$(name_of "$a") killed: dead, exit 1 ($status_rc), the rest still running, facility $fac: ${host:-none}"
done

# ---- started again; the simulator goes away ---------------------------------------
# vbox-automount's dead instance may have left its mounts.
for m in "$work"/media/*; do
	mountpoint -q "$m" 2>/dev/null && fusermount3 -u -z "$m"
done
for a in "${system[@]}" "${desktop[@]}"; do start_agent "$a"; done
wait_for 20 all_connected
ok $? "all seven started again: connected"
kill -TERM "$sim_pid"
wait "$sim_pid" 2>/dev/null
all_lost() {
	local a
	for a in "${system[@]}" "${desktop[@]}"; do key_is "$a" host lost || return 1; done
}
wait_for 20 all_lost
status
[ "$status_rc" = 1 ] && grep -q "driver" <<<"$status_out"
ok $? "the simulator gone: every agent publishes host=lost; vboxctl status exits 1"
for a in "${system[@]}" "${desktop[@]}"; do
	says "$a" status running && says "$a" host lost
	ok $? "$(name_of "$a"): still running, host lost"
done

# ---- a clean stop of each ---------------------------------------------------------
rcs=
for a in "${system[@]}" "${desktop[@]}"; do
	kill -TERM "${pid_of[$a]}"
	wait "${pid_of[$a]}"
	rcs="$rcs $?"
done
[ "$rcs" = " 0 0 0 0 0 0 0" ]
ok $? "SIGTERM: each agent exits 0 ($rcs)"
left=
for a in "${system[@]}" "${desktop[@]}"; do
	[ -e "$(state_of "$a")" ] && left="$left $a"
done
[ -z "$left" ]
ok $? "every state file is removed${left:+ (left:$left)}"
[ "$failed" -eq 0 ]
