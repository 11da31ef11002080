#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bulk transfers whose sha256 must match at both ends: every byte through
# TSO, scatter-gather, checksum offload and the RX ring arrives intact.
. "$(dirname "$0")/lib.sh"

MIB=${E1K_XFER_MIB:-64}
MIB6=$((MIB / 4))

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

# IPv6 both ways: TSO6 and IPv6 checksum offload where the device has them
# (the 82574L), the stack's own segmentation where it does not
test_tx6_sha256() {
	local before after
	require_host
	require_cmd socat sha256sum
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	wait_for "$(budget 5)" ping -6 -c 1 -W 1 "$REMOTE_V6" || fail "no IPv6 path"
	before=$(ethtool_stat tx_tso_packets 2>/dev/null)
	sha256_tx "$MIB6" 5006 6
	after=$(ethtool_stat tx_tso_packets 2>/dev/null)
	info "tx-tcp6-segmentation $(feature_state tx-tcp6-segmentation)," \
		"tx_tso_packets +$((${after:-0} - ${before:-0}))"
}

test_rx6_sha256() {
	require_host
	require_cmd socat sha256sum
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	wait_for "$(budget 5)" ping -6 -c 1 -W 1 "$REMOTE_V6" || fail "no IPv6 path"
	sha256_rx "$MIB6" 5007 6
}

ktap_main test_tx_sha256 test_rx_sha256 test_tx6_sha256 test_rx6_sha256
