# SPDX-License-Identifier: GPL-2.0-or-later
#
# Demo section: display resize.  Sourced by scripts/demo, which provides
# $build (the build directory), $dir (the running simulator's directory),
# $hostsim, run CMD..., ctl ARGS... (vbox-hostsim ctl), bold TEXT and
# $xdisplay (an Xorg dummy server it started).  Starts vbox-display, has
# the host resize the screen and then ask for three monitors, and saves a
# screenshot of each result as a PNG.

demo_display() {
	local agent_bin=$build/services/vbox-display/vbox-display
	local shots=$dir/screenshots agent_pid labels=() i want

	# Wait (5 s) until xrandr --listmonitors shows N monitors.
	demo_wait_monitors() {
		local _
		for _ in $(seq 100); do
			[ "$(xrandr -d "$xdisplay" --listmonitors | sed -n 's/^Monitors: //p')" = "$1" ] &&
				xrandr -d "$xdisplay" --listmonitors | grep -q "$2" && return 0
			sleep 0.05
		done
		return 1
	}
	# Label each monitor and take a screenshot.
	demo_shot() { # file
		local line name w h x y
		xsetroot -display "$xdisplay" -solid '#2b5d8a'
		while read -r line; do
			read -r name w h x y <<<"$(sed -E 's|^ *[0-9]+: \+\*?([^ ]+) ([0-9]+)/[0-9]+x([0-9]+)/[0-9]+\+([0-9]+)\+([0-9]+).*|\1 \2 \3 \4 \5|' <<<"$line")"
			xmessage -display "$xdisplay" -geometry "+$((x + w / 3))+$((y + h / 3))" \
				"$name: ${w}x${h} at $x,$y" 2>/dev/null &
			labels+=("$!")
		done < <(xrandr -d "$xdisplay" --listmonitors | tail -n +2)
		sleep 0.7
		xwd -root -silent -display "$xdisplay" | convert xwd:- "png:$1"
		kill "${labels[@]}" 2>/dev/null
		wait "${labels[@]}" 2>/dev/null
		labels=()
		echo "Screenshot: $1"
	}

	mkdir -p "$shots" "$dir/run"
	bold "Display resize: the host resizes the guest's screen and adds monitors"
	echo "vbox-display runs in the guest's X session ($xdisplay) and follows the host's requests:"
	printf '$ vbox-display --display %s --device unix:%s/vboxuser.sock &\n' "$xdisplay" "$dir"
	XDG_RUNTIME_DIR=$dir/run "$agent_bin" --display "$xdisplay" \
		--device "unix:$dir/vboxuser.sock" --log-target=stderr -v 2>"$dir/display.log" &
	agent_pid=$!
	sleep 0.5

	echo "The user resizes the VM window: the host asks for 1366x768."
	ctl display set 0:1366x768,primary
	demo_wait_monitors 1 'DUMMY0 1366/'
	run xrandr -d "$xdisplay" --listmonitors
	demo_shot "$shots/display-1366x768.png"

	echo "The user turns on two more virtual monitors, one placed left of the first:"
	ctl display set 0:1366x768@0,0,primary 1:1024x768@-1024,0 2:800x600@1366,0
	demo_wait_monitors 3 'DUMMY2 800/'
	echo "(the agent shifts the layout so that it starts at 0,0)"
	run xrandr -d "$xdisplay" --listmonitors
	demo_shot "$shots/display-three-monitors.png"
	echo "What the host knows now (the guest reported the monitor positions back):"
	"$hostsim" ctl --dir "$dir" display show | grep -E '^(request|acknowledged|monitor_positions|guest_graphics):' |
		sed -E 's/( -1,-1)+$/ .../'

	kill -TERM "$agent_pid" 2>/dev/null
	wait "$agent_pid" 2>/dev/null
	unset -f demo_wait_monitors demo_shot
}

demo_display
