#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Loop topology: eth0 here, its twin eth1 in netns ns-remote, both on one
# host bridge -- the layout the kernel's netdev CI uses for drivers/net.
. "$(dirname "$0")/lib.sh"

RNS=remote

require_loop() { require_remote; }

test_loop_ping_v4() {
	require_loop
	link_ready "$NETIF" "$REMOTE_V4" || fail "no reply from $REMOTE_V4"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss"
	$RNS ping -c 10 -i 0.1 -W 2 "$LOCAL_V4" | grep -q ' 0% packet loss' ||
		fail "loss from ns-remote"
}

test_loop_ping_v6() {
	require_loop
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	wait_for 5 ping -6 -c1 -W1 "$REMOTE_V6" || fail "no reply from $REMOTE_V6"
	ping -6 -c 10 -i 0.1 -W 2 "$REMOTE_V6" | grep -q ' 0% packet loss' || fail "loss"
}

test_loop_tcp_both_ways() {
	require_loop
	require_cmd iperf3
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	remote_iperf3
	iperf3 -c "$REMOTE_V4" -t 2 > /tmp/loop.txt || { cat /tmp/loop.txt; fail "tx"; }
	wait "$IPERF3_PID"
	remote_iperf3
	iperf3 -c "$REMOTE_V4" -t 2 -R > /tmp/loop.txt || { cat /tmp/loop.txt; fail "rx"; }
	wait "$IPERF3_PID"
	tail -3 /tmp/loop.txt >&2
}

ktap_main test_loop_ping_v4 test_loop_ping_v6 test_loop_tcp_both_ways
