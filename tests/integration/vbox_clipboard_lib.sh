# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shared by the vbox-clipboard TAP tests; source it after
# tests/common/hostsim-tap.sh and tests/common/xserver.sh.  Provides:
#   clip_setup [SIM ARGS...]  an Xvfb, a simulator in $sim, $XDG_RUNTIME_DIR
#   start_agent [ARGS...]     vbox-clipboard on $xdisplay; sets $agent_pid,
#                             log in $alog (waits for host=connected)
#   stop_agent                SIGTERM and wait; sets $agent_rc
#   ctl ARGS...               vbox-hostsim ctl on $sim
#   state KEY                 a key of the agent's state file
#   wait_for SECONDS CMD...   poll every 50 ms
#   host_set --text F ...     the host copies; waits until the agent owns
#   xpaste [SEL] TARGET       an X client pastes to stdout
#   xcopy SEL TARGET FILE     an X client copies (xclip in the foreground,
#                             killed by PID at exit); waits until announced
#   host_get FORMAT OUT       the host pastes into OUT
#   ctx_switches              context switches of all the agent's threads
#   check DESC CMD...         ok/not ok on CMD's status
agent_bin=$OVT_TOP_BUILDDIR/services/vbox-clipboard/vbox-clipboard
testtool=$OVT_TOP_BUILDDIR/tests/integration/clip-testtool
sim=$work/sim
alog=$work/agent.log
agent_pid=
agent_rc=

check() { # description command...
	local d=$1
	shift
	"$@"
	ok $? "$d"
}

wait_for() { # seconds command...
	local i limit=$(($1 * 20))
	shift
	for ((i = 0; i < limit; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

ctl() { "$sim_bin" ctl --dir "$sim" "$@"; }

clip_setup() { # simulator args...
	export XDG_RUNTIME_DIR=$work/run
	mkdir -p "$XDG_RUNTIME_DIR" "$sim" && chmod 700 "$XDG_RUNTIME_DIR"
	start_xvfb && start_sim "$sim" "$@"
}

state_file() { echo "$XDG_RUNTIME_DIR/open-vbox-tools/vbox-clipboard@$xdisplay.state"; }
state() { sed -n "s/^$1=//p" "$(state_file)" 2>/dev/null; }
state_is() { [ "$(state "$1")" = "$2" ]; }
announced() { [ "$(state "$1")" != "$2" ]; } # key old-value

start_agent() { # args...
	"$agent_bin" --display "$xdisplay" -d "unix:$sim/vboxuser.sock" -vv \
		"$@" >>"$alog" 2>&1 &
	agent_pid=$!
	pids+=("$agent_pid")
	wait_for 10 state_is host connected
}

stop_agent() {
	kill -TERM "$agent_pid" 2>/dev/null
	wait "$agent_pid"
	agent_rc=$?
}

host_set() { # ctl clipboard set arguments...
	local before
	before=$(state host-announcements)
	ctl clipboard set "$@" >/dev/null || return 1
	wait_for 10 announced host-announcements "$before" &&
		wait_for 10 state_is owner host
}

xpaste() { # [selection] target
	local sel=clipboard
	[ $# -eq 2 ] && { sel=$1; shift; }
	DISPLAY=$xdisplay timeout 20 xclip -selection "$sel" -o -t "$1"
}

# xclip stays in the foreground (-quiet) and is killed by PID at exit.
xcopy() { # selection target file
	local before
	before=$(state guest-announcements)
	DISPLAY=$xdisplay xclip -quiet -selection "$1" -t "$2" -i "$3" \
		>/dev/null 2>&1 &
	xclip_pid=$!
	pids+=("$xclip_pid")
	wait_for 10 announced guest-announcements "$before" &&
		wait_for 10 state_is owner guest
}

xcopy_stop() {
	[ -n "${xclip_pid:-}" ] || return 0
	kill "$xclip_pid" 2>/dev/null
	wait "$xclip_pid" 2>/dev/null
	xclip_pid=
}

host_get() { # format out
	timeout 30 "$sim_bin" ctl --dir "$sim" clipboard get --format "$1" \
		--output "$2"
}

ctx_switches() {
	cat /proc/"$agent_pid"/task/*/status 2>/dev/null |
		awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}

log_count() { grep -c -- "$1" "$alog"; }
