#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bulk transfers whose sha256 must match at both ends: every byte through
# TSO, scatter-gather, checksum offload and the RX ring arrives intact.
. "$(dirname "$0")/lib.sh"

MIB=${E1K_XFER_MIB:-64}

test_tx_sha256() {
	require_host
	require_cmd socat sha256sum
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	sha256_tx "$MIB"
}

test_rx_sha256() {
	require_host
	require_cmd socat sha256sum
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	sha256_rx "$MIB"
}

ktap_main test_tx_sha256 test_rx_sha256
