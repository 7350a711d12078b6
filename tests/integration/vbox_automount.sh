#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End to end (TAP): vbox-automount, vboxsf-fuse and `vboxctl sharedfolder
# list` against a real vbox-hostsim, with real FUSE mounts (root needed).
# Start-up mounts (default place, the host's mount point, a refused one),
# ownership and modes from the configuration, a share added on the host
# mounted within 1 s, a removed one unmounted, a non-auto share and a
# non-empty mount point explained by vboxctl, SIGHUP retrying, zero idle
# wakeups, the host going away and coming back, a clean stop, usage
# errors, and the per-user agent run as a normal user.
# Every process started here is remembered by PID and killed by PID; every
# mount left below the work directory is detached at the end.
set -u
top=${OVT_TOP_BUILDDIR:-.}
hostsim=$top/hostsim/vbox-hostsim
agent=$top/services/vbox-automount/vbox-automount
vboxctl=$top/services/vboxctl/vboxctl
vsf=$top/vboxsf-fuse/vboxsf-fuse

if [ "$(id -u)" != 0 ] || [ ! -c /dev/fuse ] || ! command -v fusermount3 >/dev/null ||
	! command -v setpriv >/dev/null; then
	echo "1..0 # SKIP needs root, /dev/fuse, fusermount3 and setpriv"
	exit 0
fi

# awk as configure found it, else whichever the system has.
awk=${AM_TAP_AWK:-$(command -v awk || command -v mawk || command -v gawk)}
awk() { "$awk" "$@"; }

work=$(mktemp -d /tmp/ovt-automount-XXXXXX)
chmod 755 "$work"
sim_pid=
agent_pid=
user_pid=
pids=
fuse_mode=$(stat -c %a /dev/fuse)
log=$work/agent.log
# State files go below the work directory, never below the machine's /run.
export OVT_RUNSTATE_DIR=$work/run XDG_RUNTIME_DIR=$work/xdg
ulog=$work/user.log

stop_pid() { # pid: SIGTERM, then SIGKILL after 5 s
	local p=$1
	[ -n "$p" ] || return 0
	kill -TERM "$p" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
}
our_mounts() { awk -v w="$work/" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo; }
no_mounts() { test -z "$(our_mounts)"; }
cleanup() {
	stop_pid "$user_pid"
	stop_pid "$agent_pid"
	for m in $(our_mounts | sort -r); do
		umount -l "$m" 2>/dev/null
	done
	for p in $pids; do kill -KILL "$p" 2>/dev/null; done
	stop_pid "$sim_pid"
	chmod "$fuse_mode" /dev/fuse
	[ -n "${KEEP_WORK:-}" ] || rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); echo "not ok $n - $1"; shift
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}
check() { # description command...
	local d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
wait_for() { # SECONDS COMMAND...: poll every 20 ms (the test's clock, not the agent's)
	local i limit=$(($1 * 50))
	shift
	for ((i = 0; i < limit; i++)); do
		"$@" && return 0
		sleep 0.02
	done
	return 1
}
ms_now() { echo $(($(date +%s%N) / 1000000)); }
ctl() { "$hostsim" ctl --dir "$work/sim" "$@"; }
mounted() { grep -q " $1 [^ ]* [^-]*- fuse.vboxsf-fuse " /proc/self/mountinfo; }
not_mounted() { ! grep -q " $1 " /proc/self/mountinfo; }
list() { "$vboxctl" -d "unix:$work/sim/vboxguest.sock" sharedfolder list --state-file "$work/state"; }
block() { list | awk -v s="share: $1" '$0 == s { p = 1 } p && $0 == "" { exit } p'; } # share name
remember_helpers() { # the helper pids the agent reports, for the cleanup
	pids="$pids $(sed -n 's/^helper-pid=//p' "$1" 2>/dev/null | tr '\n' ' ')"
}
ctx_switches() {
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { s += $2 } END { print s + 0 }'
}
start_sim() {
	"$hostsim" --dir "$work/sim" "$@" 2>>"$work/hostsim.log" &
	sim_pid=$!
	wait_for 10 test -S "$work/sim/control.sock" && wait_for 5 ctl status >/dev/null 2>&1
}

mkdir -p "$work/sim" "$work/host/a" "$work/host/plain" "$work/host/other" "$work/uhome"
echo hello >"$work/host/a/file"
mkdir "$work/host/a/dir"
shares=(--share "h10a=$work/host/a,auto"
	--share "h10plain=$work/host/plain"
	--share "h10bad=$work/host/other,auto,mountpoint=/etc"
	--share "h10hint=$work/host/other,auto,mountpoint=$work/hint/point")
media=$work/media
cat >"$work/am.conf" <<EOF
[vbox-automount]
mount-dir=$media
vboxsf-fuse=$vsf
group=4321
dir-mode=0750
file-mode=0640
EOF
run_agent() { # exec: the caller's $! is then the agent itself
	exec "$agent" -c "$work/am.conf" -d "unix:$work/sim/vboxguest.sock" --pidfile "$work/agent.pid" \
		--state-file "$work/state" --log-target=stderr -vv "$@"
}

echo "1..43"

# ---- command line ------------------------------------------------------------------
out=$("$agent" --frobnicate 2>&1); rc=$?
check "an unknown option is a usage error (exit 2, one line)" \
	test $rc -eq 2 -a "$(wc -l <<<"$out")" -eq 1
printf '[vbox-automount]\nmount-dir=/media\ndir-mode=0999\n' >"$work/bad.conf"
out=$("$agent" -c "$work/bad.conf" --pidfile "$work/x.pid" --state-file "$work/x" 2>&1); rc=$?
if [ $rc -eq 2 ] && [ "$out" = "vbox-automount: $work/bad.conf:3: [vbox-automount] dir-mode: an octal number within 0777" ]; then
	ok "a bad configuration value stops the start: exit 2, one line naming file, line and key"
else
	not_ok "a bad configuration value stops the start: exit 2, one line naming file, line and key" "rc=$rc" "$out"
fi
out=$( (run_agent -d "unix:$work/none.sock") 2>&1); rc=$?
check "a missing device fails at start (exit 1)" test $rc -eq 1

# ---- start-up ------------------------------------------------------------------------
check "vbox-hostsim is up" start_sim "${shares[@]}"
run_agent 2>"$log" &
agent_pid=$!
check "h10a is mounted on $media/sf_h10a" wait_for 5 mounted "$media/sf_h10a"
check "the host's mount point is used when safe" wait_for 5 mounted "$work/hint/point"
check "a host mount point of /etc is refused and the default used" wait_for 5 mounted "$media/sf_h10bad"
check "the refusal is logged with its reason" \
	grep -q "share 'h10bad': the host's mount point '/etc' is refused: it is a system directory" "$log"
remember_helpers "$work/state"
out=$(stat -c '%u %g %a' "$media/sf_h10a/file" "$media/sf_h10a/dir" 2>&1)
check "owner, group and modes come from the configuration ($(tr '\n' ' ' <<<"$out"))" \
	test "$out" = $'0 4321 640\n0 4321 750'
check "the files are the host's" test "$(cat "$media/sf_h10a/file")" = hello
check "the non-auto share is not mounted" not_mounted "$media/sf_h10plain"

# The agent writes its state file just after the mount appears: allow it a moment.
block_is() { [ "$(block "$1")" = "$2" ]; }
want=$(printf 'share: h10a\nflags: rw,auto\nhost mount point: -\nmounted at: %s' "$media/sf_h10a")
if wait_for 5 block_is h10a "$want"; then
	ok "vboxctl: h10a rw,auto, mounted at its place"
else
	not_ok "vboxctl: h10a rw,auto, mounted at its place" "$(block h10a)"
fi
out=$(block h10plain)
if grep -qx 'flags: rw' <<<"$out" &&
	grep -qx 'not mounted: the host does not mark it for auto-mounting (mount it with vboxsf-fuse or mount.vboxsf-fuse)' <<<"$out"; then
	ok "vboxctl: the non-auto share is not mounted, and says why"
else
	not_ok "vboxctl: the non-auto share is not mounted, and says why" "$out"
fi
out=$(block h10bad)
if grep -qx 'host mount point: /etc' <<<"$out" && grep -qx "mounted at: $media/sf_h10bad" <<<"$out" &&
	grep -qx "note: the host's mount point '/etc' is refused: it is a system directory" <<<"$out"; then
	ok "vboxctl: the refused host mount point is shown with the reason"
else
	not_ok "vboxctl: the refused host mount point is shown with the reason" "$out"
fi

# ---- following the host ----------------------------------------------------------------
t0=$(ms_now)
ctl share add h10new "$work/host/a" auto >/dev/null
wait_for 5 mounted "$media/sf_h10new"
t1=$(ms_now)
echo "# share add -> mounted in $((t1 - t0)) ms"
check "ctl share add ... auto: mounted within 1 s ($((t1 - t0)) ms)" \
	bash -c "grep -q ' $media/sf_h10new ' /proc/self/mountinfo && [ $((t1 - t0)) -le 1000 ]"
remember_helpers "$work/state"
helper=$(awk '/^name=h10new$/ { f = 1 } f && /^helper-pid=/ { sub("helper-pid=", ""); print; exit }' "$work/state")
t0=$(ms_now)
ctl share remove h10new >/dev/null
wait_for 5 not_mounted "$media/sf_h10new"
t1=$(ms_now)
echo "# share remove -> unmounted in $((t1 - t0)) ms"
check "ctl share remove: unmounted within 1 s ($((t1 - t0)) ms)" \
	bash -c "! grep -q ' $media/sf_h10new ' /proc/self/mountinfo && [ $((t1 - t0)) -le 1000 ]"
check "its vboxsf-fuse ($helper) has ended and was reaped" \
	wait_for 3 bash -c "[ -n '$helper' ] && ! kill -0 '$helper' 2>/dev/null"
ctl share add -h10dash "$work/host/a" auto >/dev/null
check "a share whose name starts with '-' is mounted too" \
	wait_for 5 mounted "$media/sf_-h10dash"
remember_helpers "$work/state"
ctl share remove -h10dash >/dev/null
check "... and unmounted when the host removes it" \
	wait_for 5 not_mounted "$media/sf_-h10dash"

mkdir -p "$media/sf_h10full"
touch "$media/sf_h10full/keep"
ctl share add h10full "$work/host/a" auto >/dev/null
check "a share whose mount point is not empty is not mounted" \
	wait_for 3 bash -c "grep -q 'share .h10full. not mounted' '$log'"
out=$(block h10full)
check "vboxctl says why: not empty" grep -qx "not mounted: $media/sf_h10full is not empty" <<<"$out"

sleep 0.3
c0=$(ctx_switches "$agent_pid")
sleep 3
c1=$(ctx_switches "$agent_pid")
echo "# idle 3 s: $((c1 - c0)) context switches over $(ls /proc/$agent_pid/task | wc -l) threads"
check "idle: no wakeups in 3 s (context switches $c0 -> $c1)" test "$c1" -eq "$c0"

rm "$media/sf_h10full/keep"
kill -HUP "$agent_pid"
check "SIGHUP retries the failed mount" wait_for 3 mounted "$media/sf_h10full"
remember_helpers "$work/state"

# ---- the host's MountDir / MountPrefix guest properties --------------------------------------
gp=/VirtualBox/GuestAdd/SharedFolders
ctl guestprop set "$gp/MountDir" "$work/pdir" >/dev/null
t0=$(ms_now)
ctl guestprop set "$gp/MountPrefix" hp_ >/dev/null
wait_for 5 mounted "$media/hp_h10a"
t1=$(ms_now)
echo "# MountPrefix set -> remounted in $((t1 - t0)) ms"
check "MountPrefix beats the default, followed without a signal; mount-dir beats MountDir ($((t1 - t0)) ms)" \
	bash -c "grep -q ' $media/hp_h10a ' /proc/self/mountinfo && ! grep -q ' $media/sf_h10a ' /proc/self/mountinfo && [ ! -e '$work/pdir' ]"
remember_helpers "$work/state"
ctl guestprop set "$gp/MountPrefix" 'a/b' >/dev/null
check "an unusable MountPrefix is ignored with a warning: back to sf_" \
	wait_for 5 bash -c "grep -qF \"the host's $gp/MountPrefix 'a/b' is not usable\" '$log' && grep -q ' $media/sf_h10a ' /proc/self/mountinfo"
remember_helpers "$work/state"
ctl guestprop set "$gp/MountPrefix" hp_ >/dev/null
wait_for 5 mounted "$media/hp_h10a"
remember_helpers "$work/state"

# ---- SIGHUP reads the configuration again --------------------------------------------------
cp "$work/am.conf" "$work/am.conf.orig"
echo "mount-prefix=cfg_" >>"$work/am.conf"
kill -HUP "$agent_pid"
check "SIGHUP: a new mount-prefix remounts the shares and beats MountPrefix ($media/cfg_h10a)" \
	wait_for 8 bash -c "grep -q ' $media/cfg_h10a ' /proc/self/mountinfo && ! grep -q ' $media/sf_h10a ' /proc/self/mountinfo"
remember_helpers "$work/state"
line=$(($(wc -l <"$work/am.conf") + 1))
echo "mount-prefix=a/b" >>"$work/am.conf"
kill -HUP "$agent_pid"
want="$work/am.conf:$line: [vbox-automount] mount-prefix: up to 64 characters, no '/' (keeping the previous settings)"
check "SIGHUP with a bad line: one warning naming file, line and key" wait_for 3 grep -qF "$want" "$log"
sleep 0.3
check "... the agent keeps running with the old settings" \
	bash -c "kill -0 $agent_pid && grep -q ' $media/cfg_h10a ' /proc/self/mountinfo"
ctl guestprop delete "$gp/MountPrefix" >/dev/null
cp "$work/am.conf.orig" "$work/am.conf"
kill -HUP "$agent_pid"
check "SIGHUP: back to the first configuration ($media/sf_h10a)" \
	wait_for 8 bash -c "grep -q ' $media/sf_h10a ' /proc/self/mountinfo && ! grep -q ' $media/cfg_h10a ' /proc/self/mountinfo"
remember_helpers "$work/state"

# ---- the host goes away and comes back ---------------------------------------------------
stop_pid "$sim_pid"; sim_pid=
check "host gone: every mount is taken down" wait_for 5 no_mounts
check "the loss is logged once" test "$(grep -c '^vbox-automount: lost ' "$log")" -eq 1
start_sim "${shares[@]}"
check "host back: the shares are mounted again" wait_for 8 mounted "$media/sf_h10a"
remember_helpers "$work/state"

# ---- clean stop ---------------------------------------------------------------------------
remember_helpers "$work/state"
helpers=$(sed -n 's/^helper-pid=//p' "$work/state" | tr '\n' ' ')
kill -TERM "$agent_pid"; wait "$agent_pid"; rc=$?; agent_pid=
check "SIGTERM: exit 0" test $rc -eq 0
check "every mount is gone" test -z "$(our_mounts)"
alive=
for p in $helpers; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
check "every vboxsf-fuse ($helpers) has ended" test -z "$alive"
check "the state file is removed" test ! -e "$work/state"
out=$(block h10a)
check "vboxctl without an agent: not mounted, vbox-automount is not running" \
	grep -qx 'not mounted: vbox-automount is not running' <<<"$out"

# ---- the per-user agent, run as a normal user ------------------------------------------------
uid=65534
gid=$(id -g "$uid" 2>/dev/null || echo 65534)
chmod 0666 /dev/fuse
chown "$uid:$gid" "$work/uhome"
mkdir -p "$work/urun"; chown "$uid:$gid" "$work/urun"; chmod 700 "$work/urun"
cat >"$work/user.conf" <<EOF
[vbox-automount-user]
vboxsf-fuse=$vsf
EOF
as_user() { # exec: the caller's $! is then the program itself
	exec setpriv --reuid="$uid" --regid="$gid" --clear-groups \
		env HOME="$work/uhome" XDG_RUNTIME_DIR="$work/urun" "$@"
}
as_user "$agent" --user -c "$work/user.conf" -d "unix:$work/sim/vboxuser.sock" \
	--log-target=stderr -v 2>"$ulog" &
user_pid=$!
umnt=$work/uhome/VBoxShares
check "per-user: h10a is mounted below the user's home" wait_for 5 mounted "$umnt/h10a"
remember_helpers "$work/urun/open-vbox-tools/vbox-automount.state"
out=$( (as_user stat -c '%u %g' "$umnt/h10a/file" "$umnt/h10a/dir") 2>&1)
check "per-user: the files belong to the user, no group needed ($(tr '\n' ' ' <<<"$out"))" \
	test "$out" = "$uid $gid"$'\n'"$uid $gid"
check "per-user: the host's mount point outside the home is refused" \
	grep -q "share 'h10hint': the host's mount point '$work/hint/point' is refused: the per-user agent mounts only below the home directory" "$ulog"
out=$(XDG_RUNTIME_DIR=$work/urun "$vboxctl" -d "unix:$work/sim/vboxguest.sock" sharedfolder list |
	awk '$0 == "share: h10hint" { p = 1 } p && $0 == "" { exit } p')
check "per-user: vboxctl finds the agent's state in \$XDG_RUNTIME_DIR/open-vbox-tools" \
	grep -qx "note: the host's mount point '$work/hint/point' is refused: the per-user agent mounts only below the home directory" <<<"$out"
stop_pid "$user_pid"; user_pid=
check "per-user: SIGTERM unmounts everything" test -z "$(our_mounts)"

if grep -qE 'Sanitizer|runtime error' "$log" "$ulog"; then
	not_ok "no sanitizer reports from the agent" "$(grep -h -E -A5 'Sanitizer|runtime error' "$log" "$ulog" | head -40)"
else
	ok "no sanitizer reports from the agent"
fi
