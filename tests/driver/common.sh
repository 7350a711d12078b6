# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helpers shared by the real-kernel driver tests (sourced, not run).
# They target a Debian 12 machine as root and install what is missing.

OVT_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OVT_CACHE=${OVT_CACHE:-/var/cache/open-vbox-tools}
export DEBIAN_FRONTEND=noninteractive

# Print a step with the seconds since the script started.
ovt_say() {
	printf '[%5.1fs] %s\n' "$(ovt_elapsed)" "$*"
}

ovt_elapsed() {
	local now
	now=$(date +%s.%N)
	awk -v a="$OVT_T0" -v b="$now" 'BEGIN { printf "%.1f", b - a }'
}
OVT_T0=$(date +%s.%N)

# The verdict: the last line of every test.
ovt_pass() {
	echo "PASS: $*"
	exit 0
}

ovt_fail() {
	echo "FAIL: $*"
	exit 1
}

# True when every named Debian package is installed.
ovt_have_packages() {
	local pkg status
	for pkg in "$@"; do
		status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) || return 1
		[ "$status" = "install ok installed" ] || return 1
	done
}

# Install the named packages if any is missing; refresh the package lists
# and retry once if the first attempt fails.  Extra apt-get options may come
# first (e.g. --no-install-recommends).
ovt_apt_install() {
	local opts=() pkgs=()
	local arg
	for arg in "$@"; do
		case $arg in
		-*) opts+=("$arg") ;;
		*) pkgs+=("$arg") ;;
		esac
	done
	ovt_have_packages "${pkgs[@]}" && return 0
	[ "$(id -u)" = 0 ] || ovt_fail "missing packages ${pkgs[*]} and not root to install them"
	ovt_say "installing ${pkgs[*]}"
	if ! apt-get install -y -q "${opts[@]}" "${pkgs[@]}" >/dev/null 2>&1; then
		apt-get update -q >/dev/null 2>&1 ||
			ovt_fail "apt-get update failed"
		apt-get install -y -q "${opts[@]}" "${pkgs[@]}" >/dev/null ||
			ovt_fail "apt-get install ${pkgs[*]} failed"
	fi
}

# Set KVER to the Debian 6.1 kernel release to build for: $OVT_KVER if set,
# else the newest /lib/modules/6.1.*-amd64 with a build tree, installing
# linux-headers-amd64 first when there is none.  Never the running kernel.
ovt_pick_kver() {
	if [ -n "${OVT_KVER:-}" ]; then
		[ -d "/lib/modules/$OVT_KVER/build/" ] ||
			ovt_apt_install "linux-headers-$OVT_KVER"
		KVER=$OVT_KVER
		return
	fi
	KVER=$(ovt_newest_61_kver)
	if [ -z "$KVER" ]; then
		ovt_apt_install linux-headers-amd64
		KVER=$(ovt_newest_61_kver)
	fi
	[ -n "$KVER" ] || ovt_fail "no 6.1 kernel build tree under /lib/modules"
}

ovt_newest_61_kver() {
	local d
	for d in /lib/modules/6.1.*-amd64/build; do
		[ -d "$d/" ] && basename "$(dirname "$d")"
	done | sort -V | tail -n 1
}
