#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest's base initramfs from host binaries and the guest kernel's
# modules.  The result is cached by kernel version and by a hash of this
# script and the guest init, so it is rebuilt only when one of them changes.
#
# Usage: qemu/initramfs.sh BUILD_DIR KVER   -> prints the path of the .cpio.gz
set -e

build=$1
kver=$2
here=$(cd "$(dirname "$0")" && pwd)
kroot=$build/kernel/$kver/root

# Host programs the guest needs, by path.  Missing optional ones are skipped
# with a note; tests that need them report a skip.
BINS="/bin/bash /usr/bin/env /usr/bin/timeout /usr/bin/stdbuf /usr/bin/base64
/sbin/ip /usr/sbin/ip /sbin/tc /usr/sbin/tc /sbin/bridge /usr/sbin/bridge
/usr/sbin/ethtool /sbin/ethtool /usr/bin/iperf3 /usr/bin/sockperf
/usr/bin/tcpdump /usr/sbin/tcpdump /bin/ping /usr/bin/ping /usr/bin/socat /usr/bin/jq
/usr/sbin/mausezahn /sbin/modprobe /sbin/insmod /sbin/rmmod /sbin/lsmod
/usr/bin/sha256sum /usr/bin/dd /usr/bin/seq /usr/bin/sort /usr/bin/python3.11
/usr/sbin/bpftool /usr/sbin/xdp-loader /usr/sbin/xdp-bench /usr/bin/stty /usr/bin/nproc
/usr/bin/perf /bin/sed /bin/grep /usr/bin/date /usr/bin/seq /usr/bin/readlink
/usr/bin/realpath /usr/bin/mktemp /usr/bin/stat /usr/bin/tr /usr/bin/wc /usr/bin/head
/usr/bin/tail /usr/bin/cut /usr/bin/od /usr/bin/basename /usr/bin/dirname /usr/bin/sleep
/usr/lib/x86_64-linux-gnu/libxdp.so.1"

# Modules for the in-tree comparison driver, the paravirtual comparison NIC
# and what the tests stack on top of e1k.
MODS="e1000 e1000e virtio_net virtio_pci 8021q veth bridge macvlan netconsole pktgen
tun sch_netem cls_bpf act_gact sch_ingress cls_flower cls_u32 act_mirred
ipv6 af_packet nf_conntrack dummy"

key=$( (cat "$0" "$here/guest/init"; echo "$kver") | sha256sum | cut -c1-16)
out=$build/initramfs-$kver-$key.cpio.gz
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi

echo "initramfs: building $out" >&2
stage=$(mktemp -d "$build/initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc,proc,sys,dev,tmp,run,var/run,root,mnt}

# busybox first, so that a real binary copied later replaces the applet
cp /bin/busybox "$stage/bin/busybox"
for a in $("$stage/bin/busybox" --list-full); do
	[ -e "$stage/$a" ] || ln -s /bin/busybox "$stage/$a"
done

copy_lib() {
	local f=$1
	[ -e "$stage$f" ] && return 0
	mkdir -p "$stage$(dirname "$f")"
	cp -L "$f" "$stage$f"
}

copy_bin() {
	local f=$1 lib
	rm -f "$stage$f"
	mkdir -p "$stage$(dirname "$f")"
	cp -L "$f" "$stage$f"
	for lib in $(ldd "$f" 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib/{print $1}'); do
		copy_lib "$lib"
	done
}

for b in $BINS; do
	if [ -e "$b" ]; then
		copy_bin "$b"
	else
		echo "initramfs: note: $b not on this host" >&2
	fi
done
ln -sf python3.11 "$stage/usr/bin/python3"
# /bin/sh is bash: busybox's sh runs its own applets (ip, ping, tc, ...)
# before PATH, which breaks every `sh -c` that means iproute2
ln -sf bash "$stage/bin/sh"
# usrmerge: make /bin/x and /usr/bin/x resolve alike
for d in bin sbin; do
	for f in "$stage/usr/$d"/*; do
		n=$(basename "$f")
		[ -e "$stage/$d/$n" ] && [ ! -L "$stage/$d/$n" ] && continue
		ln -sf "/usr/$d/$n" "$stage/$d/$n"
	done
done

# A trimmed python stdlib and PyYAML, for the kernel's own driver tests.
if [ -d /usr/lib/python3.11 ]; then
	mkdir -p "$stage/usr/lib/python3.11" "$stage/usr/lib/python3/dist-packages"
	(cd /usr/lib/python3.11 && tar -cf - --exclude=test --exclude=idlelib \
		--exclude=tkinter --exclude=ensurepip --exclude=lib2to3 --exclude=distutils \
		--exclude=unittest --exclude='config-*' --exclude=__pycache__ \
		--exclude=pydoc_data --exclude=turtledemo --exclude=site-packages \
		--exclude=dist-packages . ) | tar -xf - -C "$stage/usr/lib/python3.11"
	for so in "$stage"/usr/lib/python3.11/lib-dynload/*.so; do
		for lib in $(ldd "$so" 2>/dev/null | awk '/=> \//{print $3}'); do
			copy_lib "$lib"
		done
	done
	[ -d /usr/lib/python3/dist-packages/yaml ] &&
		cp -r /usr/lib/python3/dist-packages/yaml "$stage/usr/lib/python3/dist-packages/"
fi

# tcpdump drops privileges to this user; iperf3 and friends want these files
cat > "$stage/etc/passwd" <<PW
root:x:0:0:root:/root:/bin/bash
tcpdump:x:104:107::/nonexistent:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
printf 'root:x:0:\ntcpdump:x:107:\nnogroup:x:65534:\n' > "$stage/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$stage/etc/hosts"
printf 'hosts: files\n' > "$stage/etc/nsswitch.conf"
printf 'tcp 6 TCP\nudp 17 UDP\nicmp 1 ICMP\nipv6-icmp 58 IPv6-ICMP\n' > "$stage/etc/protocols"
[ -e /etc/services ] && cp /etc/services "$stage/etc/services"
for f in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libresolv.so.2; do
	[ -e "$f" ] && copy_lib "$f"
done
[ -d /usr/share/iproute2 ] && mkdir -p "$stage/usr/share" && cp -r /usr/share/iproute2 "$stage/usr/share/"
[ -d /usr/lib/x86_64-linux-gnu/bpf ] && mkdir -p "$stage/usr/lib/x86_64-linux-gnu" &&
	cp -r /usr/lib/x86_64-linux-gnu/bpf "$stage/usr/lib/x86_64-linux-gnu/"

# Kernel modules, decompressed, with their dependencies and a fresh modules.dep
mdir=$stage/lib/modules/$kver
mkdir -p "$mdir"
for m in $MODS; do
	modprobe -S "$kver" -d "$kroot" --show-depends "$m" 2>/dev/null |
		awk '$1 == "insmod" {print $2}'
done | sort -u | while read -r ko; do
	rel=${ko#"$kroot"/lib/modules/"$kver"/}
	dst=$mdir/${rel%.xz}
	mkdir -p "$(dirname "$dst")"
	case "$ko" in
	*.xz) xz -dc "$ko" > "$dst" ;;
	*) cp "$ko" "$dst" ;;
	esac
done
cp "$kroot/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} "$mdir/" 2>/dev/null || true
depmod -b "$stage" "$kver"

cp "$here/guest/init" "$stage/init"
chmod +x "$stage/init"

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
for f in "$build"/initramfs-"$kver"-*.cpio.gz; do
	[ "$f" = "$out" ] || rm -f "$f"
done
echo "initramfs: $(du -h "$out" | cut -f1) $out" >&2
echo "$out"
