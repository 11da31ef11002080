#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bulk transfers whose sha256 must match at both ends: every byte through
# TSO, scatter-gather, checksum offload and the RX ring arrives intact.
. "$(dirname "$0")/lib.sh"

MIB=${E1K_XFER_MIB:-64}

test_tx_sha256() {
	local job sum theirs
	require_host
	require_cmd socat sha256sum
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	dd if=/dev/urandom of=/tmp/blob bs=1M count="$MIB" status=none
	sum=$(sha256sum < /tmp/blob | cut -d' ' -f1)
	job=$(hostctl bg "socat -u TCP-LISTEN:5001,reuseaddr - | sha256sum")
	socat -u FILE:/tmp/blob "TCP:$REMOTE_V4:5001,retry=50,interval=0.1" ||
		{ hostctl kill "$job"; fail "socat send"; }
	theirs=$(hostctl wait "$job" | cut -d' ' -f1)
	rm -f /tmp/blob
	info "$MIB MiB sent: ours $sum, host's $theirs"
	[ "$sum" = "$theirs" ] || fail "sha256 mismatch"
}

test_rx_sha256() {
	local job sum theirs
	require_host
	require_cmd socat sha256sum
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	job=$(hostctl bg "f=\$(mktemp); head -c ${MIB}M /dev/urandom > \$f;
		sha256sum < \$f; socat -u FILE:\$f TCP:$LOCAL_V4:5002,retry=50,interval=0.1;
		rc=\$?; rm -f \$f; exit \$rc")
	sum=$(socat -u TCP-LISTEN:5002,reuseaddr - | sha256sum | cut -d' ' -f1)
	theirs=$(hostctl wait "$job" | cut -d' ' -f1) || fail "host sender failed"
	info "$MIB MiB received: ours $sum, host's $theirs"
	[ "$sum" = "$theirs" ] || fail "sha256 mismatch"
}

ktap_main test_tx_sha256 test_rx_sha256
