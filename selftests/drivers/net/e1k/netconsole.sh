#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# netpoll: netconsole on e1k delivers kernel messages to a UDP listener on
# the host, also while the interface carries other traffic.
. "$(dirname "$0")/lib.sh"

PORT=6666

require_netconsole() {
	[ "$TOPO" = host ] || skip "needs TOPO=host"
	require_host
	require_e1k
	modprobe -n netconsole 2>/dev/null || skip "no netconsole module"
}

# peer_mac: the host tap's MAC, learned through a ping
peer_mac() {
	ping -c1 -W1 "$REMOTE_V4" >/dev/null 2>&1
	neigh_mac "$REMOTE_V4" "$NETIF"
}

# log_via_netconsole TOKEN: start a listener, log TOKEN, print what arrived
log_via_netconsole() {
	local job mac
	mac=$(peer_mac)
	[ -n "$mac" ] || fail "no neighbour entry for $REMOTE_V4"
	job=$(hostctl bg "timeout 30 socat -u UDP-RECV:$PORT -") || fail "cannot start listener"
	sleep 1
	modprobe netconsole "netconsole=@$LOCAL_V4/$NETIF,$PORT@$REMOTE_V4/$mac" ||
		{ hostctl kill "$job" >/dev/null; fail "modprobe netconsole"; }
	echo "<3>e1k-netconsole $1" > /dev/kmsg
	sleep 2
	rmmod netconsole
	hostctl kill "$job"
}

test_netconsole_message_reaches_host() {
	local out
	require_netconsole
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	out=$(log_via_netconsole "idle-$$")
	echo "$out" | grep -q "e1k-netconsole idle-$$" ||
		{ info "listener got: $out"; fail "message not received"; }
}

test_netconsole_under_traffic() {
	local out pid
	require_netconsole
	require_cmd iperf3
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	iperf3 -c "$REMOTE_V4" -t 20 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	out=$(log_via_netconsole "busy-$$")
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	echo "$out" | grep -q "e1k-netconsole busy-$$" ||
		{ info "listener got: $out"; fail "message not received under traffic"; }
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic afterwards"
}

ktap_main test_netconsole_message_reaches_host test_netconsole_under_traffic
