#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A desktop session starting the desktop agents the way a desktop does:
# an X server (Xvfb), a window manager (openbox), then the XDG autostart
# runner dex over the autostart entries the build made from data/*.in
# (tests/session/autostart, Exec in tests/session/bin, where the built
# agents are linked; see tests/integration/local.mk).  Checks that
# vbox-clipboard, vbox-display and vbox-seamless come up exactly once each
# (a second autostart run starts no second copy), report facility 101
# active to vbox-hostsim, show as running in `vboxctl status`, and when
# stopped by PID report terminated and leave no state file or pidfile.
# Also: the entries pass desktop-file-validate, systemd's autostart
# generator makes no unit of them (a systemd-run session starts the user
# units instead), and the user units are bound to graphical-session.target
# and pass `systemd-analyze --user verify`.  TAP.
# Every process started here is remembered by PID and killed by PID.
set -u
. "$(dirname "$0")/../common/hostsim-tap.sh" session-startup
. "$(dirname "$0")/../common/xserver.sh"
top=${OVT_TOP_BUILDDIR:-.}
session=$top/tests/session
abs_top=$(cd "$top" && pwd)
vboxctl=$top/services/vboxctl/vboxctl
agents=(vbox-clipboard vbox-display vbox-seamless)
generator=/usr/lib/systemd/user-generators/systemd-xdg-autostart-generator

for c in Xvfb openbox dex xprop; do
	if ! command -v "$c" >/dev/null; then
		echo "1..0 # SKIP $c is not installed (scripts/install-deps test)"
		exit 0
	fi
done
echo "1..27"
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }

# ---- the files the session reads ------------------------------------------------
for a in "${agents[@]}"; do
	d=$session/autostart/$a.desktop
	if command -v desktop-file-validate >/dev/null; then
		out=$(desktop-file-validate "$d" 2>&1)
		[ -f "$d" ] && [ -z "$out" ]
		ok $? "desktop-file-validate accepts $a.desktop $out"
	else
		skip "desktop-file-validate is not installed"
	fi
done
bad=
for a in "${agents[@]}"; do
	d=$session/autostart/$a.desktop
	exe=$(sed -n 's/^Exec=//p' "$d")
	{ grep -qx 'X-GNOME-HiddenUnderSystemd=true' "$d" &&
		grep -qx 'X-systemd-skip=true' "$d" &&
		[ "$exe" = "$(cd "$session/bin" && pwd)/$a" ] && [ -x "$exe" ]; } ||
		bad="$bad $a"
done
[ -z "$bad" ]
ok $? "each entry runs the built agent and is hidden from systemd-run sessions${bad:+ (not:$bad)}"

# systemd's generator turns autostart entries into units; a control entry
# without the keys shows that it reads the directory.
if [ -x "$generator" ]; then
	mkdir -p "$work/gen-xdg/autostart" "$work/gen-home" "$work/gen-out"
	cp "$session"/autostart/*.desktop "$work/gen-xdg/autostart/"
	printf '[Desktop Entry]\nType=Application\nName=Control\nExec=/bin/true\n' \
		>"$work/gen-xdg/autostart/ovt-control.desktop"
	XDG_CONFIG_DIRS=$work/gen-xdg XDG_CONFIG_HOME=$work/gen-home \
		"$generator" "$work/gen-out" "$work/gen-out" "$work/gen-out" 2>"$work/gen.log"
	made=$(cd "$work/gen-out" && ls -- *.service 2>/dev/null | tr '\n' ' ')
	[ "$made" = "app-ovt\\x2dcontrol@autostart.service " ] || [ "$made" = "app-ovt-control@autostart.service " ]
	ok $? "systemd-xdg-autostart-generator makes a unit of the control entry only (${made:-none})"
else
	skip "no systemd-xdg-autostart-generator"
fi

mkdir -p "$work/xrt"
chmod 700 "$work/xrt"
for a in "${agents[@]}"; do
	u=$session/user/$a.service
	missing=
	for d in PartOf=graphical-session.target After=graphical-session.target \
		WantedBy=graphical-session.target Type=notify \
		ConditionEnvironment=DISPLAY "ExecStart=$(cd "$session/bin" && pwd)/$a --log-target=journal"; do
		grep -qx -- "$d" "$u" || missing="$missing $d"
	done
	if command -v systemd-analyze >/dev/null; then
		out=$(cd "$session/user" && XDG_RUNTIME_DIR=$work/xrt systemd-analyze --user verify --man=no "./$a.service" 2>&1)
	else
		out="(no systemd-analyze)"
	fi
	[ -z "$missing" ] && [ -z "$out" ]
	ok $? "$a.service: bound to graphical-session.target, systemd-analyze --user verify clean${missing:+ (missing:$missing)} $out"
done

# ---- the session ----------------------------------------------------------------
sim=$work/sim
mkdir -p "$sim" "$work/run" "$work/sysrun" "$work/config"
chmod 700 "$work/run"
export XDG_RUNTIME_DIR=$work/run OVT_RUNSTATE_DIR=$work/sysrun
unset XDG_SESSION_TYPE WAYLAND_DISPLAY VBGL_DEVICE
state_dir=$XDG_RUNTIME_DIR/open-vbox-tools
start_sim "$sim"
ok $? "the simulator starts"
start_xvfb
ok $? "Xvfb is up on $xdisplay"
export DISPLAY=$xdisplay
start_openbox
ok $? "openbox manages the screen"

pidfile() { echo "$state_dir/$1@$xdisplay.pid"; }
state_file() { echo "$state_dir/$1@$xdisplay.state"; }
pid_of() { cat "$(pidfile "$1")" 2>/dev/null; }
# Live agents of one kind: state files in the directory whose pid runs.
live_count() { # agent
	local f p c=0
	for f in "$state_dir/$1"@*.state; do
		[ -e "$f" ] || continue
		p=$(sed -n 's/^pid=//p' "$f")
		[ -n "$p" ] && kill -0 "$p" 2>/dev/null && c=$((c + 1))
	done
	echo "$c"
}
all_up() {
	local a
	for a in "${agents[@]}"; do
		[ "$(live_count "$a")" = 1 ] && [ -n "$(pid_of "$a")" ] || return 1
	done
}
host_says() { "$sim_bin" ctl --dir "$sim" status | grep -qx "facility.101: $1"; }
# The desktop's autostart run: the agents get the device from the
# environment (an Exec line carries no --device) and run on after dex.
autostart() { # log
	VBGL_DEVICE=unix:$sim/vboxuser.sock XDG_CONFIG_DIRS=$session \
		XDG_CONFIG_HOME=$work/config dex -a -e Openbox >>"$1" 2>&1
}

t0=$(date +%s%N)
autostart "$work/dex.log"
rc=$?
wait_for 10 all_up
st=$?
wait_for 10 host_says active
echo "# dex to all three running and facility 101 active: $((($(date +%s%N) - t0) / 1000000)) ms"
for a in "${agents[@]}"; do
	p=$(pid_of "$a")
	[ -n "$p" ] && pids+=("$p")
done
[ $rc -eq 0 ] && [ $st -eq 0 ]
ok $? "dex -a starts the three agents"
for a in "${agents[@]}"; do
	p=$(pid_of "$a")
	exe=$(readlink "/proc/$p/exe" 2>/dev/null)
	[ "$(live_count "$a")" = 1 ] && [ "$(sed -n 's/^pid=//p' "$(state_file "$a")")" = "$p" ] &&
		[ "${exe#"$abs_top/services/$a/"}" != "$exe" ]
	ok $? "$a runs once (pid ${p:-none}, $exe), its state file and pidfile agree"
done

# A second autostart run (a desktop that runs it again, a user who logs
# in twice on the display) starts no second copy.
lines=$(wc -l <"$work/dex.log")
autostart "$work/dex.log"
refused() { [ "$(tail -n +$((lines + 1)) "$work/dex.log" | grep -c 'already running as pid')" -eq 3 ]; }
wait_for 10 refused
st=$?
all=1
for a in "${agents[@]}"; do [ "$(live_count "$a")" = 1 ] || all=0; done
[ $st -eq 0 ] && [ $all -eq 1 ]
ok $? "a second autostart run: each new copy finds the first and exits; still one of each"

wait_for 10 host_says active
ok $? "the host hears facility 101 active"
"$sim_bin" ctl --dir "$sim" seamless show | grep -qx 'guest_supports_seamless: yes'
ok $? "the host sees the seamless capability"
out=$(VBGL_DEVICE=unix:$sim/vboxuser.sock "$vboxctl" status 2>&1)
for a in "${agents[@]}"; do
	grep -qx "$a@$xdisplay.status: running" <<<"$out" &&
		grep -qx "$a@$xdisplay.pid: $(pid_of "$a")" <<<"$out" &&
		grep -qx "$a@$xdisplay.host: connected" <<<"$out"
	ok $? "vboxctl status: $a@$xdisplay running, connected to the host"
done

# ---- the session ends: each agent stopped by PID ---------------------------------
gone() { ! kill -0 "$1" 2>/dev/null; }
for a in "${agents[@]}"; do
	p=$(pid_of "$a")
	[ -n "$p" ] && kill -TERM "$p" && wait_for 10 gone "$p"
	ok $? "$a (pid ${p:-none}) stops on SIGTERM"
done
host_says terminated
ok $? "the host hears facility 101 terminated"
left=$(ls -A "$state_dir" | grep -v '^\.facility-' | tr '\n' ' ')
[ -z "$left" ]
ok $? "no state file or pidfile is left${left:+ ($left)}"

grep -qE 'Sanitizer|runtime error' "$work/dex.log"
ok $(($? == 0)) "no sanitizer reports from the agents"
[ "$failed" -eq 0 ] && exit 0
sed 's/^/# dex: /' "$work/dex.log" | tail -30
exit 1
