#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iperf3 TCP both ways against the host's server.  A sanity floor only:
# throughput is measured by `make bench`, not by tests.
. "$(dirname "$0")/lib.sh"

iperf_tcp() { # extra iperf3 args
	local mbit
	require_cmd iperf3 jq
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	iperf3 -c "$REMOTE_V4" -t 3 -J "$@" > /tmp/iperf.json ||
		fail "iperf3: $(jq -r .error /tmp/iperf.json)"
	mbit=$(jq -r '.end.sum_received.bits_per_second / 1e6 | floor' /tmp/iperf.json)
	info "$mbit Mbit/s"
	[ "$mbit" -ge 1 ] || fail "only $mbit Mbit/s"
}

test_tcp_tx() { iperf_tcp; }
test_tcp_rx() { iperf_tcp -R; }
test_tcp_tx_v6() {
	local save=$REMOTE_V4
	REMOTE_V4=$REMOTE_V6 iperf_tcp
	REMOTE_V4=$save
}

ktap_main test_tcp_tx test_tcp_rx test_tcp_tx_v6
