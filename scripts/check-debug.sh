#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check-debug`: the e1k suites on the debug kernel (qemu/debug.config:
# KASAN, kmemleak, lockdep, DMA-API debug, debug objects, UBSAN, fault
# injection), with a kmemleak scan after every test file and the
# fault-injection tests.  Any report fails the test file it came from.
#
#   E1K_DEBUG_CACHED=1   run only if the debug kernel is already cached
#                        (exit 0 with a note otherwise); .ci/run uses this
#   E1K_DEBUG_QUICK=1    only KUnit and the lifecycle files, where leaks and
#                        DMA-API misuse show (kunit fault misbehave rings
#                        reload hotplug on e1000/host, and fault on
#                        e1000e/host for the MSI-X vectors); .ci/run too
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build

"$top/qemu/deps.sh" "$build" >/dev/null
if [ -n "$E1K_DEBUG_CACHED" ]; then
	if ! rel=$("$top/qemu/debug-kernel.sh" "$build" --cached); then
		echo "# check-debug: no cached debug kernel; 'make check-debug' builds it (~20 min)"
		exit 0
	fi
else
	rel=$("$top/qemu/debug-kernel.sh" "$build")
fi

# e1k for the debug kernel, built in a copy so the tree's e1k.ko (for the
# stock kernel) is untouched
mod=$build/debug-module
rm -rf "$mod"
mkdir -p "$mod/drivers/net/ethernet"
cp -r "$top/drivers/net/ethernet/e1k" "$mod/drivers/net/ethernet/"
cp -r "$top/include" "$mod/"
find "$mod" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
# warnings fail the build here as in `make`; only DKMS builds tolerate them
make -s -C "$build/kernel/$rel/root/lib/modules/$rel/build" \
	M="$mod/drivers/net/ethernet/e1k" KCFLAGS=-Werror modules

# The debug guest is about five times slower: fewer rounds of the long
# loops, longer timeouts.  acpi=noirq: on the pc machine the debug kernel's
# ACPI interrupt routing (_PRT) times out and the NIC gets no interrupt; not
# on q35, which has no such trouble and whose hot-unplug needs ACPI's
# interrupt (with acpi=noirq device_del never completed there).
# no5lvl: with -cpu max, TCG offers LA57, and 3 of 8 debug boots with
# 5-level paging died in arch_cpu_finalize_init with a KASAN wild-memory
# access on a direct-map address (ff11...), before any module was loaded.
export KVER=$rel
export E1K_KO=$mod/drivers/net/ethernet/e1k/e1k.ko
export E1K_CMDLINE="no5lvl kasan_multi_shot"
export E1K_CMDLINE_PC="acpi=noirq"
export E1K_KMEMLEAK=1
export E1K_TEST_TIMEOUT=1800
# The guest runs about five times slower here: latency bounds (carrier
# within 2 s of a flap, a TX-hang reset within 10 s; lib.sh's budget()) are
# scaled, since this run is about sanitizer reports.  One 2113 ms carrier-on
# failed the 2 s flap bound in a full run on 1 Dec.
export E1K_TIME_SCALE=${E1K_TIME_SCALE:-5}
export VM_TIMEOUT=5400
export SMP=${SMP:-2} MEM=${MEM:-2048}
DBG="E1K_XFER_MIB=16 E1K_RELOADS=3 E1K_HOTPLUG_CYCLES=3 E1K_FLAPS=10"
export E1K_SUITES=${E1K_SUITES:-"
e1000/host|e1000|host|kunit fault link ping transfer hostile misbehave tso reload ethtool features rings txhang netconsole suspend hotplug flap|$DBG
e1000/loop|e1000|loop|loop vlan rxmode mtu xdp|$DBG
e1000e/host|e1000e|host|fault link ping transfer hostile misbehave tso rxhash reload ethtool rings txhang netconsole suspend hotplug|$DBG
"}
if [ -n "$E1K_DEBUG_QUICK" ]; then
	E1K_SUITES="e1000/host|e1000|host|kunit fault misbehave rings reload hotplug|$DBG E1K_FAULT_QUICK=1
e1000e/host|e1000e|host|fault|$DBG E1K_FAULT_QUICK=1"
	SUITE="e1000/host e1000e/host"
fi
export SUITE=${SUITE:-"e1000/host e1000/loop e1000e/host"}
exec "$top/selftests/run.sh"
