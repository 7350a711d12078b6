# SPDX-License-Identifier: GPL-2.0-or-later
#
# Demo section: the shared clipboard, sourced by scripts/demo.  Uses $build,
# $dir (the running simulator's directory), $hostsim, run, ctl, bold and
# $xdisplay (an Xvfb the demo started).  Starts vbox-clipboard on that
# display and stops it (by PID) before it returns.
clip_agent=$build/services/vbox-clipboard/vbox-clipboard
clip_log=$dir/vbox-clipboard.log
clip_pid=

clip_demo_wait() { # seconds command...: poll every 50 ms
	local i
	for ((i = 0; i < $1 * 20; i++)); do
		"${@:2}" && return 0
		sleep 0.05
	done
	return 1
}
clip_demo_state() {
	sed -n "s/^$1=//p" "$XDG_RUNTIME_DIR/open-vbox-tools/vbox-clipboard@$xdisplay.state" 2>/dev/null
}
clip_demo_owner() { [ "$(clip_demo_state owner)" = "$1" ]; }

bold "The shared clipboard: vbox-clipboard on the X display $xdisplay"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$dir/run}
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
printf '$ vbox-clipboard --display %s --primary &\n' "$xdisplay"
"$clip_agent" --display "$xdisplay" --primary -d "unix:$dir/vboxuser.sock" -v \
	2>"$clip_log" &
clip_pid=$!
clip_demo_wait 10 eval '[ "$(clip_demo_state host)" = connected ]' ||
	{ echo "demo: vbox-clipboard did not start:"; cat "$clip_log"; }

echo "The host user copies some text (two lines, several scripts):"
printf 'Hello from the host\nこんにちは · مرحبا · 😀\n' >"$dir/host-text.txt"
ctl clipboard set --text "$dir/host-text.txt"
clip_demo_wait 5 clip_demo_owner host
echo "An X client in the guest sees what the agent offers, and pastes:"
run env DISPLAY="$xdisplay" xclip -selection clipboard -o -t TARGETS
run env DISPLAY="$xdisplay" xclip -selection clipboard -o
echo "The same text is on PRIMARY too (--primary), for the middle button:"
run env DISPLAY="$xdisplay" xclip -selection primary -o

echo
echo "Now an X client in the guest copies, and the host pastes:"
printf '$ echo "copied in the guest" | xclip -selection clipboard -i\n'
echo "copied in the guest" | DISPLAY="$xdisplay" xclip -quiet -selection clipboard -i \
	>/dev/null 2>&1 &
clip_xclip=$!
clip_demo_wait 5 clip_demo_owner guest
ctl clipboard formats
ctl clipboard get --format text
kill "$clip_xclip" 2>/dev/null
wait "$clip_xclip" 2>/dev/null

echo
echo "What vboxctl status says about the agent:"
run "$build/services/vboxctl/vboxctl" status "vbox-clipboard@$xdisplay"
kill -TERM "$clip_pid" 2>/dev/null
wait "$clip_pid" 2>/dev/null
clip_pid=
