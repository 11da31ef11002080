#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Link state: carrier after `ip link set up`, and carrier following the
# emulated cable (QMP set_link).
. "$(dirname "$0")/lib.sh"

test_carrier_within_3s_of_link_up() {
	local t0 t1 limit
	limit=$(budget 3000)
	ip link set "$NETIF" down
	sleep 0.5
	t0=$(now_ms)
	ip link set "$NETIF" up
	wait_for 10 carrier_is "$NETIF" 1 || fail "no carrier after 10 s"
	t1=$(now_ms)
	info "carrier after $((t1 - t0)) ms"
	[ $((t1 - t0)) -le "$limit" ] || fail "carrier took $((t1 - t0)) ms (> $limit)"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after link up"
}

test_carrier_follows_set_link() {
	require_host
	hostctl link down >/dev/null || fail "QMP set_link off failed"
	wait_for "$(budget 2)" carrier_is "$NETIF" 0 ||
		fail "carrier still up $(budget 2) s after set_link off"
	hostctl link up >/dev/null || fail "QMP set_link on failed"
	wait_for "$(budget 3)" carrier_is "$NETIF" 1 ||
		fail "no carrier $(budget 3) s after set_link on"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after set_link on"
}

ktap_main test_carrier_within_3s_of_link_up test_carrier_follows_set_link
