#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Ring resize (ethtool -G 80..4096) and ifdown/ifup while traffic flows:
# the interface comes back with the new sizes and carries traffic.
. "$(dirname "$0")/lib.sh"

start_traffic() {
	ping -f -W1 "$REMOTE_V4" >/dev/null 2>&1 &
	echo $!
}

test_rings_limits() {
	require_e1k
	ethtool -G "$NETIF" rx 79 tx 80 2>/dev/null && fail "rx 79 accepted"
	ethtool -G "$NETIF" rx 4104 2>/dev/null && fail "rx 4104 accepted"
	ethtool -G "$NETIF" tx 100 2>/dev/null && fail "tx 100 (not a multiple of 8) accepted"
	ethtool -g "$NETIF" | grep -q '4096' || fail "maximum 4096 not reported"
}

test_rings_resize_under_traffic() {
	local pid s
	require_e1k
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	pid=$(start_traffic)
	for s in 80 4096 256 1024 80 512 256; do
		ethtool -G "$NETIF" rx $s tx $s || { kill $pid; fail "resize to $s"; }
		[ "$(ring_size rx)" = $s ] && [ "$(ring_size tx)" = $s ] ||
			{ kill $pid; fail "sizes after -G $s: rx $(ring_size rx) tx $(ring_size tx)"; }
		sleep 0.5
	done
	kill $pid
	wait $pid 2>/dev/null
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the resizes"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss afterwards"
}

test_rings_small_and_large_carry_tcp() {
	# at 80 slots a few 64 KiB TSO packets fill the TX ring, so the queue
	# stops inside xmit_more batches: the tail must still be written, or
	# the watchdog finds TX hung
	local s hangs
	require_e1k
	require_cmd iperf3
	hangs=$(dmesg | grep -c -E 'TX hang|TX timeout')
	for s in 80 4096; do
		ethtool -G "$NETIF" rx $s tx $s || fail "resize to $s"
		link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready at $s"
		iperf3 -c "$REMOTE_V4" -t 2 >/tmp/rings.txt 2>&1 ||
			{ cat /tmp/rings.txt >&2; fail "iperf3 tx at ring size $s"; }
		iperf3 -c "$REMOTE_V4" -t 2 -R >/tmp/rings.txt 2>&1 ||
			{ cat /tmp/rings.txt >&2; fail "iperf3 rx at ring size $s"; }
		info "ring $s: $(grep receiver /tmp/rings.txt)"
	done
	ethtool -G "$NETIF" rx 256 tx 256
	info "TX queue stops: $(ethtool_stat tx_stop_queue)"
	[ "$(dmesg | grep -c -E 'TX hang|TX timeout')" = "$hangs" ] ||
		fail "TX hung: $(dmesg | grep -E 'TX hang|TX timeout' | tail -n 1)"
}

test_rings_resize_keeps_tcp_connection() {
	# the new rings are allocated while the old ones carry traffic and
	# swapped in within milliseconds: a TCP connection lives through
	# several resizes, and a sha256-checked transfer arrives intact
	local ipid xpid s rc=0
	require_e1k
	require_host
	require_cmd iperf3
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	iperf3 -c "$REMOTE_V4" -t 8 > /tmp/rings-tcp.txt 2>&1 &
	ipid=$!
	( sha256_tx 16 5003 ) &
	xpid=$!
	sleep 1
	for s in 512 128 1024 256; do
		ethtool -G "$NETIF" rx $s tx $s || rc=1
		sleep 1
	done
	wait $xpid || rc=2
	wait $ipid || { cat /tmp/rings-tcp.txt >&2; fail "iperf3's connection did not survive"; }
	info "$(grep -E 'sender|receiver' /tmp/rings-tcp.txt)"
	[ $rc != 1 ] || fail "a resize failed"
	[ $rc != 2 ] || fail "the transfer during the resizes failed"
}

test_rings_ifdown_ifup_under_traffic() {
	local pid i
	require_e1k
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	pid=$(start_traffic)
	for i in $(seq 10); do
		ip link set "$NETIF" down || fail "down $i"
		ip link set "$NETIF" up || fail "up $i"
		wait_for 5 carrier_is "$NETIF" 1 || { kill $pid; fail "no carrier after up $i"; }
	done
	kill $pid
	wait $pid 2>/dev/null
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after 10 down/up"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss afterwards"
}

ktap_main test_rings_limits test_rings_resize_under_traffic test_rings_small_and_large_carry_tcp \
	test_rings_resize_keeps_tcp_connection test_rings_ifdown_ifup_under_traffic
