#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Module unload while traffic flows, and reload: nothing hangs, leaks or
# warns, and the interface carries traffic again.
. "$(dirname "$0")/lib.sh"

# the module of the driver bound to NETIF: e1k (from the payload), e1000,
# virtio_net
MOD=$(bound_module)

test_rmmod_during_traffic() {
	local pid t0 t1
	require_unloadable
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	iperf3 -c "$REMOTE_V4" -t 30 > /dev/null 2>&1 &
	pid=$!
	sleep 2
	t0=$(now_ms)
	rmmod "$MOD" || fail "rmmod $MOD failed"
	t1=$(now_ms)
	info "rmmod took $((t1 - t0)) ms under traffic"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	load_bound_module "$MOD" || fail "loading $MOD failed"
	bring_up || fail "no traffic after reload"
}

test_reload_cycles_under_traffic() {
	local i pid n=${E1K_RELOADS:-20}
	require_unloadable
	for i in $(seq "$n"); do
		link_ready "$NETIF" "$REMOTE_V4" || fail "cycle $i: link not ready"
		ping -f -W1 "$REMOTE_V4" > /dev/null 2>&1 &
		pid=$!
		sleep 0.3
		rmmod "$MOD" || fail "cycle $i: rmmod $MOD failed"
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		load_bound_module "$MOD" || fail "cycle $i: loading $MOD failed"
		bring_up || fail "cycle $i: no traffic after reload"
	done
	info "$n reloads"
}

ktap_main test_rmmod_during_traffic test_reload_cycles_under_traffic
