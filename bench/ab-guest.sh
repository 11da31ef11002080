#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make bench-ab`: /payload/ab/*.ko are the modules to compare.
# Each round loads each module in turn on the same booted kernel and NIC,
# in alternating order, and measures the same short tests; one "AB <round>
# <module> <metric> <value>" line per result.  E1K_BENCH_T seconds per
# test, E1K_AB_ROUNDS.
. /payload/lib.sh
. /payload/pktgen.sh

T=${E1K_BENCH_T:-4}
R=$REMOTE_V4

up() {
	insmod "$1" || return 1
	wait_for 10 test -e /sys/class/net/eth0 || return 1
	ip addr add "$LOCAL_V4/24" dev eth0
	ip link set eth0 up
	wait_for 10 carrier_is eth0 1 && wait_for 10 ping -c1 -W1 "$R"
}

iperf_json() { # JQ-EXPR IPERF3-ARGS...: the value, or nothing if iperf3 failed
	local q=$1
	shift
	timeout $((T + 20)) iperf3 -c "$R" -t "$T" -J "$@" > /tmp/ab.json 2>&1 &&
		jq -r "$q" /tmp/ab.json
}

# out METRIC VALUE, for round $r and module $m; nothing if VALUE is empty
out() { [ -z "$2" ] || echo "AB $r $m $1 $2"; }

modprobe pktgen || { echo "bench-ab: no pktgen"; exit 1; }
rmmod e1k
for r in $(seq 1 "${E1K_AB_ROUNDS:-8}"); do
	# Odd rounds load base first, even rounds this tree: an A/A run (one
	# module twice, always in the same order) had the second load 0.75x
	# in TCP TX and 1.22x in UDP TX, every round.
	order=
	[ $((r % 2)) = 0 ] && order=-r
	for ko in $(ls $order /payload/ab/*.ko); do
		m=$(basename "$ko" .ko)
		if ! up "$ko"; then
			echo "bench-ab: $m did not come up"
			rmmod e1k
			continue
		fi
		hmac=$(neigh_mac "$R")
		out udp_tx_pps "$(iperf_json '.end.sum | (.packets - .lost_packets) / .seconds' \
			-u -l 64 -b 0)"
		out pktgen_pps_b1 "$(pktgen_run "$R" "$hmac" 1 "$T" | pktgen_pps)"
		out pktgen_pps_b32 "$(pktgen_run "$R" "$hmac" 32 "$T" | pktgen_pps)"
		out tcp_tx_mbps "$(iperf_json '.end.sum_received.bits_per_second / 1e6' -O 1)"
		out tcp_rx_mbps "$(iperf_json '.end.sum_received.bits_per_second / 1e6' -O 1 -R)"
		ip link set eth0 down
		rmmod e1k
	done
done
echo "bench-ab: done"
