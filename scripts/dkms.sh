#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make dkms-install` / `make dkms-remove`: e1k as a DKMS module, rebuilt by
# dkms for every kernel installed after it.  Both are idempotent: installing
# again rebuilds only when the sources changed, removing what is not there
# succeeds.
#
# Usage: scripts/dkms.sh install KVER | remove   (make passes uname -r or KVER=)
set -e

top=$(cd "$(dirname "$0")/.." && pwd)

log() { echo "dkms: $*" >&2; }
run() { echo "$*"; "$@"; }

command -v dkms >/dev/null || { log "dkms is not installed (apt-get install dkms)"; exit 1; }
# the version dkms will see is the one dkms.conf reads from e1k.h
ver=$(. "$top/dkms.conf" && echo "$PACKAGE_VERSION")
[ -n "$ver" ] || { log "no E1K_DRV_VERSION in drivers/net/ethernet/e1k/e1k.h"; exit 1; }
mv=e1k/$ver
src=/usr/src/e1k-$ver

# dkms runs make itself: our jobserver and command-line variables stay out,
# so the build is the one dkms autoinstall does at boot.
unset MAKEFLAGS MFLAGS MAKELEVEL

# dkms status: its stderr is readelf's noise about the headers' vmlinux
status() { dkms status "$mv" "$@" 2>/dev/null; }

do_install() {
	local kver=$1 changed range

	[ -n "$kver" ] || { log "no kernel version"; exit 1; }
	# dkms.conf's range, checked here to say so in one sentence rather
	# than have dkms build exit 77
	range=$(. "$top/dkms.conf" && echo "$BUILD_EXCLUSIVE_KERNEL")
	[[ $kver =~ $range ]] ||
		{ log "e1k is built and tested for kernels 6.1 to 6.12 (dkms.conf's BUILD_EXCLUSIVE_KERNEL), not $kver: pass KVER=<one of those>"; exit 1; }
	[ -d "/lib/modules/$kver/build" ] ||
		{ log "no headers for kernel $kver: install linux-headers-$kver, or pass KVER=<a kernel whose headers are installed>"; exit 1; }
	mkdir -p "$src"
	# What git ignores is a build product; a stale object must not reach
	# dkms's build.
	changed=$(rsync -a --delete -i --exclude-from="$top/.gitignore" \
		"$top/dkms.conf" "$top/drivers" "$top/include" "$src/")
	[ -n "$(status)" ] || run dkms add "$mv"
	if [ -n "$changed" ] || ! status -k "$kver" | grep -q ': installed$'; then
		# --force replaces an earlier build of this same version
		run dkms build --force "$mv" -k "$kver"
		run dkms install --force "$mv" -k "$kver"
	else
		echo "$mv: sources unchanged, already installed for $kver"
	fi
	status -k "$kver"
}

do_remove() {
	[ -z "$(status)" ] || run dkms remove "$mv" --all
	run rm -rf "$src"
}

case $1 in
install) do_install "$2" ;;
remove) do_remove ;;
*) echo "usage: $0 install KVER | remove" >&2; exit 2 ;;
esac
