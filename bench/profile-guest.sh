#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make profile` (bench/profile.sh): one boot, one driver.
# Every workload runs twice:
#   1. untraced, under `perf record -e cpu-clock -a` in the guest, with
#      QEMU's per-thread CPU time taken by hostd around it: where the guest's
#      time goes, and how the host's time splits between the vCPU thread
#      (guest code, and the model's TX engine, which runs inside the TDT
#      write) and the main loop (the model's RX path, fed by the tap);
#   2. with QEMU's memory_region_ops_*, ioapic_set_irq and the NIC models'
#      MSI/MSI-X notify trace events on:
#      MMIO accesses to the NIC, per register, and interrupt raises, divided
#      by the packets the workload moved.  Tracing slows QEMU down, so only
#      counts are taken from this pass, never times.
# Output: console lines "PROF <workload> <key> <values...>".
. /payload/lib.sh
. /payload/pktgen.sh

T=${E1K_BENCH_T:-4}
R=$REMOTE_V4
export HOME=/tmp     # perf keeps its build-id cache there
prof() { echo "PROF $*"; }
note() { echo "profile: $*"; }

ping_ok() { ping -c1 -W1 "$R"; }
wait_for 10 carrier_is eth0 1 && wait_for 10 ping_ok || { note "no ping to $R"; exit 1; }
drv=$(basename "$(readlink /sys/class/net/eth0/device/driver)")
gsi=$(cat /sys/class/net/eth0/device/irq 2>/dev/null || cat /sys/class/net/eth0/device/../irq)
prof all driver "$drv"
prof all gsi "$gsi"
command -v perf >/dev/null || note "no perf in the guest: no guest profile"

stat() { cat "/sys/class/net/eth0/statistics/$1"; }
workload() { # NAME: run it for T seconds
	case $1 in
	tcp_tx) iperf3 -c "$R" -t "$T" > /tmp/w.txt 2>&1 ;;
	tcp_rx) iperf3 -c "$R" -t "$T" -R > /tmp/w.txt 2>&1 ;;
	udp_rx) iperf3 -c "$R" -u -R -b 0 -l 64 -t "$T" > /tmp/w.txt 2>&1 ;;
	pingpong) sockperf ping-pong -i "$R" -p 11111 -t "$T" > /tmp/w.txt 2>&1 ;;
	pktgen) pktgen_run "$R" "$(neigh_mac "$R")" 1 "$T" > /tmp/w.txt 2>&1 ;;
	esac
}

profile() { # NAME
	local w=$1 tx0 rx0 i0 t0 tx1 rx1 i1 t1
	# pass 1: perf and QEMU thread CPU
	hostctl profile start >/dev/null || note "hostd cannot profile"
	tx0=$(stat tx_packets); rx0=$(stat rx_packets); t0=$EPOCHREALTIME
	if command -v perf >/dev/null; then
		perf record -q -e cpu-clock -F 499 -a -o /tmp/perf.data -- \
			bash -c "$(declare -f workload pg pktgen_run neigh_mac); R=$R T=$T workload $w" \
			2>/dev/null
	else
		workload "$w"
	fi
	tx1=$(stat tx_packets); rx1=$(stat rx_packets); t1=$EPOCHREALTIME
	hostctl profile stop | sed "s/^/PROF $w /"
	prof "$w" seconds "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')"
	prof "$w" packets_untraced "$((tx1 - tx0))" "$((rx1 - rx0))"
	tail -n 4 /tmp/w.txt | sed "s/^/profile: $w: /"
	if [ -f /tmp/perf.data ]; then
		# by command, then by object and symbol without perf's own samples
		# (writing perf.data costs page clearing and copies)
		perf report -i /tmp/perf.data --stdio --sort comm --percent-limit 1 2>/dev/null |
			awk -v w="$w" '/^ *[0-9.]+%/{print "PROF " w " comm " $1, $2}'
		perf report -i /tmp/perf.data --stdio --sort comm,dso -F overhead,comm,dso \
			--percent-limit 1 2>/dev/null |
			awk -v w="$w" '/^ *[0-9.]+%/ && $2 != "perf"{print "PROF " w " dso " $1, $3}'
		perf report -i /tmp/perf.data --stdio --sort comm,sym -F overhead,comm,sym \
			--percent-limit 0.7 2>/dev/null |
			awk -v w="$w" '/^ *[0-9.]+%/ && $2 != "perf"{print "PROF " w " sym " $1, $NF}' |
			head -n 30
		rm -f /tmp/perf.data
	fi
	# pass 2: MMIO and interrupt counts
	hostctl profile start trace >/dev/null || note "hostd cannot trace"
	tx0=$(stat tx_packets); rx0=$(stat rx_packets); i0=$(nic_irq_count)
	workload "$w"
	tx1=$(stat tx_packets); rx1=$(stat rx_packets); i1=$(nic_irq_count)
	hostctl profile stop "$gsi" | grep -v '^qemu_thread' | sed "s/^/PROF $w /"
	prof "$w" packets "$((tx1 - tx0))" "$((rx1 - rx0))"
	prof "$w" guest_irqs "$((i1 - i0))"
	wait_for 10 ping_ok
}

modprobe pktgen 2>/dev/null
for w in ${E1K_PROFILE_WORKLOADS:-tcp_tx tcp_rx udp_rx pktgen pingpong}; do
	note "$w"
	profile "$w"
done
echo "profile: done"
exit 0
