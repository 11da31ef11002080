#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Malformed frames from the wire: the driver keeps working and counts what
# it (or the device) dropped.
. "$(dirname "$0")/lib.sh"

N=${E1K_FLOOD_COUNT:-500}

flood() {
	hostctl sh "python3 selftests/drivers/net/e1k/host/flood.py e1kt0 \
		$(cat /sys/class/net/$NETIF/address) $LOCAL_V4 $N"
}

# Frames of a flood that never reached the driver: dropped by the host's
# tap when a loaded host leaves QEMU's reads of it behind (the flood is
# paced, but not against that), or missed by the NIC for want of RX
# buffers.  A count the guest checks may fall short by these and no more.
# The NIC's counter is folded in by the watchdog: read it 3 s after.
lost_frames() {
	echo $(($(hostctl sh 'cat /sys/class/net/e1kt0/statistics/tx_dropped') +
		$(sysfs_stat rx_missed_errors)))
}

# lost_since BEFORE: frames lost since lost_frames printed BEFORE; fails the
# test when so many were lost (a tenth of a kind's N) that the counts left
# could pass without the driver doing its part
lost_since() {
	local lost=$(($(lost_frames) - $1))
	[ $((lost * 10)) -lt "$N" ] ||
		fail "$lost frames of the flood lost before the driver: too many to judge"
	echo "$lost"
}

test_malformed_flood_leaves_link_working() {
	require_host
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	flood >&2 || fail "host flood failed"
	carrier_is "$NETIF" 1 || fail "carrier lost"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' ||
		fail "ping lost packets after the flood"
}

test_oversize_frames_counted() {
	local before after lost
	require_host
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	before=$(sysfs_stat rx_length_errors)
	lost=$(lost_frames)
	flood > /dev/null || fail "host flood failed"
	# hardware counters are folded in by the watchdog every 2 s
	sleep 3
	lost=$(lost_since "$lost") || exit
	after=$(sysfs_stat rx_length_errors)
	info "rx_length_errors $before -> $after after $((2 * N)) oversized frames" \
		"($lost frames of the flood lost before the driver)"
	[ "$after" -ge $((before + 2 * N - lost)) ] || fail "oversized frames not counted"
}

test_bad_checksums_reach_stack_unverified() {
	# whether the device checks RX checksums or not, no bad sum may reach
	# the stack as verified: it must catch every one itself.  A device
	# that checks (the 82574L) counts its bad verdicts too.
	local hdr0 udp0 hdr1 udp1 lost e0=
	require_host
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	[ "$(feature_state rx-checksumming)" = on ] && tap_csum_is on &&
		e0=$(ethtool_stat rx_csum_offload_errors)
	hdr0=$(snmp Ip InHdrErrors)
	udp0=$(snmp Udp InCsumErrors)
	lost=$(lost_frames)
	flood > /dev/null || fail "host flood failed"
	sleep 3
	lost=$(lost_since "$lost") || exit
	hdr1=$(snmp Ip InHdrErrors)
	udp1=$(snmp Udp InCsumErrors)
	info "Ip InHdrErrors $hdr0 -> $hdr1, Udp InCsumErrors $udp0 -> $udp1" \
		"($lost frames of the flood lost before the driver)"
	[ $((hdr1 - hdr0 + lost)) -ge "$N" ] || fail "bad IP header checksums not caught"
	[ $((udp1 - udp0 + lost)) -ge "$N" ] || fail "bad UDP checksums not caught"
	[ -n "$e0" ] || return 0
	info "rx_csum_offload_errors $e0 -> $(ethtool_stat rx_csum_offload_errors)"
	[ $(($(ethtool_stat rx_csum_offload_errors) - e0 + lost)) -ge $((2 * N)) ] ||
		fail "the device's bad checksum verdicts not counted"
}

test_flood_mostly_lost_is_not_judged() {
	# lost_since's refusal, driven: with eth0 down the NIC takes nothing,
	# QEMU stops reading the tap, and a tap queue of 10 drops the rest
	local qlen lost out
	require_host
	qlen=$(hostctl sh 'cat /sys/class/net/e1kt0/tx_queue_len') || fail "no host channel"
	lost=$(lost_frames)
	ip link set "$NETIF" down
	hostctl sh 'ip link set e1kt0 txqueuelen 10' > /dev/null
	flood > /dev/null
	hostctl sh "ip link set e1kt0 txqueuelen $qlen" > /dev/null
	ip link set "$NETIF" up
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the flood"
	sleep 3
	if out=$(lost_since "$lost" 2>&1); then
		fail "judged a flood that lost $out frames before the driver"
	fi
	info "$out"
	case $out in *"too many to judge"*) ;; *) fail "refused for another reason: $out" ;; esac
}

ktap_main test_malformed_flood_leaves_link_working test_oversize_frames_counted \
	test_bad_checksums_reach_stack_unverified test_flood_mostly_lost_is_not_judged \
	test_pool_pages_all_back
