#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compile the XDP test programs with the host's clang into OUT_DIR, one
# object per action (udp_pass.o, udp_drop.o, udp_aborted.o, udp_tx.o), and
# the AF_XDP echo xsk_echo against the host's libxdp: the Makefile's
# TEST_GEN_FILES, built by its `all` with OUTPUT=OUT_DIR.  Run by
# selftests/run.sh and bench/run.sh before the VMs boot; OUT_DIR goes into
# the guest as /payload/xdp-progs, where xdp.sh looks.  Silent unless it fails.
#
# Usage: xdp/build.sh OUT_DIR
set -e
[ $# -eq 1 ] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
# free of the settings of a make that runs us (make check, make bench)
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	make -s --no-print-directory -C "$here/.." OUTPUT="$out" all >/dev/null
