#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install everything the build, the harness and the tests need, then fetch the
# newest Debian 6.12 guest kernel into the build cache.  Idempotent: when all
# is present it only resolves the kernel version and returns.
#
# Usage: qemu/deps.sh [BUILD_DIR]   (KVER=<version> pins a kernel)
set -e

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
mkdir -p "$build"

PKGS="qemu-system-x86 qemu-utils busybox-static iproute2 iperf3 ethtool sockperf
tcpdump kmod cpio xz-utils zstd make gcc bc flex bison libelf-dev dwarves
python3 python3-yaml socat jq netsniff-ng iputils-ping bash coreutils
procps file sparse gnuplot-nox dkms linux-source-6.12 clang llvm bpftool rsync
xdp-tools libxdp1 libbpf1 libbpf-dev libxdp-dev perl"

log() { echo "deps: $*" >&2; }

need_root() {
	if [ "$(id -u)" != 0 ]; then
		log "must run as root to apt-get install: $*"
		exit 1
	fi
}

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return
	need_root update
	log "apt-get update"
	apt-get update -qq >&2
	apt_updated=1
}

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	apt_update
	log "installing:$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$missing >&2
fi

# Resolve the guest kernel: KVER if given, else the newest image in the
# package lists.  A cached choice is reused only when KVER is unset and the
# cache still matches, so a fresh machine always picks the newest.
if [ -z "$KVER" ]; then
	KVER=$(apt-cache pkgnames linux-image-6.12 |
	       sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb[0-9]*-amd64\)$/\1/p' |
	       sort -V | tail -n1)
	if [ -z "$KVER" ]; then
		apt_update
		KVER=$(apt-cache pkgnames linux-image-6.12 |
		       sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb[0-9]*-amd64\)$/\1/p' |
		       sort -V | tail -n1)
	fi
	[ -n "$KVER" ] || { log "no linux-image-6.12.*-amd64 in the package lists"; exit 1; }
fi

# A KVER no package provides gets one sentence, not apt-get's "Unable to
# locate package" (KVER may also name a guest kernel already cached).
has_image() { apt-cache pkgnames "linux-image-$KVER" | grep -qx "linux-image-$KVER"; }
if [ ! -f "$build/kernel/$KVER/.done" ] && ! has_image; then
	[ "$(id -u)" = 0 ] && apt_update
	if ! has_image; then
		log "KVER=$KVER: no package linux-image-$KVER; the guest kernels available:" \
		    "$(apt-cache pkgnames linux-image-6.12 |
		       sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb[0-9]*-amd64\)$/\1/p' | sort -V | paste -sd ' ')"
		exit 1
	fi
fi

if ! dpkg-query -W -f='${Status}' "linux-headers-$KVER" 2>/dev/null |
     grep -q 'install ok installed'; then
	apt_update
	log "installing linux-headers-$KVER"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"linux-headers-$KVER" >&2
fi

# The guest kernel lives in the build cache, never as the host's kernel.
kdir=$build/kernel/$KVER
if [ ! -f "$kdir/.done" ]; then
	rm -rf "$kdir"
	mkdir -p "$kdir/dl"
	log "fetching linux-image-$KVER into $kdir"
	(cd "$kdir/dl" && apt-get download -qq "linux-image-$KVER-unsigned" >&2 ||
	 apt-get download -qq "linux-image-$KVER" >&2)
	dpkg-deb -x "$kdir"/dl/*.deb "$kdir/root"
	rm -rf "$kdir/dl"
	depmod -b "$kdir/root" "$KVER"
	touch "$kdir/.done"
fi

# linux-source gives checkpatch, sparse-friendly headers and the upstream
# selftests; unpack it once into the cache.
src=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)
if [ -n "$src" ] && [ ! -f "$build/linux-source/.done" ]; then
	log "unpacking $src"
	rm -rf "$build/linux-source"
	mkdir -p "$build/linux-source"
	tar -xf "$src" -C "$build/linux-source" --strip-components=1
	touch "$build/linux-source/.done"
fi

# The oldest kernel e1k builds against (make lint): Debian 12's own 6.1,
# the newest ABI in the package lists.
kver_old=$(apt-cache pkgnames linux-headers-6.1.0- |
	   sed -n 's/^linux-headers-\(6\.1\.0-[0-9]*-amd64\)$/\1/p' | sort -V | tail -n1)
if [ -n "$kver_old" ] && [ ! -d "/usr/src/linux-headers-$kver_old" ]; then
	need_root "linux-headers-$kver_old"
	log "installing linux-headers-$kver_old"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"linux-headers-$kver_old" >&2
fi
echo "$kver_old" > "$build/kver-old"

echo "$KVER" > "$build/kver"
log "guest kernel $KVER"
echo "$KVER"
