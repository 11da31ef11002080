#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Link state: carrier after `ip link set up`, and carrier following the
# emulated cable (QMP set_link).
. "$(dirname "$0")/lib.sh"

test_carrier_within_3s_of_link_up() {
	local t0 t1
	ip link set "$NETIF" down
	sleep 0.5
	t0=$(now_ms)
	ip link set "$NETIF" up
	wait_for 10 carrier_is "$NETIF" 1 || fail "no carrier after 10 s"
	t1=$(now_ms)
	info "carrier after $((t1 - t0)) ms"
	[ $((t1 - t0)) -le 3000 ] || fail "carrier took $((t1 - t0)) ms (> 3000)"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after link up"
}

test_carrier_follows_set_link() {
	require_host
	hostctl link down >/dev/null || fail "QMP set_link off failed"
	wait_for 2 carrier_is "$NETIF" 0 || fail "carrier still up 2 s after set_link off"
	hostctl link up >/dev/null || fail "QMP set_link on failed"
	wait_for 3 carrier_is "$NETIF" 1 || fail "no carrier 3 s after set_link on"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after set_link on"
}

ktap_main test_carrier_within_3s_of_link_up test_carrier_follows_set_link
