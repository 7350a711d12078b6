# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shared by the vboxsf-fuse TAP tests (sourced): paths of the built
# programs, TAP helpers, and starting simulators and mounts that are all
# remembered and torn down at exit, whatever happens: every mount is
# unmounted (fusermount3 -u, lazily as a last resort), every process this
# script started is killed by its PID.

top_src=${OVT_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
top_build=${OVT_TOP_BUILDDIR:-$top_src}
HOSTSIM=$top_build/hostsim/vbox-hostsim
VSF=$top_build/vboxsf-fuse/vboxsf-fuse
MOUNT_HELPER=$top_build/vboxsf-fuse/mount.vboxsf-fuse
TOOL=$top_build/tests/integration/vsf-testtool

tap_n=0
tap_failed=0
vsf_pids=
vsf_mounts=
vsf_cleanup_extra=

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=1
	echo "not ok $tap_n - $*"
}

# check DESCRIPTION COMMAND...: one test point from a command's status;
# its output is shown (as TAP comments) when it fails.
check() {
	_desc=$1
	shift
	if "$@" >"$work/check.out" 2>&1; then
		ok "$_desc"
	else
		not_ok "$_desc"
		sed 's/^/# /' "$work/check.out"
	fi
}

# expect_errno ERRNO OP ARGS...: the call's outcome, via vsf-testtool.
expect_errno() {
	check "$2 ${3##*/} -> $1" "$TOOL" errno "$@"
}

note() {
	echo "# $*"
}

vsf_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

vsf_require_fuse() {
	[ "$(id -u)" = 0 ] || vsf_skip_all "needs root (FUSE mounts)"
	[ -c /dev/fuse ] || vsf_skip_all "no /dev/fuse"
	command -v fusermount3 >/dev/null || vsf_skip_all "no fusermount3"
	[ -x "$VSF" ] && [ -x "$TOOL" ] && [ -x "$HOSTSIM" ] ||
		vsf_skip_all "programs not built"
}

vsf_cleanup() {
	for m in $vsf_mounts; do
		if mountpoint -q "$m" 2>/dev/null; then
			timeout 10 fusermount3 -u "$m" 2>/dev/null ||
				timeout 10 fusermount3 -uz "$m" 2>/dev/null ||
				umount -l "$m" 2>/dev/null
		fi
	done
	for p in $vsf_pids; do
		kill "$p" 2>/dev/null
	done
	sleep 0.2
	for p in $vsf_pids; do
		kill -9 "$p" 2>/dev/null
	done
	if [ -n "$vsf_cleanup_extra" ]; then
		eval "$vsf_cleanup_extra"
	fi
	rm -rf --one-file-system "$work"
}

vsf_setup() {
	work=$(mktemp -d /tmp/vsf-test.XXXXXX) || exit 1
	chmod 755 "$work"
	trap vsf_cleanup EXIT
	trap 'exit 1' INT TERM
}

vsf_remember_pid() {
	vsf_pids="$vsf_pids $1"
}

# wait_for SECONDS COMMAND...: poll (every 50 ms) until the command succeeds.
wait_for() {
	_tries=$(($1 * 20))
	shift
	while [ "$_tries" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.05
		_tries=$((_tries - 1))
	done
	return 1
}

# start_sim DIR ARGS...: a simulator with its sockets in DIR; sets sim_pid
# and sim_dev (the user device string).
start_sim() {
	_dir=$1
	shift
	mkdir -p "$_dir"
	"$HOSTSIM" --dir "$_dir" "$@" >"$_dir.log" 2>&1 &
	sim_pid=$!
	vsf_remember_pid "$sim_pid"
	sim_dev=unix:$_dir/vboxuser.sock
	if ! wait_for 10 test -S "$_dir/vboxuser.sock"; then
		echo "# simulator did not start:"
		sed 's/^/# /' "$_dir.log"
		return 1
	fi
}

# mount_fg SHARE MNT DEVICE [ARGS...]: vboxsf-fuse in the foreground, in
# the background of this shell; sets vsf_pid.  Waits for the mount.
mount_fg() {
	_share=$1
	_mnt=$2
	_dev=$3
	shift 3
	mkdir -p "$_mnt"
	vsf_mounts="$vsf_mounts $_mnt"
	"$VSF" "$_share" "$_mnt" -f --device="$_dev" "$@" \
		>>"$work/vsf.log" 2>&1 &
	vsf_pid=$!
	vsf_remember_pid "$vsf_pid"
	wait_for 10 mountpoint -q "$_mnt"
}

# pid_gone PID: the process has ended (a zombie not yet reaped counts).
pid_gone() {
	kill -0 "$1" 2>/dev/null || return 0
	[ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" = Z ]
}

# unmount MNT [PID]: fusermount3 -u, then wait for the daemon to end.
unmount() {
	timeout 10 fusermount3 -u "$1" || return 1
	[ -z "${2:-}" ] && return 0
	wait_for 10 pid_gone "$2"
}

vsf_finish() {
	# Sanitizer builds: the daemons' reports land in their log.
	if grep -q -e 'Sanitizer' -e 'runtime error' "$work/vsf.log" 2>/dev/null; then
		not_ok "vboxsf-fuse ran without sanitizer reports"
		sed 's/^/# /' "$work/vsf.log"
	else
		ok "vboxsf-fuse ran without sanitizer reports"
	fi
	echo "1..$tap_n"
	exit 0
}
