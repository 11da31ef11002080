#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (once per machine) the debug guest kernel for `make check-debug`:
# Debian's linux-source-6.12 with KASAN, kmemleak, lockdep, DMA-API debug,
# debug objects, UBSAN and fault injection (qemu/debug.config).  About 20
# minutes on 2 cores, so it is cached outside the clone, keyed by the source
# package's version, the config fragment and the compiler:
#   $E1K_CACHE/debug-kernel/<key>/{src,root}   (E1K_CACHE=/var/cache/e1k)
# and linked into BUILD_DIR/kernel/<release> like the stock guest kernel.
#
# Usage: qemu/debug-kernel.sh BUILD_DIR [--cached]  -> prints the release
#   --cached: only look; exit 1 when no kernel is cached
set -e

build=$1
here=$(cd "$(dirname "$0")" && pwd)
cache=${E1K_CACHE:-/var/cache/e1k}/debug-kernel
LOCALVERSION=-e1k-debug

log() { echo "debug-kernel: $*" >&2; }

tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)
[ -n "$tarball" ] || { log "no linux-source-6.12 tarball: run 'make deps'"; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$( (echo "$srcver"; cat "$here/debug.config"; gcc --version | head -n1) |
       sha256sum | cut -c1-16)
dir=$cache/$key

link() {
	local rel
	rel=$(cat "$dir/release")
	mkdir -p "$build/kernel"
	ln -sfn "$dir" "$build/kernel/$rel"
	echo "$rel"
}

if [ -f "$dir/.done" ]; then
	link
	exit 0
fi
[ "$2" = --cached ] && exit 1

log "building $srcver into $dir (about 20 minutes on 2 cores)"
rm -rf "$dir"
mkdir -p "$dir/src"
trap 'rm -rf "$dir"' EXIT
tar -xf "$tarball" -C "$dir/src" --strip-components=1
cd "$dir/src"
make -s x86_64_defconfig >&2
make -s kvm_guest.config >&2
grep -v '^#' "$here/debug.config" | xargs scripts/config --file .config
make -s olddefconfig >&2
# olddefconfig drops what a dependency refuses; say so rather than build a
# kernel without a checker we rely on
for opt in KASAN DEBUG_KMEMLEAK PROVE_LOCKING DMA_API_DEBUG DEBUG_OBJECTS UBSAN \
	   FAILSLAB FAIL_PAGE_ALLOC DEBUG_INFO_BTF BPF_EVENTS PAGE_POOL KUNIT; do
	grep -q "^CONFIG_$opt=y" .config || { log "CONFIG_$opt did not stick"; exit 1; }
done
grep -q '^CONFIG_E1000=m' .config || { log "CONFIG_E1000 is not a module"; exit 1; }
/usr/bin/time -f "debug-kernel: built in %e s" \
	make -s -j"$(nproc)" LOCALVERSION=$LOCALVERSION bzImage modules >&2
rel=$(make -s LOCALVERSION=$LOCALVERSION kernelrelease)
make -s LOCALVERSION=$LOCALVERSION INSTALL_MOD_PATH="$dir/root" INSTALL_MOD_STRIP=1 \
	modules_install >&2
mkdir -p "$dir/root/boot"
cp arch/x86/boot/bzImage "$dir/root/boot/vmlinuz-$rel"
# modules_install links build/ to this tree: out-of-tree modules build here
echo "$rel" > "$dir/release"
touch "$dir/.done"
trap - EXIT
link
