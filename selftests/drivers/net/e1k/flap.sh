#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Link flaps (host topology): the emulated cable (QMP set_link) going down
# and up is reflected in the carrier within 2 s, and 100 flaps under an
# iperf3 stream leave a working interface.
. "$(dirname "$0")/lib.sh"

FLAPS=${E1K_FLAPS:-100}

require_hostnet() {
	require_host
	[ "$TOPO" = host ] || skip "needs the host topology (its peer is the QEMU host side)"
}

# flap_once LIMIT_MS: down, carrier off, up, carrier on, each carrier change
# within LIMIT_MS of the QMP command's completion; prints "down_ms up_ms"
flap_once() {
	local t0 t1 down
	hostctl link down >/dev/null || { echo "set_link off failed"; return 1; }
	t0=$(now_ms)
	wait_for "$(budget 10)" carrier_is "$NETIF" 0 ||
		{ echo "carrier still up $(budget 10) s after off"; return 1; }
	t1=$(now_ms)
	[ $((t1 - t0)) -le "$1" ] || { echo "carrier off took $((t1 - t0)) ms (> $1)"; return 1; }
	down=$((t1 - t0))
	hostctl link up >/dev/null || { echo "set_link on failed"; return 1; }
	t0=$(now_ms)
	wait_for "$(budget 10)" carrier_is "$NETIF" 1 ||
		{ echo "no carrier $(budget 10) s after on"; return 1; }
	t1=$(now_ms)
	[ $((t1 - t0)) -le "$1" ] || { echo "carrier on took $((t1 - t0)) ms (> $1)"; return 1; }
	echo "$down $((t1 - t0))"
}

test_flap_carrier_within_2s() {
	local r
	require_hostnet
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	r=$(flap_once "$(budget 2000)") || fail "$r"
	info "carrier off after ${r% *} ms, on after ${r#* } ms"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the flap"
}

test_flap_100_under_iperf() {
	local pid i r worst=0 up
	require_hostnet
	require_cmd iperf3
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	iperf3 -c "$REMOTE_V4" -t 600 >/tmp/flap-iperf.txt 2>&1 &
	pid=$!
	sleep 1
	for i in $(seq "$FLAPS"); do
		# under an iperf3 stream on TCG the guest runs slowly: 5 s budget
		r=$(flap_once "$(budget 5000)") || { kill $pid; fail "flap $i: $r"; }
		up=${r#* }
		[ "$up" -gt "$worst" ] && worst=$up
	done
	info "$FLAPS flaps, slowest carrier-on ${worst} ms after QMP set_link on returned"
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after $FLAPS flaps"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss afterwards"
	iperf3 -c "$REMOTE_V4" -t 2 >/tmp/flap-iperf.txt 2>&1 ||
		{ cat /tmp/flap-iperf.txt >&2; fail "iperf3 after the flaps"; }
	tail -3 /tmp/flap-iperf.txt >&2
}

ktap_main test_flap_carrier_within_2s test_flap_100_under_iperf
