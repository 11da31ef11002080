#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# pktgen from eth0 for the guest scripts of `make bench` and `make profile`
# (sourced from /payload): 60-byte frames to the peer's MAC, one kernel
# thread, no clones, so every frame costs the driver a full xmit.

pg() { echo "$2" > "/proc/net/pktgen/$1"; }

# pktgen_run DST DST_MAC BURST SECONDS: prints pktgen's Result lines; fails if
# the kernel refuses the burst (xmit_more batching needs 4.x+ pktgen)
pktgen_run() {
	local c
	pg pgctrl reset 2>/dev/null
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device eth0"
	for c in "count 0" "pkt_size 60" "delay 0" "clone_skb 0" "dst $1" "dst_mac $2"; do
		pg eth0 "$c"
	done
	pg eth0 "burst $3" 2>/dev/null || return 1
	echo start > /proc/net/pktgen/pgctrl &
	sleep "$4"
	echo stop > /proc/net/pktgen/pgctrl
	wait
	grep -A1 Result: /proc/net/pktgen/eth0
	pg kpktgend_0 rem_device_all
	return 0
}


# pktgen_pps: the packets/s of the first Result that pktgen_run printed on stdin
pktgen_pps() {
	grep -o '[0-9]*pps' | head -n1 | tr -d ps
}
