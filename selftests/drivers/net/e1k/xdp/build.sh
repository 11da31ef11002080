#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compile the XDP test programs with the host's clang into OUT_DIR, one
# object per action.  Run by selftests/run.sh before the VMs boot.
#
# Usage: xdp/build.sh OUT_DIR
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"
for act in PASS DROP ABORTED TX; do
	clang -O2 -g -Wall -Werror -target bpf -D__TARGET_ARCH_x86 \
		-I/usr/include/x86_64-linux-gnu -DE1K_ACTION=XDP_$act \
		-c "$here/xdp_udp.bpf.c" -o "$out/udp_$(echo $act | tr A-Z a-z).o"
done
# the AF_XDP test program runs in the guest, against the host's libxdp
gcc -O2 -Wall -Werror -o "$out/xsk_echo" "$here/xsk_echo.c" -lxdp -lbpf
