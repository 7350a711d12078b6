# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shared by the TAP shell tests that start vbox-hostsim themselves; source
# it with the test's name:  . tests/common/hostsim-tap.sh NAME
# Provides $sim_bin, $work (a fresh directory, removed on exit), $n and
# $failed (TAP counters), ok STATUS DESCRIPTION..., start_sim DIR ARGS...
# (sets $sim_pid), wait_for SECONDS COMMAND... (polls every 20 ms) and
# ctx_switches PID.
# Every simulator started is remembered by PID and killed by PID on exit,
# whatever happened.

sim_bin="${OVT_TOP_BUILDDIR:-.}/hostsim/vbox-hostsim"
work=$(mktemp -d "${TMPDIR:-/tmp}/ovt-${1:-test}.XXXXXX")
pids=()
n=0
failed=0

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT

ok() { # status description...
	local st=$1
	shift
	n=$((n + 1))
	if [ "$st" -eq 0 ]; then
		echo "ok $n - $*"
	else
		echo "not ok $n - $*"
		failed=$((failed + 1))
	fi
}

# Start a simulator on dir with extra args and wait (10 s) for its
# "ready" line, logged once its sockets listen and its signal handlers
# are in place (stale socket files may exist before), and its three
# sockets; sets $sim_pid.
start_sim() { # dir args...
	local dir=$1 i
	shift
	"$sim_bin" --dir "$dir" "$@" >"$dir.out" 2>"$dir.err" &
	sim_pid=$!
	pids+=("$sim_pid")
	for i in $(seq 200); do
		grep -q ': ready: ' "$dir.err" && [ -S "$dir/control.sock" ] &&
			[ -S "$dir/vboxguest.sock" ] && [ -S "$dir/vboxuser.sock" ] &&
			return 0
		kill -0 "$sim_pid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# Run COMMAND every 20 ms (the test's clock, not the program's) until it
# succeeds, for at most SECONDS.
wait_for() { # seconds command...
	local i limit=$(($1 * 50))
	shift
	for ((i = 0; i < limit; i++)); do
		"$@" && return 0
		sleep 0.02
	done
	return 1
}

# Voluntary + involuntary context switches of every thread of PID: the
# same number twice means the process did not wake up in between.
ctx_switches() { # pid
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}
