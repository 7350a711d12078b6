#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every installed systemd unit passes `systemd-analyze verify` without a
# single message (system units as such, user units with --user), with the
# programs it runs and the man pages its Documentation= names looked up in
# the installed tree: each Exec*= path below bindir or sbindir is rebased
# into DESTDIR on a copy, and MANPATH is the installed mandir.  Then the
# system units' `systemd-analyze security --offline=true` exposure, printed
# for every unit and held below a ceiling: the regression guard of the
# hardening.  vbox-automount cannot have a mount namespace of its own (its
# FUSE mounts must reach the host's), so it has its own, higher ceiling.
set -u
. "${OVT_TOP_SRCDIR:-.}/tests/package/lib.sh"

if ! command -v systemd-analyze >/dev/null || ! command -v man >/dev/null; then
	echo "1..0 # SKIP needs systemd-analyze and man"
	exit 0
fi
automount_ceiling=4.0
ceiling=2.5

export MANPATH=$D$mandir
export XDG_RUNTIME_DIR=$work/xdg
mkdir -m 0700 "$XDG_RUNTIME_DIR"
mkdir "$work/system" "$work/user"

rebase() { # unit-file out-file
	sed -E "/^Exec[A-Za-z]*=/ { s#([=@+!:-])($bindir|$sbindir)/#\\1$D\\2/#g }" "$1" >"$2"
}

while read -r dir name built; do
	case $dir in
	systemdsystemunitdir) kind=system user= ;;
	systemduserunitdir) kind=user user=--user ;;
	*) continue ;;
	esac
	copy=$work/$kind/$name
	rebase "$(installed "$dir" "$name")" "$copy"
	# shellcheck disable=SC2086 # $user is one word or none
	out=$(systemd-analyze $user verify "$copy" 2>&1)
	st=$?
	[ -z "$out" ] || sed 's/^/# /' <<<"$out"
	ok "$([ "$st" -eq 0 ] && [ -z "$out" ]; echo $?)" "systemd-analyze${user:+ $user} verify $name: status $st, no message"
	[ "$kind" = system ] || continue
	level=$(systemd-analyze security --offline=true "$copy" 2>/dev/null |
		sed -nE 's/.*Overall exposure level for [^:]*: ([0-9]+\.[0-9]+).*/\1/p')
	max=$ceiling
	[ "$name" = vbox-automount.service ] && max=$automount_ceiling
	echo "# $name: exposure ${level:-?} (systemd-analyze security --offline=true)"
	ok "$([ -n "$level" ] && awk -v l="$level" -v m="$max" 'BEGIN { exit !(l <= m) }'; echo $?)" \
		"$name: exposure ${level:-?} <= $max"
done < <(manifest_lines)

# The programs keep their state where the units' RuntimeDirectory= makes it.
ok "$([ "$runstatedir" = /run ]; echo $?)" "the programs' run-state directory is systemd's /run ($runstatedir)"

echo "1..$n"
[ "$failed" -eq 0 ]
