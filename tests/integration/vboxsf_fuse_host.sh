#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vboxsf-fuse and the world around it: changes made directly on the host
# (seen within the ttl by default, at once with cache=none), the mount
# options, the simulator dying during I/O (errors within seconds, nothing
# hangs, the mount can be unmounted), a normal user mounting a share, and
# mount.vboxsf-fuse called the way mount(8) calls it for an fstab line.
# TAP output.
set -u

. "$(dirname "$0")/vboxsf_fuse_lib.sh"
vsf_require_fuse
vsf_setup

share=$work/host/share
mkdir -p "$share/dir"
start_sim "$work/sim" --share "hs=$share" ||
	{ not_ok "vbox-hostsim starts"; vsf_finish; }
dev1=$sim_dev

# --- command line ------------------------------------------------------------
check "--version prints the version" \
	sh -c "'$VSF' --version | grep -q '^vboxsf-fuse $OVT_VERSION'"
check "--help lists the options" sh -c "'$VSF' --help | grep -q 'cache=MODE'"
check "a bad cache mode is refused with a reason" \
	sh -c "! '$VSF' hs '$work' -f -o cache=bogus 2>'$work/e' && grep -q 'cache= must be' '$work/e'"
check "an unknown share fails with a reason, mounting nothing" \
	sh -c "mkdir -p '$work/m/none' && ! '$VSF' nosuch '$work/m/none' --device='$sim_dev' 2>'$work/e' && grep -q 'no such share' '$work/e' && ! mountpoint -q '$work/m/none'"
check "a missing mount point is a usage error" \
	sh -c "! '$VSF' hs 2>'$work/e' && grep -q usage '$work/e'"
ms=$work/m/separator
mkdir -p "$ms"
vsf_mounts="$vsf_mounts $ms"
"$VSF" -f --device="$sim_dev" -o default_permissions -- hs "$ms" \
	>>"$work/vsf.log" 2>&1 &
sep_pid=$!
vsf_remember_pid "$sep_pid"
check "'--' ends the options, and the FUSE options before it apply" \
	sh -c ". '$top_src/tests/integration/vboxsf_fuse_lib.sh'; wait_for 10 mountpoint -q '$ms' && grep ' $ms ' /proc/mounts | grep -q default_permissions"
check "... unmount" unmount "$ms" "$sep_pid"

# --- host-side changes --------------------------------------------------------
ma=$work/m/auto
mn=$work/m/none2
check "mount with the default cache mode" mount_fg hs "$ma" "$sim_dev"
auto_pid=$vsf_pid
check "mount with cache=none" mount_fg hs "$mn" "$sim_dev" -o cache=none
none_pid=$vsf_pid

printf 'version-1' >"$share/changing"
cat "$ma/changing" "$mn/changing" >/dev/null
check "both mounts read the first version" \
	sh -c "[ \"\$(cat '$ma/changing')\" = version-1 ] && [ \"\$(cat '$mn/changing')\" = version-1 ]"
# Same size, new contents and a new mtime: only the mtime tells.
printf 'version-2' >"$share/changing"
touch -d '+2 seconds' "$share/changing"
check "cache=none sees a host change at once" \
	sh -c "[ \"\$(cat '$mn/changing')\" = version-2 ]"
t0=$(date +%s%N)
check "the default mode sees it within the ttl (200 ms)" \
	wait_for 2 sh -c "[ \"\$(cat '$ma/changing')\" = version-2 ]"
t1=$(date +%s%N)
note "host change visible after $(( (t1 - t0) / 1000000 )) ms (default cache, ttl 200 ms)"
exec 3<"$mn/changing"
printf 'version-3' >"$share/changing"
check "cache=none: an open descriptor reads the host's new data" \
	sh -c "[ \"\$(dd bs=64 count=1 status=none <&3)\" = version-3 ]"
exec 3<&-
touch "$share/newfile"
check "cache=none sees a host-created name at once" test -e "$mn/newfile"
check "the default mode sees it within the ttl" wait_for 2 test -e "$ma/newfile"
rm "$share/newfile"
check "cache=none sees a host deletion at once" test ! -e "$mn/newfile"
check "the default mode sees it within the ttl" wait_for 2 test ! -e "$ma/newfile"

# --- host calls (hgcm-stats; the cache=none mount stays idle meanwhile) -------
# shfl_calls: the shared-folders calls counted since the last reset (resets).
shfl_calls() {
	"$HOSTSIM" ctl --dir "$work/sim" hgcm-stats --reset |
		sed -n 's/^fn\.VBoxSharedFolders\..* calls=\([0-9]*\).*/\1/p' |
		awk '{ n += $1 } END { print n + 0 }'
}
# (on a mount with a long ttl, so that a slow machine cannot outlast it)
ml=$work/m/longttl
check "mount with ttl=60000" mount_fg hs "$ml" "$sim_dev" -o ttl=60000
long_pid=$vsf_pid
mkdir "$ml/calls"
: >"$ml/calls/empty"
shfl_calls >/dev/null
stat "$ml/calls/empty" "$ml/calls" >/dev/null
# Lookups and stats are CREATE and INFORMATION calls (the kernel may send
# the file's RELEASE, a CLOSE, after close(2) returned).
calls=$("$HOSTSIM" ctl --dir "$work/sim" hgcm-stats --reset |
	sed -n 's/^fn\.VBoxSharedFolders\..* name=\(CREATE\|INFORMATION\) calls=\([0-9]*\).*/\2/p' |
	awk '{ n += $1 } END { print n + 0 }')
check "stat of a file just created and of its directory: no lookup or stat call (got $calls)" \
	test "$calls" -eq 0
check "unmount (ttl=60000)" unmount "$ml" "$long_pid"
stat "$ma/calls/empty" >/dev/null
chmod 0600 "$share/calls/empty"
check "... and a host chmod of it still shows within the ttl" \
	wait_for 2 sh -c "[ \$(stat -c %a '$ma/calls/empty') = 600 ]"
n=20
shfl_calls >/dev/null
i=0
while [ "$i" -lt "$n" ]; do
	printf 'small file %d\n' "$i" >"$ma/calls/f$i"
	i=$((i + 1))
done
calls=$(shfl_calls)
note "$n small files (create, write, close): $calls host calls"
# CREATE, WRITE, CLOSE; the kernel's LOOKUP before each create is answered
# from a listing of the directory after the first misses (open, LIST,
# close, once per ttl).
check "creating $n small files costs at most 3.5 host calls each (got $calls)" \
	test $((2 * calls)) -le $((7 * n))
check "... and they are on the host" \
	sh -c "[ \"\$(cat '$share/calls/f7')\" = 'small file 7' ]"
# The misses above had the directory listed: a name the host adds now
# must still show within the ttl, as a host LOOKUP's "no" would allow.
i=0
while [ "$i" -lt 8 ]; do
	test -e "$ma/calls/miss$i"
	i=$((i + 1))
done
touch "$share/calls/hostmade"
t0=$(date +%s%N)
check "a name the host adds to a listed directory shows within the ttl" \
	wait_for 2 test -e "$ma/calls/hostmade"
t1=$(date +%s%N)
note "host-made name in a listed directory visible after $(( (t1 - t0) / 1000000 )) ms"
check "... and one the host removes goes within the ttl" \
	sh -c "rm '$share/calls/f3' && . '$top_src/tests/integration/vboxsf_fuse_lib.sh' && wait_for 2 test ! -e '$ma/calls/f3'"
# Half the files span several of tar's 10 KiB records (several write(2)s).
mkdir -p "$work/tree/src/a" "$work/tree/src/b"
i=0
while [ "$i" -lt 30 ]; do
	printf 'entry %d\n' "$i" >"$work/tree/src/a/f$i"
	head -c $((40000 + i)) /dev/zero | tr '\0' "$((i % 10))" >"$work/tree/src/b/f$i"
	i=$((i + 1))
done
tar -cf "$work/tree.tar" -C "$work/tree" src
entries=$(tar -tf "$work/tree.tar" | wc -l)
mkdir "$ma/calls/x"
shfl_calls >/dev/null
tar -xf "$work/tree.tar" -C "$ma/calls/x"
"$HOSTSIM" ctl --dir "$work/sim" hgcm-stats --reset >"$work/untar.stats"
calls=$(sed -n 's/^fn\.VBoxSharedFolders\..* calls=\([0-9]*\).*/\1/p' "$work/untar.stats" |
	awk '{ n += $1 } END { print n + 0 }')
writes=$(sed -n 's/^fn\.VBoxSharedFolders\..* name=WRITE calls=\([0-9]*\).*/\1/p' "$work/untar.stats")
note "untar of $entries entries (default mode): $calls host calls, ${writes:-0} WRITE"
# Per file: CREATE, one WRITE (tar's writes gathered), times and mode (two
# INFORMATION), CLOSE; lookups (from listings) and getattrs (the cache)
# cost next to nothing.
check "untar of $entries entries in the default mode costs at most 6 host calls each (got $calls)" \
	test "$calls" -le $((6 * entries))
check "... one WRITE per file, 40 KiB files included (got ${writes:-0} for 60)" \
	test "${writes:-0}" -eq 60
check "... and tar --compare finds the tree as archived" \
	tar -df "$work/tree.tar" -C "$share/calls/x"

# --- write gathering (default mode) --------------------------------------------
mkdir "$ma/g"
# host_size FILE: the size of the host's file.
host_size() {
	stat -c %s "$share/g/$1"
}
# fn_calls NAME: the calls of one shared-folders function since the last
# reset (resets).
fn_calls() {
	"$HOSTSIM" ctl --dir "$work/sim" hgcm-stats --reset |
		sed -n "s/^fn\.VBoxSharedFolders\..* name=$1 calls=\([0-9]*\).*/\1/p" |
		awk '{ n += $1 } END { print n + 0 }'
}
fn_calls WRITE >/dev/null
"$TOOL" writes "$ma/g/closed" 3 10240 close >"$work/w.out"
w=$(fn_calls WRITE)
check "three 10 KiB writes and close: close succeeds" grep -qx 'close 0' "$work/w.out"
check "... the host has all 30720 bytes when close returns" \
	sh -c "[ \$(stat -c %s '$share/g/closed') = 30720 ] && [ \"\$(tail -c 1 '$share/g/closed')\" = c ]"
check "... sent as one WRITE (got $w)" test "$w" -eq 1

"$TOOL" writes "$ma/g/synced" 3 10240 fsync "mark:$work/synced" \
	"wait:$work/go1" close >"$work/w.out" &
tool_pid=$!
vsf_remember_pid "$tool_pid"
wait_for 10 test -e "$work/synced"
check "fsync with the file still open: the host has the data" \
	test "$(host_size synced)" = 30720
touch "$work/go1"
wait "$tool_pid"
check "... fsync and close succeed" \
	sh -c "[ \"\$(cat '$work/w.out')\" = \"\$(printf 'fsync 0\\nclose 0')\" ]"

fn_calls WRITE >/dev/null
"$TOOL" writes "$ma/g/log" 2 1000 "mark:$work/logged" "wait:$work/go2" \
	close >"$work/w.out" &
tool_pid=$!
vsf_remember_pid "$tool_pid"
wait_for 10 test -e "$work/logged"
t0=$(date +%s%N)
check "the file still open, the host has the data within the delay (1 s)" \
	wait_for 3 sh -c "[ \$(stat -c %s '$share/g/log') = 2000 ]"
t1=$(date +%s%N)
w=$(fn_calls WRITE)
note "gathered data of an open file on the host after $(( (t1 - t0) / 1000000 )) ms"
check "... the two writes in one WRITE (got $w)" test "$w" -eq 1
touch "$work/go2"
wait "$tool_pid"

"$TOOL" writes "$ma/g/readback" 2 1000 "mark:$work/read" "wait:$work/go3" \
	close >"$work/w.out" &
tool_pid=$!
vsf_remember_pid "$tool_pid"
wait_for 10 test -e "$work/read"
# O_DIRECT: the read reaches the daemon, which must send the data first.
check "a read through another descriptor sees the data at once (O_DIRECT, from the host)" \
	sh -c "[ \$(dd if='$ma/g/readback' iflag=direct bs=4096 status=none | wc -c) = 2000 ] && [ \$(stat -c %s '$share/g/readback') = 2000 ]"
check "... and a cached read too" \
	sh -c "[ \"\$(tail -c 1 '$ma/g/readback')\" = b ]"
touch "$work/go3"
wait "$tool_pid"
"$TOOL" writes "$ma/g/readback2" 2 1000 dread2 close >"$work/w.out"
check "... also through a descriptor opened before the writes" \
	sh -c "[ \"\$(cat '$work/w.out')\" = \"\$(printf 'dread2 2000 b\\nclose 0')\" ]"

"$TOOL" writes "$ma/g/stat" 3 1000 fstat "mark:$work/stat" "wait:$work/go4" \
	ftruncate:100 fstat "mark:$work/cut" "wait:$work/go5" close >"$work/w.out" &
tool_pid=$!
vsf_remember_pid "$tool_pid"
wait_for 10 test -e "$work/stat"
check "fstat after gathered writes shows 3000 bytes, and the host has them" \
	sh -c "grep -qx 'fstat 3000' '$work/w.out' && [ \$(stat -c %s '$share/g/stat') = 3000 ]"
touch "$work/go4"
wait_for 10 test -e "$work/cut"
check "ftruncate to 100 after gathered writes: fstat and the host agree" \
	sh -c "grep -qx 'ftruncate 0' '$work/w.out' && [ \"\$(sed -n 3p '$work/w.out')\" = 'fstat 100' ] && [ \$(stat -c %s '$share/g/stat') = 100 ]"
touch "$work/go5"
wait "$tool_pid"
exec 3>"$ma/g/trunc"
printf '%05000d' 0 >&3
truncate -s 10 "$ma/g/trunc"
check "truncate(2) by name after gathered writes: 10 bytes on the host and in stat" \
	sh -c "[ \$(stat -c %s '$share/g/trunc') = 10 ] && [ \$(stat -c %s '$ma/g/trunc') = 10 ]"
sleep 1.5
exec 3>&-
check "... still 10 after the delay and the close (nothing stale written later)" \
	test "$(host_size trunc)" = 10

# Two open files of one inode: the other's data goes to the host first.
# (Not from the shell: each "printf >&4" closes a duplicate, a flush.)
"$TOOL" writes "$ma/g/two" 1 4 pwrite2:0:BB close2 close >"$work/w.out"
check "writes through two open files of one inode reach the host in order (got '$(cat "$share/g/two")')" \
	sh -c "[ \"\$(cat '$share/g/two')\" = BBaa ] && [ \"\$(cat '$work/w.out')\" = \"\$(printf 'close2 0\\nclose 0')\" ]"
exec 4>"$ma/g/cut"
printf XXXX >&4
: >"$ma/g/cut"
check "an open with O_TRUNC cuts what another open file gathered" \
	test "$(host_size cut)" = 0
sleep 1.5
exec 4>&-
check "... and nothing of it comes back after the delay and the close" \
	test "$(host_size cut)" = 0

# A host-side failure of a gathered WRITE is reported, once.
fault() {
	"$HOSTSIM" ctl --dir "$work/sim" fault add --hgcm VBoxSharedFolders:WRITE \
		--status VERR_DISK_FULL >/dev/null
}
fault
"$TOOL" writes "$ma/g/full1" 3 1000 close >"$work/w.out"
check "a host error on the gathered WRITE: the writes succeed, close fails with ENOSPC" \
	sh -c "[ \"\$(cat '$work/w.out')\" = 'close ENOSPC' ]"
fault
"$TOOL" writes "$ma/g/full2" 3 1000 fsync close >"$work/w.out"
check "... fsync fails with ENOSPC, and the close after it succeeds" \
	sh -c "[ \"\$(cat '$work/w.out')\" = \"\$(printf 'fsync ENOSPC\\nclose 0')\" ]"
fault
"$TOOL" writes "$ma/g/full3" 3 1000 "wait:$work/never" close >"$work/w.out" &
tool_pid=$!
vsf_remember_pid "$tool_pid"
sleep 2
touch "$work/never"
wait "$tool_pid"
check "... a WRITE sent after the delay fails: close reports ENOSPC" \
	sh -c "[ \"\$(cat '$work/w.out')\" = 'close ENOSPC' ]"
check "... and the daemon logged it" \
	grep -q 'gathered write of 3000 bytes at 0 failed' "$work/vsf.log"
fault
"$TOOL" writes "$ma/g/full4" 1 1000 "wait:$work/never2" write:more close \
	>"$work/w.out" &
tool_pid=$!
vsf_remember_pid "$tool_pid"
sleep 2
touch "$work/never2"
wait "$tool_pid"
check "... or the next write(2) reports it, and the close after it succeeds" \
	sh -c "[ \"\$(cat '$work/w.out')\" = \"\$(printf 'write ENOSPC\\nclose 0')\" ]"
"$HOSTSIM" ctl --dir "$work/sim" fault clear >/dev/null

# At most 64 MiB wait in the daemon in all; beyond, writes go out at once.
mc=$work/m/cap
check "mount with write_gather=60000" mount_fg hs "$mc" "$sim_dev" -o write_gather=60000
cap_pid=$vsf_pid
mkdir "$mc/cap"
cap_tools=
i=0
while [ "$i" -lt 70 ]; do
	"$TOOL" writes "$mc/cap/f$i" 1 1024000 "mark:$work/cap$i" "wait:$work/capgo" \
		close >"$work/cap$i.out" &
	cap_tools="$cap_tools $!"
	vsf_remember_pid "$!"
	i=$((i + 1))
done
wait_for 30 sh -c "[ \$(ls '$work' | grep -c '^cap[0-9]*\$') = 70 ]"
full=$(find "$share/cap" -type f -size 1024000c | wc -l)
check "70 open files with 1000 KiB written each: the 5 beyond 64 MiB are on the host at once (got $full)" \
	test "$full" -ge 5 -a "$full" -le 6
touch "$work/capgo"
for p in $cap_tools; do
	wait "$p"
done
full=$(find "$share/cap" -type f -size 1024000c | wc -l)
check "... and all 70 after they are closed (got $full)" test "$full" -eq 70
check "unmount (write_gather=60000)" unmount "$mc" "$cap_pid"
check "unmount (default mode)" unmount "$ma" "$auto_pid"
check "cache=none: a MAP_SHARED mapping fails with ENODEV (direct I/O)" \
	"$TOOL" errno ENODEV mmap-shared "$mn/mapped"
check "... and the mount said so, naming the mode to use" \
	grep -q 'cache=none: shared memory mappings .* use cache=strict' "$work/vsf.log"
check "unmount (cache=none)" unmount "$mn" "$none_pid"

# --- options ------------------------------------------------------------------
mo=$work/m/opts
check "mount with uid/gid/dmode/fmask options" \
	mount_fg hs "$mo" "$sim_dev" -o uid=1234,gid=2345,dmode=0750,fmask=0137,ttl=0
check "owner, group and permissions follow the options" \
	sh -c "[ \"\$(stat -c '%u %g %a' '$mo/dir')\" = '1234 2345 750' ] && [ \"\$(stat -c '%u %g %a' '$mo/changing')\" = '1234 2345 640' ]"
kill -TERM "$vsf_pid"
check "SIGTERM unmounts cleanly and ends the daemon" \
	wait_for 10 sh -c ". '$top_src/tests/integration/vboxsf_fuse_lib.sh'; pid_gone $vsf_pid && ! grep -q ' $mo ' /proc/mounts"

# A file and a directory still open when the daemon is told to stop: the
# kernel never sends their RELEASE, and the daemon closes both host handles
# itself before it lets go of the host (a sanitizer build also reports the
# memory if it did not).
mh=$work/m/held
check "mount for files held open across SIGTERM" mount_fg hs "$mh" "$sim_dev"
held_vsf=$vsf_pid
sleep 60 3<"$mh/changing" 4<"$mh/dir" &
holder=$!
vsf_remember_pid "$holder"
wait_for 10 test -e "/proc/$holder/fd/4"
"$HOSTSIM" ctl --dir "$work/sim" hgcm-stats --reset >/dev/null
kill -TERM "$held_vsf"
wait_for 10 pid_gone "$held_vsf"
closes=$("$HOSTSIM" ctl --dir "$work/sim" hgcm-stats --reset |
	sed -n 's/^fn\.VBoxSharedFolders\..* name=CLOSE calls=\([0-9]*\).*/\1/p')
check "SIGTERM with a file and a directory open: both host handles are closed (CLOSE calls: ${closes:-none})" \
	test "${closes:-0}" -eq 2
check "... and the log says what was closed" \
	grep -q 'closing at exit what the kernel never released: 1 file, 1 directory' "$work/vsf.log"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# --- read-ahead -----------------------------------------------------------------
# read_ahead= sets the mount's own backing device (/sys/class/bdi/MAJ:MIN,
# the mount's device number); each READ then carries up to 1 MiB.  Every
# file is written on the host just before it is read, so the mount has
# none of it cached and no cache needs dropping.
# bdi_ra MNT: the read_ahead_kb of the mount on MNT.
bdi_ra() {
	cat "/sys/class/bdi/$(mountpoint -d "$1")/read_ahead_kb"
}
# read_stats: "CALLS BYTES" of READ since the last reset (resets).
read_stats() {
	"$HOSTSIM" ctl --dir "$work/sim" hgcm-stats --reset |
		sed -n 's/^fn\.VBoxSharedFolders\..* name=READ calls=\([0-9]*\) .* bytes_out=\([0-9]*\).*/\1 \2/p'
}
# host_file NAME MIB: a new file of MIB MiB on the host.
host_file() {
	head -c $(($2 * 1048576)) /dev/zero | tr '\0' r >"$share/$1"
}
# read_new MNT NAME: "CALLS BYTES" of READ for reading a new 8 MiB host
# file NAME through MNT in 1 MiB read(2)s.
read_new() {
	host_file "$2" 8
	read_stats >/dev/null
	dd if="$1/$2" of=/dev/null bs=1M status=none
	read_stats
}
ra_default=$("$VSF" --help | sed -n 's/.*read_ahead=KIB .*(default \([0-9]*\),.*/\1/p')
check "--help tells the default read-ahead (got '$ra_default')" \
	test -n "$ra_default"
check "read_ahead=6 (not whole pages) is refused with a reason" \
	sh -c "! '$VSF' hs '$work' -f -o read_ahead=6 2>'$work/e' && grep -q 'read_ahead= must be' '$work/e'"
check "read_ahead=16388 (beyond 16 MiB) is refused with a reason" \
	sh -c "! '$VSF' hs '$work' -f -o read_ahead=16388 2>'$work/e' && grep -q 'read_ahead= must be' '$work/e'"
mr=$work/m/ra
md=$work/m/radefault
check "mount with read_ahead=1024" mount_fg hs "$mr" "$sim_dev" -o read_ahead=1024
ra_pid=$vsf_pid
check "mount with the default read-ahead" mount_fg hs "$md" "$sim_dev"
rd_pid=$vsf_pid
check "the read_ahead= mount's backing device reads 1024 (got $(bdi_ra "$mr"))" \
	test "$(bdi_ra "$mr")" = 1024
check "the default mount's reads the default, $ra_default (got $(bdi_ra "$md"))" \
	test "$(bdi_ra "$md")" = "$ra_default"
check "... and no mount warned about its read-ahead" \
	sh -c "! grep -q -e 'cannot set' -e 'read-ahead stays' '$work/vsf.log'"
check "... and each tells the read-ahead it has" \
	sh -c "grep -q 'mounted on $mr (.*read_ahead=1024 KiB' '$work/vsf.log' && grep -q 'mounted on $md (.*read_ahead=$ra_default KiB' '$work/vsf.log'"
set -- $(read_new "$mr" ra8) 0 0
note "8 MiB read with read_ahead=1024: $1 READs, $2 bytes"
check "8 MiB read cold with read_ahead=1024: at most 10 READs (got $1)" \
	test "$1" -ge 1 -a "$1" -le 10
check "... 8 MiB in all, most of them 1 MiB each" \
	test "$2" -eq 8388608 -a $(($2 / $1)) -ge 786432
set -- $(read_new "$md" rd8) 0 0
note "8 MiB read with the default read-ahead: $1 READs, $2 bytes"
check "... with the default read-ahead ($ra_default KiB): READs of at most $ra_default KiB (got $1)" \
	test "$1" -ge $((8192 / ra_default)) -a "$2" -eq 8388608
host_file rr8 8
read_stats >/dev/null
for page in 100 900 300 1500 700; do
	dd if="$mr/rr8" of=/dev/null bs=4096 skip="$page" count=1 status=none
done
set -- $(read_stats) 0 0
check "5 random 4 KiB reads with read_ahead=1024 read 5 pages, not 5 MiB (got $1 READs, $2 bytes)" \
	test "$1" -eq 5 -a "$2" -eq 20480
check "unmount (read_ahead=1024)" unmount "$mr" "$ra_pid"
check "unmount (default read-ahead)" unmount "$md" "$rd_pid"
mx=$work/m/maxread
check "mount with read_ahead=1024,max_read=262144 (INIT names the same max_read)" \
	mount_fg hs "$mx" "$sim_dev" -o read_ahead=1024,max_read=262144
mx_pid=$vsf_pid
set -- $(read_new "$mx" mx8) 0 0
check "... READs of at most 256 KiB: 8 MiB in 32 or more (got $1, $2 bytes)" \
	test "$1" -ge 32 -a "$2" -eq 8388608
check "unmount (max_read=262144)" unmount "$mx" "$mx_pid"
mw=$work/m/nosysfs
cp "$work/vsf.log" "$work/vsf.log.before"
VSF_SYSFS_ROOT=$work/nosysfs mount_fg hs "$mw" "$sim_dev" -o read_ahead=512
check "no read_ahead_kb to write: the mount comes up all the same" \
	mountpoint -q "$mw"
nosys_pid=$vsf_pid
check "... with the kernel's read-ahead (got $(bdi_ra "$mw"))" \
	test "$(bdi_ra "$mw")" = 128
warned=$(diff "$work/vsf.log.before" "$work/vsf.log" | grep -c 'read_ahead=512: cannot set .*/nosysfs/class/bdi/.*/read_ahead_kb: .*; the kernel.s read-ahead stays')
check "... and one warning line says why (got $warned)" test "$warned" -eq 1
check "... and the mount message tells the kernel's 128 KiB" \
	grep -q "mounted on $mw (.*read_ahead=128 KiB" "$work/vsf.log"
echo data >"$share/after-warning"
check "... and it serves" sh -c "[ \"\$(cat '$mw/after-warning')\" = data ]"
check "unmount (no sysfs)" unmount "$mw" "$nosys_pid"

# --- the host dies during I/O ---------------------------------------------------
start_sim "$work/sim2" --share "kill=$share" ||
	not_ok "second simulator starts"
sim2_pid=$sim_pid
mk=$work/m/kill
check "mount on the second simulator" mount_fg kill "$mk" "$sim_dev" -o cache=none
kill_pid=$vsf_pid
"$TOOL" fill "$share/bigfile" 5 16777216
"$TOOL" ioloop "$mk/bigfile" >"$work/ioloop.out" 2>&1 &
io_pid=$!
vsf_remember_pid "$io_pid"
wait_for 5 grep -q started "$work/ioloop.out"
sleep 0.3
kill -9 "$sim2_pid"
check "I/O in flight fails within seconds" wait_for 10 pid_gone "$io_pid"
res=$(sed -n 2p "$work/ioloop.out")
check "the failing read reports EIO or ENOTCONN (got '$res')" \
	sh -c "case '$res' in EIO\ *|ENOTCONN\ *) exit 0;; esac; exit 1"
check "later operations fail at once instead of hanging" \
	sh -c "timeout 5 ls '$mk' >/dev/null 2>&1; rc=\$?; [ \$rc != 0 ] && [ \$rc != 124 ]"
check "stat fails with ENOTCONN" \
	sh -c "timeout 5 '$TOOL' errno ENOTCONN stat '$mk/dir/x'"
check "the dead mount unmounts and its daemon exits" unmount "$mk" "$kill_pid"
sim_dev=$dev1

# --- a normal user --------------------------------------------------------------
fuse_mode=$(stat -c %a /dev/fuse)
vsf_cleanup_extra="chmod $fuse_mode /dev/fuse"
chmod 0666 /dev/fuse
as_nobody() {
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups -- "$@"
}
mu=$work/m/user
mkdir -p "$mu"
chown nobody "$mu"
if as_nobody "$VSF" --version >/dev/null 2>&1; then
	vsf_mounts="$vsf_mounts $mu"
	cp "$work/vsf.log" "$work/vsf.log.before"
	as_nobody "$VSF" hs "$mu" -f --device="$sim_dev" >>"$work/vsf.log" 2>&1 &
	user_pid=$!
	vsf_remember_pid "$user_pid"
	# (root may not even stat another user's FUSE mount: ask /proc)
	check "a normal user mounts a share" \
		wait_for 10 grep -q " $mu fuse.vboxsf-fuse " /proc/mounts
	check "the mount belongs to that user" \
		sh -c "grep \" $mu \" /proc/mounts | grep -q \"user_id=$(id -u nobody)\""
	check "the user writes and reads a file" \
		as_nobody sh -c "echo 'from nobody' >'$mu/dir/userfile' && [ \"\$(cat '$mu/dir/userfile')\" = 'from nobody' ]"
	# (sysfs is root's: the default read-ahead stays unset, quietly)
	check "the user's mount logged no warning about the read-ahead it may not set" \
		sh -c "! diff '$work/vsf.log.before' '$work/vsf.log' | grep -q -e 'cannot set' -e 'read-ahead stays'"
	check "files show as the user's" \
		as_nobody sh -c "[ \$(stat -c %u '$mu/dir/userfile') = \$(id -u) ]"
	check "the data is on the host" \
		sh -c "[ \"\$(cat '$share/dir/userfile')\" = 'from nobody' ]"
	check "root is kept out of the user's mount (no allow_other)" \
		sh -c "! ls '$mu' >/dev/null 2>&1"
	check "the user unmounts" as_nobody fusermount3 -u "$mu"
	check "the user's daemon exits" wait_for 10 pid_gone "$user_pid"
else
	ok "# SKIP nobody cannot run $VSF (build directory not accessible)"
fi
chmod "$fuse_mode" /dev/fuse
vsf_cleanup_extra=

# --- mount.vboxsf-fuse, as mount(8) calls it for an fstab line ---------------------
mh=$work/m/fstab
mkdir -p "$mh"
printf 'hs %s vboxsf-fuse noauto,_netdev,x-systemd.automount,uid=4321,device=%s 0 0\n' \
	"$mh" "$sim_dev" >"$work/fstab"
read -r f_spec f_dir f_type f_opts _ <"$work/fstab"
export VBOXSF_FUSE="$VSF"
check "mount.vboxsf-fuse -f -v shows the command and mounts nothing" \
	sh -c "'$MOUNT_HELPER' '$f_spec' '$f_dir' -f -v -o '$f_opts' 2>'$work/e' && grep -q 'vboxsf-fuse hs $mh -o uid=4321,device=' '$work/e' && ! mountpoint -q '$mh'"
vsf_mounts="$vsf_mounts $mh"
check "mount.vboxsf-fuse mounts an fstab line and returns" \
	timeout 20 "$MOUNT_HELPER" "$f_spec" "$f_dir" -o "$f_opts"
check "the mount is there, with the fstab options applied" \
	sh -c "mountpoint -q '$mh' && [ \$(stat -c %u '$mh/dir') = 4321 ]"
helper_pid=$(pgrep -f "vboxsf-fuse hs $mh " | head -n 1)
[ -n "$helper_pid" ] && vsf_remember_pid "$helper_pid"
check "data written there reaches the host" \
	sh -c "echo fstab >'$mh/fromfstab' && [ \"\$(cat '$share/fromfstab')\" = fstab ]"
check "unmount ends the detached daemon" unmount "$mh" "$helper_pid"
check "an unknown option fails the mount" \
	sh -c "! timeout 20 '$MOUNT_HELPER' hs '$mh' -o 'device=$sim_dev,bogus_opt' 2>/dev/null && ! mountpoint -q '$mh'"
check "with -s (sloppy) an unknown option is dropped" \
	timeout 20 "$MOUNT_HELPER" hs "$mh" -s -o "device=$sim_dev,bogus_opt,iocharset=utf8,write_gather=500"
helper_pid=$(pgrep -f "vboxsf-fuse hs $mh " | head -n 1)
[ -n "$helper_pid" ] && vsf_remember_pid "$helper_pid"
check "... and the share is mounted" mountpoint -q "$mh"
check "... with vboxsf-fuse's own options kept (write_gather=500)" \
	sh -c "tr '\\0' ' ' </proc/$helper_pid/cmdline | grep -q 'write_gather=500' && ! tr '\\0' ' ' </proc/$helper_pid/cmdline | grep -q bogus_opt"
check "unmount" unmount "$mh" "$helper_pid"
if [ -x /sbin/mount.vboxsf-fuse ] || [ -x /usr/sbin/mount.vboxsf-fuse ]; then
	check "mount -T FSTAB DIR uses the installed helper" \
		timeout 20 mount -T "$work/fstab" "$mh"
	helper_pid=$(pgrep -f "vboxsf-fuse hs $mh " | head -n 1)
	[ -n "$helper_pid" ] && vsf_remember_pid "$helper_pid"
	check "unmount" unmount "$mh" "$helper_pid"
else
	ok "# SKIP mount -T: mount.vboxsf-fuse is not installed"
fi
vsf_finish
