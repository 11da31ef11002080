#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make profile`: where the time goes, e1k vs the in-tree drivers, host
# topology.  One boot per driver runs bench/profile-guest.sh: guest perf
# (cpu-clock) per workload, QEMU's per-thread CPU time, and, from QEMU's
# trace events, MMIO accesses per register and interrupt raises per packet.
# Results: results/profile-<UTC timestamp>/ with the console logs and
# profile.md; results/profile-latest points at the newest.
#
# Knobs: PROFILE_DRIVERS="e1k e1000"; also e1k-82574l and e1000e (NIC=e1000e
#        on q35, e1k and the in-tree driver) and virtio (virtio-net's
#        notifications alongside)     BENCH_T=4 (seconds per workload)
#        E1K_PROFILE_WORKLOADS="tcp_tx tcp_rx udp_rx pktgen pingpong"
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
BENCH_T=${BENCH_T:-4}
PROFILE_DRIVERS=${PROFILE_DRIVERS:-e1k e1000}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=$top/results/profile-$stamp
mkdir -p "$out"
ln -sfn "profile-$stamp" "$top/results/profile-latest"
start=$SECONDS
{
	echo "stamp=$stamp"
	echo "qemu=$(qemu-system-x86_64 --version | head -n1)"
	echo "guest_kernel=$(cat "$top/build/kver" 2>/dev/null)"
	echo "accel=${ACCEL:-tcg} smp=${SMP:-2}"
	echo "git=$(git -C "$top" describe --always --dirty 2>/dev/null)"
	echo "bench_t=$BENCH_T"
} > "$out/meta.txt"

for d in $PROFILE_DRIVERS; do
	case $d in
	e1k | e1000) nic=e1000 drv=$d ;;
	e1k-82574l) nic=e1000e drv=e1k ;;
	e1000e) nic=e1000e drv=e1000e ;;
	virtio) nic=virtio-net drv=e1k ;;
	*) echo "profile: unknown driver $d"; continue ;;
	esac
	t0=$SECONDS
	E1K_PROFILE=1 NIC=$nic DRIVER=$drv TOPO=host E1K_BENCH_T=$BENCH_T \
		E1K_RUN_TAG=profile VM_TIMEOUT=${VM_TIMEOUT:-600} \
		E1K_PAYLOAD=$top/bench/pktgen.sh \
		"$top/qemu/vm" -f "$top/bench/profile-guest.sh" > "$out/$d.log" 2>&1
	echo "profile $d: rc=$?, $(grep -c '^PROF ' "$out/$d.log") values, $((SECONDS - t0)) s"
done
/usr/bin/python3 "$top/bench/profile_report.py" "$out" $PROFILE_DRIVERS > "$out/profile.md" ||
	echo "profile_report.py failed"
cat "$out/profile.md"
echo "make profile: done in $((SECONDS - start)) s -> $out (results/profile-latest)"
