#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vbox-hostsim's shared folders from the host side, end to end (TAP):
# --share on the command line and `ctl share add|remove|list`.  Every
# simulator this script starts is remembered by PID and killed by PID on
# exit, whatever happened.
set -u

. "$(dirname "$0")/../common/hostsim-tap.sh" hostsim-shares

# Stop by PID with SIGTERM; its exit status, or 124 after 5 s.
stop_sim() { # pid
	local i
	kill -TERM "$1" 2>/dev/null
	for i in $(seq 100); do
		kill -0 "$1" 2>/dev/null || { wait "$1"; return $?; }
		sleep 0.05
	done
	return 124
}

ctl() { # dir args...
	local dir=$1
	shift
	"$sim_bin" ctl --dir "$dir" "$@"
}

one_line_error() { # expected-status command...
	local want=$1 st lines
	shift
	"$@" >"$work/stdout" 2>"$work/stderr"
	st=$?
	lines=$(wc -l <"$work/stderr")
	[ "$st" -eq "$want" ] && [ "$lines" -eq 1 ] && [ ! -s "$work/stdout" ] ||
		{ echo "# status $st, $lines stderr lines: $(head -c 300 "$work/stderr")"; return 1; }
}

share="$work/share dir"
ro="$work/ro"
mkdir "$share" "$ro"
ln -s "$share" "$work/link"

# ---- bad --share values ------------------------------------------------------
mkdir "$work/bad"
for v in noequals "=$ro" "a/b=$ro" "a:b=$ro" "x=$work/missing" "x=$ro,bogus" \
	 "x=$ro,ro,mountpoint=a,mountpoint=b"; do
	one_line_error 2 "$sim_bin" --dir "$work/bad" --share "$v"
	ok $? "--share '$v' is refused with exit 2 and one line"
done
one_line_error 2 "$sim_bin" --dir "$work/bad" --share "a=$ro" --share "A=$share"
ok $? "two shares whose names differ only in case are refused"
[ -z "$(ls -A "$work/bad")" ]
ok $? "a refused start leaves no files behind"

# ---- shares from the command line --------------------------------------------
d="$work/sim"
mkdir "$d"
start_sim "$d" --share "sf=$work/link,auto,mountpoint=/mnt/sf" --share "ro=$ro,ro"
ok $? "the simulator starts with two --share options"
list=$(ctl "$d" share list)
ok $? "ctl share list succeeds"
[ "$(echo "$list" | wc -l)" -eq 2 ]
ok $? "... and lists two shares"
echo "$list" | grep -qx "share.0: name=sf flags=rw,auto maps=0 handles=0 state=active version=1 mountpoint=/mnt/sf path=$(echo "$share" | sed 's/ /%20/g')"
ok $? "share 0: the canonical path (symlink resolved), rw, auto, its mount point"
echo "$list" | grep -qx "share.1: name=ro flags=ro maps=0 handles=0 state=active version=1 mountpoint=% path=$ro"
ok $? "share 1: read-only, no mount point"

# ---- ctl share add / remove --------------------------------------------------
[ "$(ctl "$d" share add "two words" "$share" symlinks mountpoint=/media/x)" = "root: 2" ]
ok $? "ctl share add with a blank in the name answers its root ID"
ctl "$d" share list | grep -qx "share.2: name=two%20words flags=rw,symlinks maps=0 handles=0 state=active version=1 mountpoint=/media/x path=.*"
ok $? "... and lists it with its flags"
ctl "$d" share add SF "$ro" 2>"$work/err"
[ $? -eq 1 ] && grep -q "exists" "$work/err"
ok $? "a duplicate name (any case) is refused with exit 1"
ctl "$d" share add x "$work/missing" 2>"$work/err"
[ $? -eq 1 ] && grep -q "not a directory" "$work/err"
ok $? "a missing directory is refused"
ctl "$d" share add x "$ro" bogus 2>/dev/null
ok $(($? != 1)) "an unknown option is refused"
ctl "$d" share add "x/y" "$ro" 2>/dev/null
ok $(($? != 1)) "a name with '/' is refused"
ctl "$d" share frob 2>/dev/null
ok $(($? != 1)) "an unknown share subcommand is refused"
[ "$(ctl "$d" share remove RO)" = "state: removed" ]
ok $? "ctl share remove (case-insensitive) removes an unmapped share"
! ctl "$d" share list | grep -q "name=ro "
ok $? "... and it is gone from the list"
ctl "$d" share remove ro 2>/dev/null
ok $(($? != 1)) "removing it again is refused"
[ "$(ctl "$d" share add again "$ro" ro)" = "root: 1" ]
ok $? "a new share takes the lowest free root ID"
ctl "$d" share list | grep -q "^share.1: name=again flags=ro maps=0 handles=0 state=active version=2 "
ok $? "... with the root ID's version bumped"
ctl "$d" hgcm-stats | grep -q '^svc.VBoxSharedFolders: clients=0 '
ok $? "ctl hgcm-stats lists VBoxSharedFolders"
ctl "$d" help | grep -q '^share add NAME PATH'
ok $? "ctl help shows the share command"

stop_sim "$sim_pid"
ok $? "SIGTERM stops the simulator with exit 0"
[ ! -s "$d.out" ]
ok $? "nothing on stdout"

echo "1..$n"
exit $((failed != 0))
