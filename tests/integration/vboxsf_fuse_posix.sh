#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vboxsf-fuse against the real vbox-hostsim over real directories: POSIX
# behaviour of every operation (successes and the errno of failures), as
# root and as another user on an allow_other mount, host calls counted for
# attribute changes, names,
# a file over 4 GiB, a 10,000-entry directory, a seeded random-operation
# verifier against a native reference directory, concurrent processes, and
# confinement to the share.  TAP output.
# VSF_POSIX_OPTS (e.g. cache=writeback) adds mount options to the main
# mount.
set -u

. "$(dirname "$0")/vboxsf_fuse_lib.sh"
vsf_require_fuse
vsf_setup

host=$work/host
share=$host/share
ro=$host/ro
secret=$host/secret
mkdir -p "$share" "$ro" "$secret"
echo "read-only data" >"$ro/data.txt"
echo "top secret" >"$secret/secret.txt"

start_sim "$work/sim" --share "posix=$share,symlinks" --share "rodata=$ro,ro" ||
	{ not_ok "vbox-hostsim starts"; vsf_finish; }
m=$work/m/posix
rom=$work/m/ro
check "vboxsf-fuse mounts a share (allow_other)" \
	mount_fg posix "$m" "$sim_dev" -o "allow_other${VSF_POSIX_OPTS:+,$VSF_POSIX_OPTS}"
posix_pid=$vsf_pid
[ -n "${VSF_POSIX_OPTS:-}" ] && note "main mount: -o allow_other,$VSF_POSIX_OPTS"
check "vboxsf-fuse mounts a read-only share" mount_fg rodata "$rom" "$sim_dev"
ro_pid=$vsf_pid
mountpoint -q "$m" || { not_ok "mount is up"; vsf_finish; }
check "the mount shows as fuse.vboxsf-fuse with the share as source" \
	sh -c "grep -q '^posix $m fuse.vboxsf-fuse ' /proc/mounts"

# --- files -----------------------------------------------------------------
expect_errno 0 open-wronly-creat "$m/f1"
check "written data reaches the host" \
	sh -c "printf 'hello world' >'$m/f1' && [ \"\$(cat '$share/f1')\" = 'hello world' ]"
check "host data reads back through the mount" \
	sh -c "[ \"\$(cat '$m/f1')\" = 'hello world' ]"
expect_errno EEXIST open-wronly-creat-excl "$m/f1"
expect_errno ENOENT open-rdonly "$m/missing"
expect_errno ENOENT open-rdonly "$m/nodir/file"
expect_errno ENOTDIR open-rdonly "$m/f1/x"
expect_errno ENOTDIR stat "$m/f1/x"
expect_errno ENOENT stat "$m/missing"
check "O_APPEND appends" \
	sh -c "printf '!' >>'$m/f1' && [ \"\$(cat '$share/f1')\" = 'hello world!' ]"
check "O_TRUNC truncates" \
	sh -c "printf 'new' >'$m/f1' && [ \"\$(cat '$share/f1')\" = 'new' ]"
expect_errno 0 truncate "$m/f1" 100000
check "truncate extends with zeros" \
	sh -c "[ \$(stat -c %s '$share/f1') = 100000 ] && [ \$(tail -c 5 '$m/f1' | od -An -tx1 | tr -d ' ') = 0000000000 ]"
expect_errno 0 truncate "$m/f1" 2
check "truncate shrinks" sh -c "[ \"\$(cat '$m/f1')\" = 'ne' ]"
expect_errno ENOENT truncate "$m/missing" 10
expect_errno 0 chmod "$m/f1" 640
check "chmod reaches the host and shows" \
	sh -c "[ \$(stat -c %a '$share/f1') = 640 ] && [ \$(stat -c %a '$m/f1') = 640 ]"
check "utimens (touch -d) reaches the host" \
	sh -c "touch -d '2001-02-03 04:05:06' '$m/f1' && [ \$(stat -c %Y '$share/f1') = \$(date -d '2001-02-03 04:05:06' +%s) ] && [ \$(stat -c %Y '$m/f1') = \$(stat -c %Y '$share/f1') ]"
check "a no-op chown succeeds" chown "$(id -u):$(id -g)" "$m/f1"
check "chown to another owner fails with EPERM" \
	sh -c "! chown 4321 '$m/f1' 2>'$work/chown.err' && grep -q 'not permitted' '$work/chown.err'"
check "fsync works" sh -c "dd if=/dev/zero of='$m/sync' bs=4k count=2 conv=fsync status=none"

# --- directories -----------------------------------------------------------
expect_errno 0 mkdir "$m/d1"
expect_errno EEXIST mkdir "$m/d1"
expect_errno EEXIST mkdir "$m/f1"
expect_errno ENOENT mkdir "$m/nodir/d"
expect_errno ENOTDIR mkdir "$m/f1/d"
check "mkdir uses the asked mode" \
	sh -c "mkdir -m 0700 '$m/d700' && [ \$(stat -c %a '$share/d700') = 700 ]"
expect_errno 0 open-wronly-creat "$m/d1/inner"
expect_errno ENOTEMPTY rmdir "$m/d1"
expect_errno ENOTDIR rmdir "$m/f1"
expect_errno ENOENT rmdir "$m/missing"
expect_errno EISDIR unlink "$m/d1"
expect_errno ENOENT unlink "$m/missing"
expect_errno EISDIR open-wronly "$m/d1"
expect_errno ENOTDIR open-rdonly-dir "$m/f1"
expect_errno 0 unlink "$m/d1/inner"
expect_errno 0 rmdir "$m/d1"
check "rmdir removed it on the host" test ! -e "$share/d1"

# --- rename ----------------------------------------------------------------
printf A >"$m/ra"
printf B >"$m/rb"
expect_errno 0 rename "$m/ra" "$m/rb"
check "rename replaced the target" \
	sh -c "[ \"\$(cat '$m/rb')\" = A ] && [ ! -e '$share/ra' ]"
expect_errno ENOENT rename "$m/ra" "$m/rc"
mkdir -p "$m/rd1/x" "$m/rd2" "$m/rd3/y"
expect_errno 0 rename "$m/rd1" "$m/rd2"
check "a directory replaced an empty one, contents moved" \
	test -d "$share/rd2/x" -a ! -e "$share/rd1"
expect_errno ENOTEMPTY rename "$m/rd2" "$m/rd3"
expect_errno EISDIR rename "$m/rb" "$m/rd3"
expect_errno ENOTDIR rename "$m/rd3" "$m/rb"
expect_errno EEXIST rename-noreplace "$m/rb" "$m/sync"
expect_errno 0 rename-noreplace "$m/rb" "$m/rnew"
expect_errno EINVAL rename-exchange "$m/rnew" "$m/sync"
expect_errno 0 rename "$m/rnew" "$m/rd3/y/moved"
check "rename across directories, old name gone" \
	sh -c "[ \"\$(cat '$m/rd3/y/moved')\" = A ] && [ ! -e '$m/rnew' ]"
check "a renamed directory's children follow it" \
	sh -c "mv '$m/rd3' '$m/rd4' && [ \"\$(cat '$m/rd4/y/moved')\" = A ]"

# --- symlinks --------------------------------------------------------------
expect_errno 0 symlink "target/of link" "$m/l1"
check "readlink returns the target" \
	sh -c "[ \"\$(readlink '$m/l1')\" = 'target/of link' ] && [ \"\$(readlink '$share/l1')\" = 'target/of link' ]"
expect_errno EEXIST symlink x "$m/l1"
expect_errno EINVAL readlink "$m/f1"
check "a symlink to a file in the share is followed" \
	sh -c "ln -s f1 '$m/l2' && [ \"\$(cat '$m/l2')\" = ne ]"
check "lstat shows a link" sh -c "[ \"\$(stat -c %F '$m/l2')\" = 'symbolic link' ]"
expect_errno 0 unlink "$m/l1"
check "unlink removed the link, not its target" \
	test ! -L "$share/l1" -a -e "$share/f1"

# --- names -----------------------------------------------------------------
for name in "with space" "Grüße, 日本語 ünïcødé" "tab	and-dash" ".hidden"; do
	check "name '$name' round-trips" \
		sh -c "printf '%s' \"\$1\" >\"\$2/\$1\" && [ \"\$(cat \"\$3/\$1\")\" = \"\$1\" ] && ls -A \"\$2\" | grep -qxF \"\$1\"" \
		- "$name" "$m" "$share"
done
n255=$(printf 'n%.0s' $(seq 255))
n256=${n255}x
expect_errno 0 open-wronly-creat "$m/$n255"
check "a 255-byte name exists on the host and is listed" \
	sh -c "test -e '$share/$n255' && ls '$m' | grep -qx '$n255'"
expect_errno ENAMETOOLONG open-wronly-creat "$m/$n256"
expect_errno ENAMETOOLONG mkdir "$m/$n256"

# --- read-only share --------------------------------------------------------
check "a read-only share reads" sh -c "[ \"\$(cat '$rom/data.txt')\" = 'read-only data' ]"
check "a read-only share is mounted read-only" \
	sh -c "grep \" $rom \" /proc/mounts | grep -q '[ ,]ro[ ,]'"
expect_errno EROFS open-wronly "$rom/data.txt"
expect_errno EROFS open-wronly-creat "$rom/new"
expect_errno EROFS mkdir "$rom/newdir"
expect_errno EROFS unlink "$rom/data.txt"
expect_errno EROFS rename "$rom/data.txt" "$rom/other"
expect_errno EROFS truncate "$rom/data.txt" 0
expect_errno EROFS chmod "$rom/data.txt" 600
expect_errno EROFS symlink x "$rom/link"
check "nothing changed in the read-only share" \
	sh -c "[ \"\$(ls '$ro')\" = data.txt ] && [ \"\$(cat '$ro/data.txt')\" = 'read-only data' ]"

# --- statfs ----------------------------------------------------------------
check "statfs reports the host file system" \
	sh -c "[ \$(stat -f -c %l '$m') = 255 ] && [ \$(stat -f -c %b '$m') -gt 0 ]"

# --- a file over 4 GiB -------------------------------------------------------
check "sparse write at 5 GiB: size and bytes" "$TOOL" sparse "$m/big" 5368709120
check "the host file is 5 GiB + 1" sh -c "[ \$(stat -c %s '$share/big') = 5368709121 ]"
rm -f "$share/big"

# --- 10,000 entries ------------------------------------------------------------
mkdir "$share/many"
(cd "$share/many" && seq -f 'entry-%05g' 10000 | xargs touch)
ls "$share/many" | sort >"$work/many.host"
check "readdir lists all 10,000 entries exactly once" \
	sh -c "ls -f '$m/many' | grep -v '^\\.\\.\\?\$' | sort | cmp - '$work/many.host' && [ \$(ls -f '$m/many' | wc -l) = 10002 ]"
t0=$(date +%s.%N)
check "find with attributes (readdirplus) sees all 10,000" \
	sh -c "[ \$(find '$m/many' -type f -size 0 | wc -l) = 10000 ]"
t1=$(date +%s.%N)
note "find -type f -size 0 over 10,000 entries: $(awk "BEGIN { print $t1 - $t0 }") s"

# --- random operations against a reference directory ---------------------------
mkdir -p "$m/rand" "$work/ref"
check "3000 seeded random operations agree with a native directory" \
	"$TOOL" randops 20251121 3000 "$m/rand" "$work/ref"
check "... and so does the host directory" diff -r "$share/rand" "$work/ref"

# --- concurrency ------------------------------------------------------------
"$TOOL" fill "$m/shared" 77 8388608
cpids=
for i in 1 2 3 4; do
	"$TOOL" fill "$m/w$i" "$i" 4194304 &
	cpids="$cpids $!"
	"$TOOL" check "$m/shared" 77 8388608 &
	cpids="$cpids $!"
done
cfail=0
for p in $cpids; do
	wait "$p" || cfail=1
done
check "4 writers and 4 readers at once all succeed" test $cfail = 0
check "every written file is intact, through the mount and on the host" \
	sh -c "for i in 1 2 3 4; do '$TOOL' check '$m/w'\$i \$i 4194304 && '$TOOL' check '$share/w'\$i \$i 4194304 || exit 1; done"

# --- confinement ------------------------------------------------------------
ln -s ../secret "$share/esc"
ln -s "$secret" "$share/abs"
ln -s "$secret/secret.txt" "$share/absfile"
check "a relative link out of the share cannot be read through" \
	sh -c "! cat '$m/esc/secret.txt' 2>/dev/null"
check "writing through an outward link fails and creates nothing" \
	sh -c "! sh -c \"echo x >'$m/esc/new'\" 2>/dev/null; [ ! -e '$secret/new' ]"
check "'..' at the share root stays in the guest's tree" \
	sh -c "[ ! -e '$m/../secret' ]"
for p in esc/secret.txt abs/secret.txt absfile ../secret/secret.txt \
	/../secret/secret.txt sub/../../secret/secret.txt; do
	check "the host refuses '$p'" \
		sh -c "r=\$('$TOOL' shfl-open '$sim_dev' posix '$p'); echo \$r; [ \"\$r\" != 0 ]"
done
check "a link the guest created pointing out cannot be used on the host" \
	sh -c "ln -s ../secret '$m/esc2' && r=\$('$TOOL' shfl-open '$sim_dev' posix esc2/secret.txt); echo \$r; [ \"\$r\" != 0 ]"
check "the secret directory is untouched" \
	sh -c "[ \"\$(ls '$secret')\" = secret.txt ] && [ \"\$(cat '$secret/secret.txt')\" = 'top secret' ]"

# --- POSIX where the protocol allows it: as root and as another user -----------
other=65534
other_gid=$(id -g "$other" 2>/dev/null || echo 65534)
as_other() {
	setpriv --reuid="$other" --regid="$other_gid" --clear-groups -- "$@"
}
# both DESC EXPECT_ROOT EXPECT_OTHER OP PATH ARGS...: one call as root and
# one as the other user (PATH gets ".root" / ".other" appended).
both() {
	_d=$1 _er=$2 _eo=$3 _op=$4 _p=$5
	shift 5
	check "$_d, as root ($_er)" "$TOOL" errno "$_er" "$_op" "$_p.root" "$@"
	check "$_d, as uid $other ($_eo)" \
		as_other "$TOOL" errno "$_eo" "$_op" "$_p.other" "$@"
}
mkdir "$m/pub" && chmod 0777 "$m/pub"
check "the mount implies default_permissions" \
	sh -c "grep \" $m \" /proc/mounts | grep -q default_permissions"
both "mkfifo fails with EPERM" EPERM EPERM mkfifo "$m/pub/fifo"
both "mknod of a device fails with EPERM" EPERM EPERM mknod-char "$m/pub/null"
both "binding a Unix socket fails with EPERM" EPERM EPERM bind "$m/pub/sock"
printf l >"$m/pub/linked.root"
printf l >"$m/pub/linked.other"
both "link fails with EPERM" EPERM EPERM link "$m/pub/linked" "$m/pub/hard"
check "no special file reached the host" \
	sh -c "[ \"\$(ls '$share/pub' | tr '\\n' ' ')\" = 'linked.other linked.root ' ]"
printf x >"$m/suid"
expect_errno 0 chmod "$m/suid" 4755
check "chmod 04755 shows 4755, on the host too" \
	sh -c "[ \$(stat -c %a '$m/suid') = 4755 ] && [ \$(stat -c %a '$share/suid') = 4755 ]"
expect_errno 0 chmod "$m/suid" 2750
check "chmod 02750 shows 2750" sh -c "[ \$(stat -c %a '$m/suid') = 2750 ]"
check "another user may not chmod root's file (EPERM)" \
	as_other "$TOOL" errno EPERM chmod "$m/suid" 4777
mkdir "$m/sticky" && chmod 01777 "$m/sticky"
check "a sticky directory shows 1777" \
	sh -c "[ \$(stat -c %a '$m/sticky') = 1777 ] && [ \$(stat -c %a '$share/sticky') = 1777 ]"
printf r >"$m/sticky/rootfile" && chmod 0666 "$m/sticky/rootfile"
printf r >"$m/pub/rootfile" && chmod 0666 "$m/pub/rootfile"
check "another user may not delete root's file in a 01777 directory (EPERM)" \
	as_other "$TOOL" errno EPERM unlink "$m/sticky/rootfile"
check "... but may in a 0777 one" as_other "$TOOL" errno 0 unlink "$m/pub/rootfile"
check "root may delete in the sticky directory" "$TOOL" errno 0 unlink "$m/sticky/rootfile"
both "open(O_CREAT, 0620) under umask 0 makes a 0620 file" 0 0 creat "$m/pub/c620" 620
both "open(O_CREAT, 04755) keeps set-user-ID" 0 0 creat "$m/pub/c4755" 4755
both "open(O_CREAT, 0640) makes 0640" 0 0 creat "$m/pub/c640" 640
check "the host has the asked mode" \
	sh -c "[ \$(stat -c %a '$share/pub/c620.root') = 620 ] && [ \$(stat -c %a '$share/pub/c4755.other') = 4755 ]"
check "mode 0 keeps only the owner-read bit the host forces (0400)" \
	sh -c "umask 0; '$TOOL' errno 0 creat '$m/pub/c0' 400 && [ \$(stat -c %a '$share/pub/c0') = 400 ]"
both "fstat of an open, unlinked file answers (size, 0 links) and reads work" \
	0 0 fstat-unlinked "$m/pub/orphan"
mkdir -p "$m/nl/a" "$m/nl/b" && printf x >"$m/nl/f"
check "a directory with two subdirectories has 4 links, a file 1" \
	sh -c "[ \$(stat -c %h '$m/nl') = 4 ] && [ \$(stat -c %h '$m/nl/f') = 1 ]"
check "statfs: free >= available, both the host's available space" \
	sh -c "set -- \$(stat -f -c '%b %f %a %S' '$m') \$(stat -f -c '%b %a %S' '$share'); [ \$2 -ge \$3 ] && [ \$((\$1 * \$4)) = \$((\$5 * \$7)) ] && d=\$((\$3 * \$4 - \$6 * \$7)); [ \${d#-} -lt 67108864 ]"
ln -s f1 "$m/pub/lnk.root"
ln -s f1 "$m/pub/lnk.other"
both "utimensat(AT_SYMLINK_NOFOLLOW) on a symlink: EOPNOTSUPP (documented)" \
	EOPNOTSUPP EOPNOTSUPP utimens-nofollow "$m/pub/lnk"
printf secret >"$m/private" && chmod 0600 "$m/private"
check "another user may not read root's 0600 file (EACCES)" \
	as_other "$TOOL" errno EACCES open-rdonly "$m/private"
check "... nor truncate it" as_other "$TOOL" errno EACCES truncate "$m/private" 0
check "... nor chmod it" as_other "$TOOL" errno EPERM chmod "$m/private" 0666
check "... and it is intact" sh -c "[ \$(cat '$share/private') = secret ] && [ \$(stat -c %a '$share/private') = 600 ]"
both "a MAP_SHARED mapping works in the default cache mode" 0 0 mmap-shared "$m/pub/map"

# --- host calls of attribute changes ------------------------------------------
# shfl_calls: the shared-folders calls the simulator counted since the
# last reset (and resets).
shfl_calls() {
	"$HOSTSIM" ctl --dir "$work/sim" hgcm-stats --reset |
		sed -n 's/^fn\.VBoxSharedFolders\..* calls=\([0-9]*\).*/\1/p' |
		awk '{ n += $1 } END { print n + 0 }'
}
mc=$work/m/count
check "a second mount that trusts its caches (ttl=600000)" \
	mount_fg posix "$mc" "$sim_dev" -o ttl=600000
count_pid=$vsf_pid
printf counted >"$mc/counted"
exec 3<>"$mc/counted"
stat "$mc/counted" >/dev/null
shfl_calls >/dev/null
"$TOOL" errno 0 truncate "$mc/counted" 3
"$TOOL" errno 0 chmod "$mc/counted" 640
"$TOOL" errno 0 utimens "$mc/counted" 1015218367
chown "$(id -u):$(id -g)" "$mc/counted"
stat "$mc/counted" >/dev/null
calls=$(shfl_calls)
exec 3>&-
note "truncate, chmod, utimensat and a no-op chown by path, and stat, of an open file: $calls host calls"
# One INFORMATION per change through the open handle; the chown costs the
# GETATTR the kernel sends itself (to clear set-user-ID as chown must).
check "... cost at most 4 host calls (got $calls)" test "$calls" -le 4
check "... and all reached the host" \
	sh -c "[ \"\$(stat -c '%a %s %Y %X' '$share/counted')\" = '640 3 1015218367 1015218367' ]"
check "unmount of the second mount" unmount "$mc" "$count_pid"

# --- unmount ------------------------------------------------------------
check "unmount ends the daemon" unmount "$m" "$posix_pid"
check "unmount of the read-only share" unmount "$rom" "$ro_pid"
vsf_finish
