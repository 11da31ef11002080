#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make dkms-install puts an e1k.ko built for the guest kernel where modprobe
# finds it, and make dkms-remove takes all of it away; each works twice.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/drivers/net/e1k/lib.sh"

ver=$(. "$top/dkms.conf" && echo "$PACKAGE_VERSION")
mv=e1k/$ver

# the kernel make dkms-install picks: KERNELRELEASE, KVER, else the guest's
target_kver() { echo "${KERNELRELEASE:-${KVER:-$(cat "$top/build/kver")}}"; }

# dkms status: its stderr is readelf's noise about the headers' vmlinux
status() { dkms status "$mv" "$@" 2>/dev/null; }

require_dkms() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	require_cmd dkms rsync modinfo
	[ -n "$ver" ] || fail "dkms.conf gives no PACKAGE_VERSION"
}

mk() { # target: run it; its last line, or its tail if it fails
	local out
	out=$(make -s --no-print-directory -C "$top" "$1" 2>&1) ||
		{ echo "$out" | tail -20; fail "make $1 failed"; }
	echo "$out" | tail -1
}

test_dkms_install() {
	local kver ko d aliases

	require_dkms
	mk dkms-install
	kver=$(target_kver)
	status -k "$kver" | grep -q ': installed$' ||
		fail "dkms status: '$(status -k "$kver")', not installed for $kver"
	# through modules.dep, as modprobe will look it up
	ko=$(modinfo -k "$kver" -n e1k 2>/dev/null) || fail "modinfo -k $kver finds no e1k"
	case $ko in
	/lib/modules/"$kver"/updates/*) info "$ko" ;;
	*) fail "e1k for $kver is $ko, not dkms's" ;;
	esac
	[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$kver" ] ||
		fail "vermagic '$(modinfo -F vermagic "$ko")' is not for $kver"
	[ "$(modinfo -F license "$ko")" = GPL ] || fail "license '$(modinfo -F license "$ko")'"
	[ -n "$(modinfo -F description "$ko")" ] || fail "no description"
	[ "$(modinfo -F version "$ko")" = "$ver" ] ||
		fail "MODULE_VERSION '$(modinfo -F version "$ko")' is not dkms.conf's $ver"
	aliases=$(modinfo -F alias "$ko")
	for d in 100E 100F 100C; do
		grep -qxF "pci:v00008086d0000${d}sv*sd*bc*sc*i*" <<< "$aliases" ||
			fail "no alias for 8086:$d in: $aliases"
	done
}

test_dkms_install_again() {
	local kver

	require_dkms
	mk dkms-install
	kver=$(target_kver)
	status -k "$kver" | grep -q ': installed$' ||
		fail "dkms status after a second install: '$(status -k "$kver")'"
}

test_dkms_remove() {
	local kver left

	require_dkms
	mk dkms-remove
	kver=$(target_kver)
	[ -z "$(status)" ] || fail "still in dkms: $(status)"
	[ ! -e "/usr/src/e1k-$ver" ] || fail "/usr/src/e1k-$ver is still there"
	left=$(find "/lib/modules/$kver/updates" -name 'e1k.ko*' 2>/dev/null)
	[ -z "$left" ] || fail "left behind: $left"
	! modinfo -k "$kver" -n e1k >/dev/null 2>&1 || fail "modules.dep still has e1k"
}

test_dkms_remove_again() {
	require_dkms
	mk dkms-remove
}

# Leave DKMS as found: an e1k someone installed goes back in afterwards.  The
# marker tells such an e1k from the leftovers of a run killed before its trap.
mark=$top/build/dkms-selftest
restore=
cleanup() {
	local k

	make -s --no-print-directory -C "$top" dkms-remove >/dev/null 2>&1
	for k in $restore; do
		echo "# putting back $mv for $k"
		make -s --no-print-directory -C "$top" dkms-install KVER="$k" >/dev/null 2>&1 ||
			echo "# could not put back $mv for $k"
	done
	rm -f "$mark"
}
if [ "$(id -u)" = 0 ] && command -v dkms >/dev/null; then
	[ -e "$mark" ] ||
		restore=$(status | sed -n 's/^[^,]*, \([^,]*\), [^:]*: installed.*/\1/p')
	mkdir -p "$top/build" && touch "$mark"
	trap cleanup EXIT
	trap 'exit 130' INT TERM HUP
fi

ktap_main test_dkms_install test_dkms_install_again test_dkms_remove test_dkms_remove_again
