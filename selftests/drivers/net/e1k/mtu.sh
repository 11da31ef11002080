#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MTU 68..16110 (loop topology): jumbo frames through RCTL.LPE, MTU changes
# under traffic, out-of-range values refused.
. "$(dirname "$0")/lib.sh"

RNS=remote
RIF=${REMOTE_NETIF:-eth1}

require_loop() { require_remote; }

# The host bridge between the two NICs forwards nothing above its ports' MTU.
host_jumbo() {
	require_host
	hostctl sh 'for t in e1kt0 e1kt1; do ip link set $t mtu 16110; done' >/dev/null ||
		fail "cannot raise the host taps' MTU"
}

set_mtu_both() {
	[ "$1" -gt 1500 ] && host_jumbo
	ip link set "$NETIF" mtu "$1" || fail "mtu $1 refused"
	$RNS ip link set "$RIF" mtu "$1" || fail "remote mtu $1 refused"
}

restore() { set_mtu_both 1500; sleep 1.5; }

# ping_df SIZE: 5 unfragmented pings of SIZE payload bytes, both ways
ping_df() {
	wait_for 5 ping -c1 -W1 -M 'do' -s "$1" "$REMOTE_V4" || fail "no reply with -s $1"
	ping -c 5 -i 0.2 -W 2 -M 'do' -s "$1" "$REMOTE_V4" | grep -q ' 0% packet loss' ||
		fail "loss with -s $1"
	$RNS ping -c 5 -i 0.2 -W 2 -M 'do' -s "$1" "$LOCAL_V4" | grep -q ' 0% packet loss' ||
		fail "loss from ns-remote with -s $1"
}

# the range the driver reports (ip -d link: minmtu, maxmtu; e1k: 68 to
# 16110) is what it takes; below 68 IPv4 would drop its addresses, so the
# lowest value set is 68
test_mtu_range_enforced() {
	local old min max low
	old=$(cat /sys/class/net/"$NETIF"/mtu)
	min=$(ip -d link show "$NETIF" | grep -o 'minmtu [0-9]*' | cut -d' ' -f2)
	max=$(ip -d link show "$NETIF" | grep -o 'maxmtu [0-9]*' | cut -d' ' -f2)
	[ -n "$min" ] && [ -n "$max" ] || skip "no MTU range (ip -d link: no minmtu/maxmtu)"
	info "MTU range $min..$max"
	[ "$max" -gt "$min" ] || skip "MTU fixed at $min"
	low=$((min > 68 ? min : 68))
	ip link set "$NETIF" mtu $((min - 1)) 2>/dev/null && fail "mtu $((min - 1)) accepted"
	ip link set "$NETIF" mtu $((max + 1)) 2>/dev/null && fail "mtu $((max + 1)) accepted"
	ip link set "$NETIF" mtu "$low" || fail "mtu $low refused"
	ip link set "$NETIF" mtu "$max" || fail "mtu $max refused"
	ip link set "$NETIF" mtu "$old"
	[ "$(cat /sys/class/net/"$NETIF"/mtu)" = "$old" ] || fail "mtu not restored"
}

test_mtu_9000_jumbo_ping() {
	require_loop
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	set_mtu_both 9000
	ping_df 8000
	ping_df 8972
	ping -c 2 -W 1 -M 'do' -s 8973 "$REMOTE_V4" >/dev/null 2>&1 && fail "8973 not refused"
	restore
}

test_mtu_16110_max_jumbo_ping() {
	require_loop
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	set_mtu_both 16110
	ping_df 16082
	restore
}

test_mtu_9000_tcp() {
	require_loop
	require_cmd iperf3
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	set_mtu_both 9000
	sleep 1.5
	remote_iperf3
	iperf3 -c "$REMOTE_V4" -t 2 >/tmp/mtu.txt || { cat /tmp/mtu.txt; fail "tx at 9000"; }
	wait "$IPERF3_PID"
	grep -q ' 0.00 Bytes.*receiver' /tmp/mtu.txt && fail "tx at 9000: nothing received"
	remote_iperf3
	iperf3 -c "$REMOTE_V4" -t 2 -R >/tmp/mtu.txt || { cat /tmp/mtu.txt; fail "rx at 9000"; }
	wait "$IPERF3_PID"
	grep -q ' 0.00 Bytes.*receiver' /tmp/mtu.txt && fail "rx at 9000: nothing received"
	tail -3 /tmp/mtu.txt >&2
	restore
}

# xfer_sha256 MIB FROM TO_ADDR PORT TO TO_IF [MIN]: MIB random bytes over
# TCP from FROM to TO_ADDR at TO (each "" for this end or "remote" for the
# peer's), compared by sha256; the frames TO_IF received must average above
# MIN bytes (default 4000: jumbo, not 1500)
xfer_sha256() {
	local mib=$1 from=$2 to=$3 port=$4 at=$5 toif=$6 min=${7:-4000}
	local sum theirs b0 p0 b1 p1 pid avg
	dd if=/dev/urandom of=/tmp/blob bs=1M count="$mib" status=none
	sum=$(sha256sum < /tmp/blob | cut -d' ' -f1)
	b0=$($at cat "/sys/class/net/$toif/statistics/rx_bytes")
	p0=$($at cat "/sys/class/net/$toif/statistics/rx_packets")
	$at socat -u TCP4-LISTEN:"$port",reuseaddr - 2>/dev/null | sha256sum > /tmp/theirs &
	pid=$!
	$from socat -u FILE:/tmp/blob "TCP:$to:$port,retry=50,interval=0.1" ||
		{ kill $pid 2>/dev/null; fail "socat send to $to"; }
	wait $pid
	theirs=$(cut -d' ' -f1 /tmp/theirs)
	b1=$($at cat "/sys/class/net/$toif/statistics/rx_bytes")
	p1=$($at cat "/sys/class/net/$toif/statistics/rx_packets")
	rm -f /tmp/blob /tmp/theirs
	avg=$(((b1 - b0) / (p1 - p0 + 1)))
	info "$mib MiB to $to: sha256 ${sum:0:16} sent, ${theirs:0:16} received;" \
		"$avg bytes per frame received"
	[ "$sum" = "$theirs" ] || fail "sha256 mismatch on $mib MiB to $to"
	[ "$avg" -gt "$min" ] || fail "frames to $to averaged $avg bytes, not above $min"
}

test_mtu_9000_tcp_sha256_both_ways() {
	# the in-tree e1000e carries nothing at MTU 9000 on QEMU 7.2's 82574L
	require_loop
	require_cmd socat
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	set_mtu_both 9000
	sleep 1.5
	xfer_sha256 16 "" "$REMOTE_V4" 5301 remote "$RIF"
	xfer_sha256 16 remote "$LOCAL_V4" 5302 "" "$NETIF"
	restore
}

# Around 1,728 bytes, where e1k stops building the skb in the frame's 2 KiB
# half page (beside skb_shared_info) and copies its headers instead: pings
# of a frame on each side, and TCP at MTU 2000 both ways by sha256 (in
# frames averaging above 1500 bytes: socat's 8 KiB writes, sent as they
# come on the slower 8254x, end in a short segment each)
test_mtu_2000_tcp_sha256_both_ways() {
	require_loop
	require_cmd socat
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	set_mtu_both 2000
	sleep 1.5
	ping_df 1686
	ping_df 1687
	xfer_sha256 8 "" "$REMOTE_V4" 5303 remote "$RIF" 1500
	xfer_sha256 8 remote "$LOCAL_V4" 5304 "" "$NETIF" 1500
	restore
}

test_mtu_small_68() {
	require_loop
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	set_mtu_both 576	# IPv4 minimum for a working ping path; 68 is set below
	ping_df 548
	ip link set "$NETIF" mtu 68 || fail "mtu 68"
	ip link set "$NETIF" mtu 576
	restore
}

test_mtu_change_under_flood_ping() {
	local pid m
	require_loop
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	host_jumbo
	$RNS ip link set "$RIF" mtu 16110
	ping -f -w 12 -s 1400 "$REMOTE_V4" >/tmp/mtu-flood.txt 2>&1 &
	pid=$!
	for m in 9000 1500 4000 68 9000 1280 16110 1500 9000 1500; do
		ip link set "$NETIF" mtu $m || fail "mtu $m under traffic"
		sleep 1
	done
	wait $pid
	tail -2 /tmp/mtu-flood.txt >&2
	restore
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the MTU changes"
	ping -c 5 -i 0.2 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss afterwards"
}

ktap_main test_mtu_range_enforced test_mtu_9000_jumbo_ping test_mtu_16110_max_jumbo_ping \
	test_mtu_9000_tcp test_mtu_9000_tcp_sha256_both_ways test_mtu_2000_tcp_sha256_both_ways \
	test_mtu_small_68 test_mtu_change_under_flood_ping
