#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# netpoll: netconsole on the NIC's driver delivers kernel messages to a UDP listener on
# the host, also while the interface carries other traffic.
. "$(dirname "$0")/lib.sh"

PORT=6666

require_netconsole() {
	require_host
	[ "$TOPO" = host ] || skip "needs the host topology (its peer is the QEMU host side)"
	modprobe -n netconsole 2>/dev/null || skip "no netconsole module"
}

# netpoll_refused: netconsole's target did not come up because the device
# cannot be polled (IFF_DISABLE_NETPOLL): "... doesn't support polling"
netpoll_refused() { dmesg | tail -n 20 | grep -q "$NETIF doesn't support polling"; }

# peer_mac: the host tap's MAC, learned through a ping
peer_mac() {
	ping -c1 -W1 "$REMOTE_V4" >/dev/null 2>&1
	neigh_mac "$REMOTE_V4" "$NETIF"
}

# log_via_netconsole TOKEN [COUNT]: start a listener, log TOKEN (COUNT
# times), print what arrived
log_via_netconsole() {
	local job mac i
	mac=$(peer_mac)
	[ -n "$mac" ] || fail "no neighbour entry for $REMOTE_V4"
	job=$(hostctl bg "timeout 30 socat -u UDP-RECV:$PORT -") || fail "cannot start listener"
	sleep 1
	modprobe netconsole "netconsole=@$LOCAL_V4/$NETIF,$PORT@$REMOTE_V4/$mac" || {
		hostctl kill "$job" >/dev/null
		netpoll_refused && skip "no netpoll (netconsole: $NETIF doesn't support polling)"
		fail "modprobe netconsole"
	}
	for i in $(seq "${2:-1}"); do
		echo "<3>e1k-netconsole $1 $i" > /dev/kmsg
	done
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

test_netconsole_with_xdp_tx_and_traffic() {
	# netpoll polls with a zero budget, maybe with interrupts off, when it
	# finds the queue stopped (BQL under iperf3): the XDP_TX frames on the
	# same ring must then be left to NAPI (no XDP or page pool calls
	# there), and netpoll must not sleep (the debug kernel's
	# DEBUG_ATOMIC_SLEEP and lockdep check both)
	local out pid job obj
	obj=$(xdp_obj_dir)/udp_tx.o
	require_netconsole
	require_cmd iperf3
	[ -f "$obj" ] || skip "XDP programs not built"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	ip link set dev "$NETIF" xdpdrv obj "$obj" sec xdp 2>/dev/null || skip "no native XDP"
	job=$(hostctl bg "python3 selftests/drivers/net/e1k/xdp/udp.py echo $LOCAL_V4 4000")
	iperf3 -c "$REMOTE_V4" -t 20 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	out=$(log_via_netconsole "xdp-$$" 50)
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	info "XDP_TX echoes seen by the host: $(hostctl wait "$job")"
	ip link set dev "$NETIF" xdpdrv off
	echo "$out" | grep -q "e1k-netconsole xdp-$$" ||
		{ info "listener got: $(echo "$out" | head -5)"; fail "no message received"; }
	info "$(echo "$out" | grep -c "e1k-netconsole xdp-$$") of 50 messages arrived"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic afterwards"
}

ktap_main test_netconsole_message_reaches_host test_netconsole_under_traffic \
	test_netconsole_with_xdp_tx_and_traffic
