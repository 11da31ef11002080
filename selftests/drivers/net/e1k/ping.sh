#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ICMP echo over IPv4 and IPv6 to the peer, with no loss.
. "$(dirname "$0")/lib.sh"

ping_no_loss() { # ping args...
	local out
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	out=$(ping -c 20 -i 0.05 -W 2 "$@") || { echo "$out"; fail "ping $*"; }
	echo "$out" | tail -2 >&2
	echo "$out" | grep -q ' 0% packet loss' || fail "loss: $(echo "$out" | grep loss)"
}

test_ping_v4() { ping_no_loss "$REMOTE_V4"; }
test_ping_v6() { ping_no_loss -6 "$REMOTE_V6"; }

test_ping_large_v4_fragmented() {
	# 8000-byte echoes are fragmented at MTU 1500: exercises multi-frame
	# reassembly through the RX ring
	ping_no_loss -s 8000 "$REMOTE_V4"
}

ktap_main test_ping_v4 test_ping_v6 test_ping_large_v4_fragmented
