# SPDX-License-Identifier: GPL-2.0-or-later
#
# X servers for the desktop agents' shell tests; source it after
# tests/common/hostsim-tap.sh (it uses $work and $pids from there).
#
#   start_xvfb [ARGS...]          Xvfb on a free display (clipboard, windows)
#   start_xorg_dummy [OUTPUTS]    Xorg with the dummy driver: runtime resize
#                                 and up to 16 outputs DUMMY0..DUMMY15
#   start_openbox                 openbox on $xdisplay (frames, EWMH)
#   x_window TITLE                the mapped window called TITLE (10 s)
#
# Each sets $xdisplay (":N") and $xpid, waits until the server accepts
# clients, and remembers the PID for hostsim-tap.sh's cleanup.  The server
# picks its own display number (-displayfd), so parallel tests never race
# for one; with OVT_TEST_X_DISPLAYS=FIRST-LAST (a machine shared with other
# X users) it takes the first free number of that range instead.  Neither
# resets when its last client leaves (-noreset): one that does drops a
# client that connects meanwhile.

# The display arguments to try: "auto" (the server picks) or :FIRST..:LAST.
_x_candidates() {
	local r=${OVT_TEST_X_DISPLAYS:-}
	if [ -z "$r" ]; then
		echo auto
	elif [[ $r =~ ^([0-9]+)(-([0-9]+))?$ ]]; then
		seq -f ':%g' "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]:-${BASH_REMATCH[1]}}"
	else
		echo "OVT_TEST_X_DISPLAYS=$r is not FIRST-LAST" >&2
	fi
}

# After a failed start on an explicit number (in use): forget that server.
_x_failed() { # pid
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	xdisplay=
}

_x_wait_ready() { # fdfile pid
	local i
	xdisplay=
	for i in $(seq 200); do
		if [ -s "$1" ]; then
			xdisplay=:$(head -n 1 "$1")
			break
		fi
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	[ -n "${xdisplay:-}" ] || return 1
	# The number is out before the server takes clients: wait until one
	# gets in.
	for i in $(seq 200); do
		DISPLAY=$xdisplay xprop -root _XKB_RULES_NAMES >/dev/null 2>&1 &&
			return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

start_xvfb() { # args...
	local f n
	for n in $(_x_candidates); do
		[ "$n" = auto ] && n=
		f=$work/xvfb.$RANDOM
		Xvfb ${n:+"$n"} -displayfd 3 -noreset -nolisten tcp \
			-screen 0 1280x1024x24 "$@" 3>"$f" >"$f.log" 2>&1 &
		xpid=$!
		pids+=("$xpid")
		_x_wait_ready "$f" "$xpid" && return 0
		_x_failed "$xpid"
	done
	return 1
}

start_xorg_dummy() {
	local d=$work/xorg.$RANDOM
	mkdir -p "$d" || return 1
	cat >"$d/xorg.conf" <<'CONF'
Section "ServerFlags"
	Option "AutoAddDevices" "false"
	Option "AutoEnableDevices" "false"
	Option "DontVTSwitch" "true"
EndSection
Section "Device"
	Identifier "dummy"
	Driver "dummy"
	VideoRam 512000
EndSection
Section "Monitor"
	Identifier "monitor"
	HorizSync 5-1000
	VertRefresh 5-200
EndSection
Section "Screen"
	Identifier "screen"
	Device "dummy"
	Monitor "monitor"
	DefaultDepth 24
	SubSection "Display"
		Depth 24
		Virtual 8192 8192
	EndSubSection
EndSection
CONF
	# Xorg refuses an absolute -config path unless run by root; run it
	# from the config's directory with a relative one either way.
	local n
	for n in $(_x_candidates); do
		[ "$n" = auto ] && n=
		: >"$d/displayfd"
		(cd "$d" && exec Xorg ${n:+"$n"} -displayfd 3 -config xorg.conf \
			-noreset -nolisten tcp -logfile "$d/xorg.log" \
			-novtswitch -sharevts 3>"$d/displayfd" >"$d/out" 2>&1) &
		xpid=$!
		pids+=("$xpid")
		_x_wait_ready "$d/displayfd" "$xpid" && return 0
		_x_failed "$xpid"
	done
	return 1
}

# Openbox can sleep through the event that should wake it: one that Xlib
# read into its queue during a round trip while openbox was starting (seen
# with two tests starting at once: the WM check property or a client's
# MapRequest waits until some other event comes).  Any root property
# change wakes it, so the helpers below change one while they wait.
x_poke() {
	DISPLAY=$xdisplay xprop -root -f _OVT_TEST_POKE 8s \
		-set _OVT_TEST_POKE 1 2>/dev/null
}

# Openbox on $xdisplay, started again (3 times) if it gives up at once.
start_openbox() {
	local attempt i pid
	for attempt in 1 2 3; do
		DISPLAY=$xdisplay openbox --sm-disable >>"$work/openbox.log" 2>&1 &
		pid=$!
		pids+=("$pid")
		for i in $(seq 100); do
			DISPLAY=$xdisplay xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null |
				grep -q 'window id' && return 0
			kill -0 "$pid" 2>/dev/null || break
			x_poke
			sleep 0.1
		done
		# Alive but not managing after 10 s: no point in another.
		kill -0 "$pid" 2>/dev/null && return 1
		wait "$pid" 2>/dev/null
	done
	return 1
}

x_window() { # title
	local i w
	for i in $(seq 200); do
		w=$(DISPLAY=$xdisplay xdotool search --onlyvisible --name "^$1\$" \
			2>/dev/null | head -n 1)
		if [ -n "$w" ]; then
			echo "$w"
			return 0
		fi
		x_poke
		sleep 0.05
	done
	return 1
}