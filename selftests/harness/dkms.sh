#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make dkms-install puts an e1k.ko built for the guest kernel where modprobe
# finds it, and make dkms-remove takes all of it away; each works twice.
# The install is safe on machines e1k was not made for: the module claims
# only QEMU's NICs (subsystem 1af4:1100; 8086:0000 on the 82574L), dkms
# builds it only for the kernels we build and test, a kernel outside them or without headers gets
# one sentence, and the default kernel is the running one.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/drivers/net/e1k/lib.sh"

ver=$(. "$top/dkms.conf" && echo "$PACKAGE_VERSION")
mv=e1k/$ver

# The guest kernel, which has headers here, named explicitly: make
# dkms-install's own default is the running kernel (uname -r).
kver=${KVER:-$(cat "$top/build/kver" 2>/dev/null)}

# dkms status: its stderr is readelf's noise about the headers' vmlinux
status() { dkms status "$mv" "$@" 2>/dev/null; }

require_dkms() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	require_cmd dkms rsync modinfo
	[ -n "$ver" ] || fail "dkms.conf gives no PACKAGE_VERSION"
}

mk() { # target [VAR=value...]: run it; its last line, or its tail if it fails
	local out
	out=$(make -s --no-print-directory -C "$top" "$@" 2>&1) ||
		{ echo "$out" | tail -20; fail "make $* failed"; }
	echo "$out" | tail -1
}

# The kernel range dkms.conf allows (dkms matches it as a bash regex)
test_dkms_conf_kernel_range() {
	local re k

	re=$(. "$top/dkms.conf" && echo "$BUILD_EXCLUSIVE_KERNEL")
	[ -n "$re" ] || fail "dkms.conf has no BUILD_EXCLUSIVE_KERNEL"
	info "BUILD_EXCLUSIVE_KERNEL=$re"
	[ -n "$kver" ] || fail "no guest kernel in build/kver (make deps)"
	for k in "$kver" $(cat "$top/build/kver-old" 2>/dev/null) 6.1.0-1-amd64 6.12.0; do
		[[ $k =~ $re ]] || fail "BUILD_EXCLUSIVE_KERNEL '$re' excludes $k, which we build and test"
	done
	for k in 6.13.0 6.13.1-amd64 6.18.44 6.120.0 6.0.0 5.10.0 5.10.0-30-amd64 7.1.0 16.1.0; do
		[[ ! $k =~ $re ]] || fail "BUILD_EXCLUSIVE_KERNEL '$re' lets in $k, which we do not"
	done
}

# Without KVER, make dkms-install targets the running kernel
test_dkms_install_defaults_to_running_kernel() {
	local cmd

	cmd=$(env -u KVER -u KERNELRELEASE make -s -n --no-print-directory -C "$top" dkms-install |
		grep 'dkms\.sh install') || fail "make -n dkms-install runs no scripts/dkms.sh install"
	info "$cmd"
	[ "${cmd##* }" = "$(uname -r)" ] || fail "make dkms-install targets '${cmd##* }', not $(uname -r)"
}

# A kernel outside the range, or without headers: one sentence, nothing installed
test_dkms_install_refuses_clearly() {
	local out

	require_dkms
	out=$(make -s --no-print-directory -C "$top" dkms-install KVER=6.13.0 2>&1) &&
		fail "make dkms-install KVER=6.13.0 succeeded: $out"
	info "$out"
	{ [ "$(grep -c '^dkms: ' <<< "$out")" = 1 ] && grep -q 'not 6\.13\.0' <<< "$out"; } ||
		fail "KVER=6.13.0: not one sentence naming it: $out"
	out=$(make -s --no-print-directory -C "$top" dkms-install KVER=6.12.0-e1k-noheaders 2>&1) &&
		fail "make dkms-install for a kernel without headers succeeded: $out"
	info "$out"
	{ [ "$(grep -c '^dkms: ' <<< "$out")" = 1 ] &&
		grep -q 'install linux-headers-6\.12\.0-e1k-noheaders' <<< "$out"; } ||
		fail "no headers: not one sentence naming the package: $out"
	! status | grep -q -e ', 6\.13\.0,' -e ', 6\.12\.0-e1k-noheaders,' ||
		fail "a refused install reached dkms: $(status)"
}

test_dkms_install() {
	local ko d aliases re

	require_dkms
	mk dkms-install KVER="$kver"
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
	# QEMU's four models, and only with QEMU's subsystems: a real 8254x
	# or 82574L, VirtualBox's or VMware's stays with the in-tree drivers
	aliases=$(modinfo -F alias "$ko")
	for d in 100E 100F 100C; do
		grep -qxF "pci:v00008086d0000${d}sv00001AF4sd00001100bc*sc*i*" <<< "$aliases" ||
			fail "no alias for 8086:$d with subsystem 1af4:1100 in: $aliases"
	done
	grep -qxF "pci:v00008086d000010D3sv00008086sd00000000bc*sc*i*" <<< "$aliases" ||
		fail "no alias for 8086:10d3 with subsystem 8086:0000 in: $aliases"
	[ "$(wc -l <<< "$aliases")" = 4 ] || fail "aliases beyond the four: $aliases"
	# dkms builds from the copy in /usr/src, so its range is what counts
	re=$(. "/usr/src/e1k-$ver/dkms.conf" && echo "$BUILD_EXCLUSIVE_KERNEL")
	{ [ -n "$re" ] && [[ $kver =~ $re ]]; } ||
		fail "/usr/src/e1k-$ver/dkms.conf: BUILD_EXCLUSIVE_KERNEL '$re' does not take $kver"
}

test_dkms_install_again() {
	require_dkms
	mk dkms-install KVER="$kver"
	status -k "$kver" | grep -q ': installed$' ||
		fail "dkms status after a second install: '$(status -k "$kver")'"
}

test_dkms_remove() {
	local left

	require_dkms
	mk dkms-remove
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

ktap_main test_dkms_conf_kernel_range test_dkms_install_defaults_to_running_kernel \
	test_dkms_install_refuses_clearly test_dkms_install test_dkms_install_again \
	test_dkms_remove test_dkms_remove_again
