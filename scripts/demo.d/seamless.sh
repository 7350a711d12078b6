# SPDX-License-Identifier: GPL-2.0-or-later
#
# Demo section: seamless mode.  Sourced by scripts/demo, which provides
# $build, $dir (the running simulator's directory), $hostsim, $xdisplay (an
# X server with a window manager), and the functions run CMD..., ctl
# ARGS... (vbox-hostsim ctl on $dir) and bold TEXT.  Everything started
# here is stopped here, by PID.

demo_seamless() {
	local agent=$build/services/vbox-seamless/vbox-seamless
	local apid wpid win u
	local -a moves=("400 250" "700 400" "150 500")
	local xy

	bold "Seamless mode: the host shows only the guest's windows"
	if [ ! -x "$agent" ] || [ -z "${xdisplay:-}" ]; then
		echo "(skipped: no vbox-seamless build or no X display)"
		return 0
	fi
	DISPLAY=$xdisplay xlogo -title demo-window -geometry 200x150+100+100 \
		>/dev/null 2>&1 &
	wpid=$!
	win=$(DISPLAY=$xdisplay timeout 10 xdotool search --sync --onlyvisible \
		--name '^demo-window$' | head -n 1)
	echo "One window on the guest's screen ($xdisplay); the agent runs for it:"
	printf '$ vbox-seamless --display %s --device unix:%s/vboxuser.sock &\n' \
		"$xdisplay" "$dir"
	XDG_RUNTIME_DIR=$dir "$agent" --display "$xdisplay" \
		--device "unix:$dir/vboxuser.sock" --log-target=stderr \
		2>"$dir/seamless.log" &
	apid=$!
	for _ in $(seq 100); do
		"$hostsim" ctl --dir "$dir" seamless show 2>/dev/null |
			grep -qx 'guest_supports_seamless: yes' && break
		sleep 0.05
	done
	echo "The host sees the capability, but is not in seamless mode yet:"
	ctl seamless show
	echo "The host's user switches to seamless mode; the guest answers with"
	echo "the region its windows cover (the window's frame, title bar included):"
	ctl seamless on
	ctl seamless show --wait 1
	for xy in "${moves[@]}"; do
		u=$("$hostsim" ctl --dir "$dir" seamless show | sed -n 's/^updates: //p')
		echo "The window moves to $xy; the host gets the new region at once:"
		# shellcheck disable=SC2086 # x and y are two words
		DISPLAY=$xdisplay run xdotool windowmove "$win" $xy
		ctl seamless show --wait $((u + 1))
	done
	echo "Leaving seamless mode: the agent stops following the windows."
	ctl seamless off
	kill -TERM "$apid" 2>/dev/null
	wait "$apid" 2>/dev/null
	kill -TERM "$wpid" 2>/dev/null
	wait "$wpid" 2>/dev/null
	echo "The agent stopped, and the host sees the capability withdrawn:"
	"$hostsim" ctl --dir "$dir" seamless show | grep guest_supports_seamless
}
demo_seamless
