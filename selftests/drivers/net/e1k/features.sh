#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every toggleable offload (ndo_set_features) can be turned off and on
# again, `ethtool -k` reports the change, and traffic stays intact with it
# off: a sha256-checked transfer each way per feature.
. "$(dirname "$0")/lib.sh"

# xfer_ok: 4 MiB each way through the host, sha256 equal at both ends
xfer_ok() {
	local job sum theirs
	dd if=/dev/urandom of=/tmp/f.blob bs=1M count=4 status=none
	sum=$(sha256sum < /tmp/f.blob | cut -d' ' -f1)
	job=$(hostctl bg "socat -u TCP-LISTEN:5011,reuseaddr - | sha256sum")
	socat -u FILE:/tmp/f.blob "TCP:$REMOTE_V4:5011,retry=50,interval=0.1" ||
		{ hostctl kill "$job" >/dev/null; return 1; }
	theirs=$(hostctl wait "$job" | cut -d' ' -f1)
	[ "$sum" = "$theirs" ] || { info "TX sha256 mismatch"; return 1; }
	job=$(hostctl bg "socat -u FILE:/dev/stdin TCP:$LOCAL_V4:5012,retry=50,interval=0.1 \
		< <(head -c 4M /dev/zero | tr '\\0' 'e')")
	sum=$(socat -u TCP-LISTEN:5012,reuseaddr - | sha256sum | cut -d' ' -f1)
	hostctl wait "$job" >/dev/null || { info "host sender failed"; return 1; }
	theirs=$(head -c 4M /dev/zero | tr '\0' 'e' | sha256sum | cut -d' ' -f1)
	[ "$sum" = "$theirs" ] || { info "RX sha256 mismatch"; return 1; }
}

toggle() { # feature
	local f=$1 orig
	require_host
	require_feature_toggle "$f"
	orig=$(feature_state "$f")
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	ethtool -K "$NETIF" "$f" off || fail "ethtool -K $f off refused"
	[ "$(feature_state "$f")" = off ] || fail "$f still $(feature_state "$f") after off"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic with $f off"
	xfer_ok || fail "transfer broken with $f off"
	ethtool -K "$NETIF" "$f" "$orig" || fail "ethtool -K $f $orig refused"
	[ "$(feature_state "$f")" = "$orig" ] || fail "$f not restored to $orig"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after restoring $f"
	xfer_ok || fail "transfer broken after restoring $f"
}

test_tso_off_on() { toggle tcp-segmentation-offload; }
test_sg_off_on() { toggle scatter-gather; }
test_tx_checksumming_off_on() { toggle tx-checksumming; }
test_rx_vlan_offload_off_on() { toggle rx-vlan-offload; }
test_rx_vlan_filter_off_on() { toggle rx-vlan-filter; }

test_rx_checksumming_off_on() {
	# off stops the device checking, not just the driver listening: a
	# model that checks in software (QEMU's 82574L) stops taking partial
	# checksums from its tap, so the host completes them; the stack
	# checks every frame itself, and on again the device's verdicts are
	# back (rx_csum_offload_good, where the driver counts them)
	local good
	require_host
	require_feature_toggle rx-checksumming
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	[ "$(feature_state rx-checksumming)" = on ] || fail "rx-checksumming not on by default"
	tap_csum_is on || skip "the model takes no partial checksums from its tap"
	ethtool -K "$NETIF" rx-checksumming off || fail "ethtool -K rx-checksumming off refused"
	wait_for 5 tap_csum_is off ||
		fail "the device still checks RX checksums: its tap still hands it partial ones"
	good=$(ethtool_stat rx_csum_offload_good) || good=
	xfer_ok || fail "transfer broken with rx-checksumming off"
	[ -z "$good" ] || [ "$(ethtool_stat rx_csum_offload_good)" = "$good" ] ||
		fail "device verdicts used with rx-checksumming off"
	ethtool -K "$NETIF" rx-checksumming on || fail "ethtool -K rx-checksumming on refused"
	wait_for 5 tap_csum_is on || fail "the device's RX checksums did not come back"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after rx-checksumming on"
	xfer_ok || fail "transfer broken after rx-checksumming on"
	[ -z "$good" ] || [ "$(ethtool_stat rx_csum_offload_good)" -gt "$good" ] ||
		fail "no device verdict used with rx-checksumming on again"
	info "rx_csum_offload_good ${good:-n/a} -> $(ethtool_stat rx_csum_offload_good)"
}

test_rx_fcs_and_rx_all_on_off() {
	# these default off: turn them on, traffic still flows, then off again
	local f
	require_host
	require_feature_toggle rx-fcs
	require_feature_toggle rx-all
	for f in rx-fcs rx-all; do
		ethtool -K "$NETIF" "$f" on || fail "ethtool -K $f on refused"
		[ "$(feature_state "$f")" = on ] || fail "$f not on"
		link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic with $f on"
		xfer_ok || fail "transfer broken with $f on"
		ethtool -K "$NETIF" "$f" off || fail "ethtool -K $f off refused"
		link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after $f off"
	done
}

test_unsupported_feature_refused() {
	# QEMU's 8254x model has no RX checksum engine: a driver must not let
	# rx-checksumming be on (a device property, so only on that model)
	require_qemu_8254x "the device may have an RX checksum engine"
	ethtool -K "$NETIF" rx-checksumming on 2>/dev/null &&
		[ "$(feature_state rx-checksumming)" = on ] &&
		fail "rx-checksumming turned on without hardware support"
	return 0
}

ktap_main test_tso_off_on test_sg_off_on test_tx_checksumming_off_on test_rx_checksumming_off_on \
	test_rx_vlan_offload_off_on test_rx_vlan_filter_off_on test_rx_fcs_and_rx_all_on_off \
	test_unsupported_feature_refused
