#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make bench`: one boot, every metric once.  Each result is a
# console line "BENCH <metric> <value>"; a metric that could not be measured
# prints "BENCH-ERR <metric> <reason>" and the run goes on.  bench/run.sh
# collects the lines.  Durations: E1K_BENCH_T (seconds per throughput test, 4).
. /payload/lib.sh
. /payload/pktgen.sh

T=${E1K_BENCH_T:-4}
R=$REMOTE_V4
out() { echo "BENCH $1 $2"; }
err() { echo "BENCH-ERR $1 ${*:2}"; }
note() { echo "bench: [${SECONDS}s] $*"; }

meminfo() { sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo; }
mem_avail() { sync; echo 3 > /proc/sys/vm/drop_caches; sleep 0.5; meminfo MemAvailable; }
ping_ok() { ping -c1 -W1 "$R"; }
link_ready() {
	wait_for 10 carrier_is eth0 1 || return 1
	wait_for 10 ping_ok
}

drv=$(basename "$(readlink /sys/class/net/eth0/device/driver)")
note "driver $drv, NIC $NIC, $(nproc) CPUs, kernel $(uname -r)"
out info_driver "$drv"

link_ready || { err all "no ping to $R"; exit 1; }
out info_rings "$(ethtool -g eth0 2>/dev/null | awk '/Current/{c=1} c&&/^RX:/{r=$2} c&&/^TX:/{t=$2} END{print "rx=" r ",tx=" t}')"

# --- helpers ---------------------------------------------------------------
cpu_busy_total() { # prints "busy total" jiffies, all CPUs
	awk '/^cpu /{t=0; for (i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat
}
now_s() { echo "$EPOCHREALTIME"; }

# iperf_tcp METRIC [iperf3 args]: Mbit/s received
iperf_tcp() {
	local m=$1 j=/tmp/$1.json
	shift
	if timeout $((T + 20)) iperf3 -c "$R" -t "$T" -O 1 -J "$@" > "$j" 2>&1; then
		out "$m" "$(jq -r '.end.sum_received.bits_per_second / 1e6' "$j")"
	else
		err "$m" "$(jq -r .error "$j" 2>/dev/null | head -c 200)"
	fi
}

tcp_suite() { # SUFFIX
	local s=$1 c0 c1 i0 i1 t0 t1 j
	# TX, with guest CPU from /proc/stat
	c0=$(cpu_busy_total)
	iperf_tcp "tcp_tx_mbps$s"
	c1=$(cpu_busy_total)
	j=/tmp/tcp_tx_mbps$s.json
	if [ "$s" = "" ] && jq -e .end.sum_received "$j" >/dev/null 2>&1; then
		# CPU over the whole iperf3 run (includes the 1 s omitted)
		set -- $c0 $c1
		local secs gbit
		secs=$(jq -r '.end.sum_sent.seconds + 1' "$j")
		gbit=$(jq -r '.end.sum_sent.bytes * 8 / 1e9' "$j")
		awk -v b=$(($3 - $1)) -v t=$(($4 - $2)) -v n="$(nproc)" -v s="$secs" -v g="$gbit" \
			'BEGIN{cores=b/t*n; printf "BENCH tcp_tx_cpu_util %.3f\n", cores;
			       printf "BENCH tcp_tx_cpu_per_gbps %.3f\n", cores / (g / (s - 1))}'
	fi
	# RX, with NIC interrupts/s
	i0=$(nic_irq_count); t0=$(now_s)
	iperf_tcp "tcp_rx_mbps$s" -R
	i1=$(nic_irq_count); t1=$(now_s)
	[ "$s" = "" ] && awk -v d=$((i1 - i0)) -v t0="$t0" -v t1="$t1" \
		'BEGIN{printf "BENCH tcp_rx_irqs_per_s %.0f\n", d/(t1-t0)}'
}

# --- TCP at MTU 1500, then 9000 -------------------------------------------
note "irq lines of eth0: $(nic_irqs | tr '\n' ' ')"
tcp_suite ""
if ip link set eth0 mtu 9000 && hostctl sh 'ip link set e1kt0 mtu 9000' >/dev/null; then
	link_ready
	sleep 0.5
	tcp_suite "_mtu9000"
else
	err tcp_tx_mbps_mtu9000 "cannot set mtu 9000"
	err tcp_rx_mbps_mtu9000 "cannot set mtu 9000"
fi
ip link set eth0 mtu 1500
hostctl sh 'ip link set e1kt0 mtu 1500' >/dev/null
link_ready || note "link not ready after mtu 1500"

# --- pktgen: 60-byte frames to the host's MAC, burst 1 and 32 --------------
ping -c2 -W1 "$R" >/dev/null
hmac=$(neigh_mac "$R")
pktgen_metric() { # METRIC BURST
	local m=$1 b=$2 pps
	if ! pktgen_run "$R" "$hmac" "$b" "$T" > /tmp/pktgen.txt; then
		err "$m" "burst $b refused"
		return
	fi
	pps=$(pktgen_pps < /tmp/pktgen.txt)
	note "pktgen burst $b: $(tr '\n' ' ' < /tmp/pktgen.txt)"
	if [ -n "$pps" ]; then out "$m" "$pps"; else err "$m" "no result"; fi
}
if [ -n "$hmac" ] && modprobe pktgen; then
	pktgen_metric pktgen_pps_b1 1
	pktgen_metric pktgen_pps_b32 32
	rmmod pktgen
else
	err pktgen_pps_b1 "no pktgen or no host MAC ($hmac)"
	err pktgen_pps_b32 "no pktgen or no host MAC ($hmac)"
fi
link_ready

# --- UDP 64-byte packets/s, TX (guest sends) and RX (host sends) -----------
udp_run() { # METRIC [iperf3 args]; packets/s that arrived at the receiver
	local m=$1 j=/tmp/$1.json
	shift
	if timeout $((T + 20)) iperf3 -c "$R" -u -l 64 -b 0 -t "$T" -J "$@" > "$j" 2>&1; then
		out "$m" "$(jq -r '.end.sum | (.packets - .lost_packets) / .seconds' "$j")"
		note "$m: $(jq -c '.end.sum | {packets, lost_packets, seconds}' "$j")"
	else
		err "$m" "$(jq -r .error "$j" 2>/dev/null | head -c 200)"
	fi
}
udp_run udp_tx_pps
# The host's iperf3 server is the sender here (-R); the guest counts what its
# socket got.  Also cross-checked with eth0's rx_packets.
r0=$(cat /sys/class/net/eth0/statistics/rx_packets); t0=$(now_s)
udp_run udp_rx_pps -R
r1=$(cat /sys/class/net/eth0/statistics/rx_packets); t1=$(now_s)
note "udp rx: eth0 rx_packets $((r1 - r0)) in $(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}') s"
link_ready

# --- sockperf ping-pong latency ---------------------------------------------
if timeout 30 sockperf ping-pong -i "$R" -p 11111 -t 5 --full-rtt > /tmp/sp.txt 2>&1; then
	grep -E 'avg-rtt|percentile (50|99)\.000|<MAX>' /tmp/sp.txt | sed 's/^/bench: /'
	v=$(sed -n 's/.*avg-rtt=\([0-9.]*\).*/\1/p' /tmp/sp.txt | head -n1)
	[ -n "$v" ] && out pingpong_avg_us "$v"
	v=$(sed -n 's/.*percentile 50\.000 = *\([0-9.]*\).*/\1/p' /tmp/sp.txt | head -n1)
	[ -n "$v" ] && out pingpong_p50_us "$v"
	v=$(sed -n 's/.*percentile 99\.000 = *\([0-9.]*\).*/\1/p' /tmp/sp.txt | head -n1)
	[ -n "$v" ] && out pingpong_p99_us "$v"
else
	err pingpong_avg_us "sockperf failed: $(tail -n2 /tmp/sp.txt | tr '\n' ' ')"
fi
# --- XDP: 64-byte UDP from the host, dropped, passed or bounced at eth0 -----
# The host's iperf3 sends to --cport 9999, the one port the test programs
# (selftests/drivers/net/e1k/xdp) act on; the rate is eth0's rx_packets/s in
# the middle of the run.  A driver without native XDP (the in-tree e1000)
# gets generic XDP, and its xdp_drop_pps is the best of generic XDP and a
# tc ingress drop: the fastest way it has to drop.
xobj=/payload/xdp-progs
rx_rate() { # prints eth0 rx_packets/s while the host floods port 9999
	local r0 r1 t0 t1 pid
	timeout $((T + 15)) iperf3 -c "$R" -u -R -b 0 -l 18 --cport 9999 -t "$T" \
		> /tmp/xdp-iperf.txt 2>&1 &
	pid=$!
	sleep 1
	r0=$(cat /sys/class/net/eth0/statistics/rx_packets); t0=$(now_s)
	sleep $((T - 2))
	r1=$(cat /sys/class/net/eth0/statistics/rx_packets); t1=$(now_s)
	# Done measuring.  When the program drops or bounces iperf3's packets,
	# the client never sees the end of the test and would sit out its
	# timeout (15 s); SIGINT makes it tell the server to stop instead.
	kill -INT $pid 2>/dev/null
	wait $pid
	awk -v a="$r0" -v b="$r1" -v s="$t0" -v e="$t1" 'BEGIN{printf "%d", (b-a)/(e-s)}'
}
xdp_run() { # METRIC MODE ACTION; the rate also in $xdp_v
	xdp_v=0
	if ! ip link set dev eth0 "$2" obj "$xobj/udp_$3.o" sec xdp 2>/tmp/xdp.err; then
		err "$1" "$2: $(head -c 100 /tmp/xdp.err)"
		return 1
	fi
	xdp_v=$(rx_rate)
	ip link set dev eth0 "$2" off
	note "$1 ($2 $3): $xdp_v pkt/s"
	out "$1" "$xdp_v"
}
if [ -f "$xobj/udp_drop.o" ] && [ "$T" -ge 3 ]; then
	native=xdpdrv
	ip link set dev eth0 xdpdrv obj "$xobj/udp_pass.o" sec xdp 2>/dev/null || native=
	ip link set dev eth0 xdpdrv off 2>/dev/null
	xdp_run xdp_drop_generic_pps xdpgeneric drop
	gen=$xdp_v
	tc qdisc add dev eth0 clsact
	tc filter add dev eth0 ingress protocol ip flower ip_proto udp dst_port 9999 action drop
	tcd=$(rx_rate)
	tc qdisc del dev eth0 clsact
	note "tc_drop_pps: $tcd pkt/s"
	out tc_drop_pps "$tcd"
	if [ -n "$native" ]; then
		xdp_run xdp_drop_pps xdpdrv drop
		xdp_run xdp_pass_pps xdpdrv pass
		xdp_run xdp_tx_pps xdpdrv tx
	else
		out xdp_drop_pps "$(printf '%s\n' "$gen" "$tcd" | sort -n | tail -n1)"
		note "no native XDP: xdp_drop_pps is the best of generic XDP and tc"
		xdp_run xdp_pass_pps xdpgeneric pass
		xdp_run xdp_tx_pps xdpgeneric tx
	fi
	link_ready
else
	err xdp_drop_pps "no XDP programs in the payload, or E1K_BENCH_T < 3"
fi

# --- memory: what ifup costs, and what load + ifup costs --------------------
# Last, because it reloads the driver.  (1) eth0 down vs up: rings and RX
# buffers allocated at open.  virtio-net allocates its RX buffers at probe,
# so (1) is ~0 for it.  (2) driver unloaded vs loaded and up: module, probe
# and open together.  MemAvailable after dropping caches, in KiB.
ip link set eth0 down
sleep 1
m0=$(mem_avail)
ip link set eth0 up
link_ready || err mem_ifup_kb "link did not come back"
sleep 1
m1=$(mem_avail)
note "mem down $m0 up $m1 (MemAvailable kB)"
out mem_ifup_kb $((m0 - m1))
case "$drv" in
e1k) unload="rmmod e1k" load="insmod /payload/e1k.ko" ;;
e1000 | e1000e) unload="rmmod $drv" load="modprobe $drv" ;;
virtio_net) unload="rmmod virtio_net" load="modprobe virtio_net" ;;
*) unload= ;;
esac
if [ -n "$unload" ] && ip link set eth0 down && $unload; then
	sleep 1
	m0=$(mem_avail)
	$load
	wait_for 10 test -e /sys/class/net/eth0
	ip addr add "$LOCAL_V4/24" dev eth0
	ip addr add "$LOCAL_V6/64" dev eth0 nodad
	ip link set eth0 up
	link_ready || err mem_load_up_kb "link did not come back"
	sleep 1
	m1=$(mem_avail)
	note "mem unloaded $m0 loaded+up $m1 (MemAvailable kB)"
	out mem_load_up_kb $((m0 - m1))
else
	err mem_load_up_kb "cannot unload $drv"
fi
out info_loadavg_guest "$(cut -d' ' -f1 /proc/loadavg)"
echo "bench: done"
exit 0
