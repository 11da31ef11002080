#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TX hang detection and recovery: the debugfs knob stall_tx stops TX
# completion; the driver's watchdog must notice, reset the interface, and
# traffic must come back -- before the stack's own TX timeout fires.
. "$(dirname "$0")/lib.sh"

test_txhang_stall_knob_present() {
	[ -w "$(knob stall_tx)" ] || skip "no debugfs fault knob stall_tx ($(knob stall_tx))"
	[ "$(cat "$(knob stall_tx)")" = 0 ] || fail "stall_tx not 0 at start"
}

test_txhang_reset_restores_traffic() {
	local pid t0 t1 before
	[ -w "$(knob stall_tx)" ] || skip "no debugfs fault knob stall_tx ($(knob stall_tx))"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	before=$(dmesg | grep -c 'TX hang')
	ping -i 0.05 -W1 "$REMOTE_V4" >/dev/null 2>&1 &
	pid=$!
	t0=$(now_ms)
	echo 1 > "$(knob stall_tx)"
	if ! wait_for "$(budget 10)" sh -c "[ \"\$(cat $(knob stall_tx))\" = 0 ]"; then
		kill $pid
		echo 0 > "$(knob stall_tx)"
		fail "no reset within $(budget 10) s of the stall"
	fi
	t1=$(now_ms)
	kill $pid
	wait $pid 2>/dev/null
	info "reset $((t1 - t0)) ms after the stall"
	[ "$(dmesg | grep -c 'TX hang')" -gt "$before" ] || fail "no 'TX hang' message"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the reset"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss afterwards"
}

ktap_main test_txhang_stall_knob_present test_txhang_reset_restores_traffic
