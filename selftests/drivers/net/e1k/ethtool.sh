#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ethtool diagnostic surface: driver info, self-test, coalescing, rings,
# register and EEPROM dumps, pause, standard statistics groups, link
# settings, Wake-on-LAN.  Values quoted are those of QEMU's 8254x model.
. "$(dirname "$0")/lib.sh"

# coal_get NAME: one value of ethtool -c ("rx-usecs", "Adaptive RX", ...)
coal_get() {
	ethtool -c "$NETIF" | awk -F': *' -v n="$1" '$1 == n {print $2; f=1} END {exit !f}' |
		awk '{print $1}'
}

# std_stat GROUP NAME: one counter of ethtool -S --groups GROUP
std_stat() {
	ethtool -S "$NETIF" --groups "$1" |
		awk -F': *' -v n="$2" '$1 == n {print $2; f=1} END {exit !f}'
}

test_drvinfo_names_e1k() {
	require_e1k
	local out
	out=$(ethtool -i "$NETIF") || fail "ethtool -i failed"
	echo "$out" | grep -qx 'driver: e1k' || fail "driver is not e1k: $(echo "$out" | head -1)"
	echo "$out" | grep -q '^supports-test: yes' || fail "self-test not advertised"
	echo "$out" | grep -q '^supports-eeprom-access: yes' || fail "EEPROM access not advertised"
	echo "$out" | grep -q '^supports-register-dump: yes' || fail "register dump not advertised"
	echo "$out" | grep -q "^bus-info: $(pci_addr)$" ||
		fail "bus-info does not name the PCI device"
}

# selftest_check MODE: ethtool -t MODE passes with 5 results, all 0
selftest_check() {
	local out
	out=$(ethtool -t "$NETIF" "$1")
	local rc=$?
	info "$out"
	[ $rc -eq 0 ] || fail "ethtool -t $1 exit $rc"
	echo "$out" | grep -q 'The test result is PASS' || fail "$1 self-test did not pass"
	[ "$(echo "$out" | grep -cE '(offline|on/offline)\)[[:space:]]+0$')" -eq 5 ] ||
		fail "expected 5 results, all 0"
}

test_selftest_offline_passes() {
	require_e1k
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready before the test"
	selftest_check offline
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the offline self-test"
	ping -c 5 -i 0.1 -W 2 "$REMOTE_V4" >/dev/null || fail "ping loss after the self-test"
}

test_selftest_online_passes() {
	require_e1k
	local before after
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	before=$(cat "/sys/class/net/$NETIF/carrier_changes")
	selftest_check online
	after=$(cat "/sys/class/net/$NETIF/carrier_changes")
	[ "$before" = "$after" ] || fail "online self-test bounced the link"
	ping -c 3 -i 0.2 -W 2 "$REMOTE_V4" >/dev/null || fail "no traffic after the online test"
}

test_adaptive_rx_on_by_default() {
	require_e1k
	[ "$(coal_get 'Adaptive RX')" = on ] || fail "adaptive-rx is not the default"
}

test_coalesce_set_get_roundtrip() {
	require_e1k
	local old old_adaptive
	old=$(coal_get rx-usecs) || fail "no rx-usecs in ethtool -c"
	old_adaptive=$(coal_get 'Adaptive RX')
	ethtool -C "$NETIF" adaptive-rx off || fail "set adaptive-rx off"
	ethtool -C "$NETIF" rx-usecs 100 || fail "set rx-usecs 100"
	[ "$(coal_get rx-usecs)" = 100 ] || fail "rx-usecs reads $(coal_get rx-usecs), not 100"
	# one throttle serves both directions
	[ "$(coal_get tx-usecs)" = 100 ] || fail "tx-usecs did not follow rx-usecs"
	ethtool -C "$NETIF" tx-usecs 30 || fail "set tx-usecs 30"
	[ "$(coal_get rx-usecs)" = 30 ] || fail "rx-usecs did not follow tx-usecs"
	ethtool -C "$NETIF" adaptive-rx on || fail "set adaptive-rx on"
	[ "$(coal_get 'Adaptive RX')" = on ] || fail "adaptive-rx not reported on"
	ethtool -C "$NETIF" adaptive-rx off || fail "set adaptive-rx off"
	[ "$(coal_get 'Adaptive RX')" = off ] || fail "adaptive-rx not reported off"
	ethtool -C "$NETIF" adaptive-rx "$old_adaptive" rx-usecs "$old" || fail "restore"
	[ "$(coal_get 'Adaptive RX')" = "$old_adaptive" ] || fail "adaptive-rx not restored"
	[ "$(coal_get rx-usecs)" = "$old" ] || fail "rx-usecs not restored"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after coalescing changes"
}

test_coalesce_fixed_value_survives_adaptive_watchdog() {
	# switching adaptive-rx off with a fixed rx-usecs while the watchdog's
	# adaptive step runs under load: the fixed value must stay in ITR
	# (register 7 of e1k's ethtool -d dump, 256 ns units)
	local pid itr old old_adaptive
	require_e1k
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	old=$(coal_get rx-usecs)
	old_adaptive=$(coal_get 'Adaptive RX')
	ethtool -C "$NETIF" adaptive-rx on || fail "set adaptive-rx on"
	ping -f -W1 "$REMOTE_V4" >/dev/null 2>&1 &
	pid=$!
	sleep 3
	ethtool -C "$NETIF" adaptive-rx off rx-usecs 200 || { kill $pid; fail "set rx-usecs 200"; }
	# two watchdog periods and more
	sleep 5
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	itr=$(ethtool -d "$NETIF" raw on | od -An -tu4 -j24 -N4 | tr -d ' ')
	ethtool -C "$NETIF" adaptive-rx "$old_adaptive" rx-usecs "$old" || fail "restore"
	info "ITR $itr after rx-usecs 200 (expected 781)"
	[ "$itr" = 781 ] || fail "ITR is $itr, not the 781 that rx-usecs 200 sets"
}

test_coalesce_rejects_out_of_range() {
	require_e1k
	local before out
	before=$(ethtool -c "$NETIF")
	out=$(ethtool -C "$NETIF" rx-usecs 20000 2>&1) && fail "rx-usecs 20000 accepted"
	info "$out"
	echo "$out" | grep -q 'at most' || fail "no extack message for rx-usecs 20000"
	out=$(ethtool -C "$NETIF" rx-usecs 10 tx-usecs 20 2>&1) && fail "rx 10 tx 20 accepted"
	info "$out"
	echo "$out" | grep -q 'must be equal' || fail "no extack message for rx != tx"
	ethtool -C "$NETIF" tx-frames 8 2>/dev/null && fail "unsupported tx-frames accepted"
	[ "$(ethtool -c "$NETIF")" = "$before" ] || fail "settings changed by rejected requests"
}

test_ring_rejects_5000_unchanged() {
	local rx tx out
	rx=$(ring_size rx) tx=$(ring_size tx)
	out=$(ethtool -G "$NETIF" rx 5000 2>&1) && fail "rx ring 5000 accepted"
	info "$out"
	echo "$out" | grep -qi 'exceeds maximum' || fail "no extack message"
	[ "$(ring_size rx)" = "$rx" ] && [ "$(ring_size tx)" = "$tx" ] || fail "ring sizes changed"
}

test_ring_resize_keeps_traffic() {
	local rx tx
	rx=$(ring_size rx) tx=$(ring_size tx)
	ethtool -G "$NETIF" rx 512 tx 128 || fail "resize to rx 512 tx 128"
	[ "$(ring_size rx)" = 512 ] && [ "$(ring_size tx)" = 128 ] || fail "sizes not applied"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after resize"
	ping -c 5 -i 0.1 -W 2 "$REMOTE_V4" >/dev/null || fail "ping loss after resize"
	ethtool -G "$NETIF" rx "$rx" tx "$tx" || fail "restore ring sizes"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after restoring the ring sizes"
}

test_regs_dump_nonempty() {
	require_e1k
	local len
	len=$(ethtool -d "$NETIF" raw on | wc -c)
	# version 1 layout: 29 registers of 4 bytes (docs/ethtool.md)
	[ "$len" -eq 116 ] || fail "register dump is $len bytes, expected 116"
	# STATUS (second word) has link up (bit 1) on a live link
	local status
	status=$(ethtool -d "$NETIF" raw on | od -An -tx4 -j4 -N4 | tr -d ' ')
	info "STATUS 0x$status"
	(( 0x$status & 2 )) || fail "STATUS in the dump does not show link up"
}

test_eeprom_dump_checksum() {
	local words sum
	words=$(ethtool -e "$NETIF" raw on | od -An -v -tu2) || fail "ethtool -e failed"
	[ "$(echo $words | wc -w)" -eq 64 ] || fail "EEPROM is not 64 words"
	sum=0
	for w in $words; do sum=$(((sum + w) & 0xffff)); done
	info "sum of words 0x$(printf %04x $sum)"
	[ $sum -eq $((0xBABA)) ] || fail "EEPROM words sum to $(printf 0x%04x $sum), not 0xBABA"
}

test_eeprom_write_unsupported() {
	require_e1k
	local magic
	magic=$(printf '0x%04x8086' "$(($(cat "/sys/class/net/$NETIF/device/device")))")
	ethtool -E "$NETIF" magic "$magic" offset 0 value 0 2>/dev/null &&
		fail "EEPROM write accepted"
	test_eeprom_dump_checksum
}

test_pause_stats_reported() {
	require_e1k
	local out
	out=$(ethtool -I -a "$NETIF") || fail "ethtool -I -a failed"
	info "$out"
	echo "$out" | grep -qE '^RX:[[:space:]]+off' || fail "RX pause not reported off"
	echo "$out" | grep -qE 'tx_pause_frames: 0' || fail "no tx_pause_frames"
	echo "$out" | grep -qE 'rx_pause_frames: 0' || fail "no rx_pause_frames"
	ethtool -A "$NETIF" rx on 2>/dev/null && fail "RX pause accepted"
	ethtool -A "$NETIF" rx off tx off autoneg off || fail "turning pause off failed"
}

test_rmon_histogram_counts() {
	require_e1k
	local b_rx b_tx a_rx a_tx
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	b_rx=$(std_stat rmon rx-rmon-etherStatsPkts512to1023Octets) || fail "no rx 512-1023 bucket"
	b_tx=$(std_stat rmon tx-rmon-etherStatsPkts512to1023Octets) || fail "no tx 512-1023 bucket"
	# 600 bytes of payload: 14 + 20 + 8 + 600 + 4 (FCS) = 646-byte frames
	ping -c 10 -i 0.05 -W 2 -s 600 "$REMOTE_V4" >/dev/null || fail "ping loss"
	a_rx=$(std_stat rmon rx-rmon-etherStatsPkts512to1023Octets)
	a_tx=$(std_stat rmon tx-rmon-etherStatsPkts512to1023Octets)
	info "rx 512-1023: $b_rx -> $a_rx, tx: $b_tx -> $a_tx"
	[ $((a_rx - b_rx)) -ge 10 ] || fail "rx bucket grew by $((a_rx - b_rx)), expected >= 10"
	[ $((a_tx - b_tx)) -ge 10 ] || fail "tx bucket grew by $((a_tx - b_tx)), expected >= 10"
}

test_eth_mac_stats_present() {
	require_e1k
	local b a
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	b=$(std_stat eth-mac eth-mac-FramesReceivedOK) || fail "no FramesReceivedOK"
	std_stat eth-mac eth-mac-OctetsTransmittedOK >/dev/null || fail "no OctetsTransmittedOK"
	std_stat eth-mac eth-mac-FrameCheckSequenceErrors >/dev/null || fail "no FCS errors"
	std_stat eth-phy eth-phy-SymbolErrorDuringCarrier >/dev/null || fail "no eth-phy group"
	std_stat eth-ctrl eth-ctrl-UnsupportedOpcodesReceived >/dev/null ||
		fail "no eth-ctrl group"
	ping -c 5 -i 0.1 -W 2 "$REMOTE_V4" >/dev/null || fail "ping loss"
	a=$(std_stat eth-mac eth-mac-FramesReceivedOK)
	[ $((a - b)) -ge 5 ] || fail "FramesReceivedOK grew by $((a - b)), expected >= 5"
}

test_stats_json_parses() {
	require_e1k
	require_cmd jq
	local v
	# Debian's ethtool 6.1 supports --json for -S with --groups (not plain -S)
	v=$(ethtool --json -S "$NETIF" --groups eth-mac rmon |
		jq '.[0]["eth-mac"].FramesReceivedOK') || fail "JSON did not parse"
	[ -n "$v" ] && [ "$v" != null ] || fail "FramesReceivedOK missing from JSON"
	v=$(ethtool --json -S "$NETIF" --groups rmon | jq '.[0].rmon["rx-pktsNtoM"] | length')
	[ "$v" = 6 ] || fail "rmon histogram has $v buckets, expected 6"
	ethtool --json -k "$NETIF" | jq -e . >/dev/null || fail "ethtool --json -k did not parse"
}

test_link_ksettings_rejects_100_half() {
	require_e1k
	ethtool -s "$NETIF" speed 100 duplex half autoneg off 2>/dev/null &&
		fail "100/half accepted"
	ethtool -s "$NETIF" speed 10 duplex full 2>/dev/null && fail "10/full accepted"
	local out
	out=$(ethtool "$NETIF")
	echo "$out" | grep -q 'Speed: 1000Mb/s' || fail "speed changed"
	echo "$out" | grep -q 'Duplex: Full' || fail "duplex changed"
	echo "$out" | grep -q 'Auto-negotiation: on' || fail "autoneg changed"
	echo "$out" | grep -qE 'Supported link modes:[[:space:]]+1000baseT/Full$' ||
		fail "supported modes are not 1000baseT/Full only"
	ethtool -s "$NETIF" speed 1000 duplex full autoneg on || fail "1000/full rejected"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after 1000/full"
}

test_nway_reset_link_returns() {
	local t0 t1
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	t0=$(now_ms)
	ethtool -r "$NETIF" || fail "ethtool -r failed"
	wait_for "$(budget 5)" carrier_is "$NETIF" 1 || fail "no carrier $(budget 5) s after ethtool -r"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after ethtool -r"
	t1=$(now_ms)
	info "traffic back after $((t1 - t0)) ms"
}

test_wol_reports_none() {
	require_e1k
	local out
	out=$(ethtool "$NETIF")
	echo "$out" | grep -qE 'Supports Wake-on: d$' || fail "WoL support reported"
	echo "$out" | grep -qE '^[[:space:]]*Wake-on: d$' || fail "WoL reported enabled"
	ethtool -s "$NETIF" wol g 2>/dev/null && fail "wol g accepted"
	ethtool -s "$NETIF" wol u 2>/dev/null && fail "wol u accepted"
	return 0
}

test_identify_and_ts_info() {
	require_e1k
	ethtool -p "$NETIF" 1 || fail "ethtool -p failed"
	ethtool -T "$NETIF" | grep -q 'software-receive' || fail "no software RX timestamps"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after identify"
}

ktap_main test_drvinfo_names_e1k test_adaptive_rx_on_by_default test_selftest_offline_passes test_selftest_online_passes \
	test_coalesce_set_get_roundtrip test_coalesce_fixed_value_survives_adaptive_watchdog \
	test_coalesce_rejects_out_of_range \
	test_ring_rejects_5000_unchanged test_ring_resize_keeps_traffic \
	test_regs_dump_nonempty test_eeprom_dump_checksum test_eeprom_write_unsupported \
	test_pause_stats_reported test_rmon_histogram_counts test_eth_mac_stats_present \
	test_stats_json_parses test_link_ksettings_rejects_100_half \
	test_nway_reset_link_returns test_wol_reports_none test_identify_and_ts_info
