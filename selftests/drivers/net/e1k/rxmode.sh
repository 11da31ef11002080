#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Receive address filtering (loop topology): station address and spare
# RAR slots for unicast, the MTA hash for multicast, allmulti and promisc
# as fallbacks, and no RX pause on changes that leave RCTL alone.  Frames
# come from ns-remote through a packet socket; the driver's rx_packets
# counter tells whether the MAC's filter let them in.
. "$(dirname "$0")/lib.sh"

RNS=remote
RIF=${REMOTE_NETIF:-eth1}
RAWSEND=$(cd "$(dirname "$0")" && pwd)/host/rawsend.py
FOREIGN=02:00:00:aa:bb:cc
SECONDARY=02:00:00:aa:bb:cd
# MTA hash (RCTL.MO=0: DA bits 47:36) 0x030 and 0x770; no group the stack
# joins by itself shares either bucket.
JOINED=01:00:5e:01:02:03
UNJOINED=01:00:5e:05:06:77

require_loop() { require_remote; }

# promiscuity: NETIF's promiscuity count (ip -d link)
promiscuity() { ip -d link show "$NETIF" | grep -o 'promiscuity [0-9]*' | cut -d' ' -f2; }

# require_unicast_filter: after secondary addresses were
# added, the core did not have to turn promisc on for them: the driver
# filters unicast addresses (IFF_UNICAST_FLT).  Cleans up and skips if not.
require_unicast_filter() {
	[ "$(promiscuity)" = 0 ] && return 0
	local l
	for l in /sys/class/net/e1kmv*; do [ -e "$l" ] && ip link del "${l##*/}"; done
	skip "no unicast address filter (secondary addresses set promisc)"
}

# received DST: how many of 100 frames sent to DST the driver received
received() {
	local a b
	a=$(sysfs_stat rx_packets)
	$RNS python3 "$RAWSEND" "$RIF" "$1" 100 >/dev/null || return 1
	sleep 0.5
	b=$(sysfs_stat rx_packets)
	echo $((b - a))
}

expect_dropped() { # DST WHAT
	local n
	n=$(received "$1") || fail "send to $1"
	info "$2: $n of 100 received"
	[ "$n" -lt 20 ] || fail "$2: $n of 100 frames to $1 got through"
}

expect_received() { # DST WHAT
	local n
	n=$(received "$1") || fail "send to $1"
	info "$2: $n of 100 received"
	[ "$n" -ge 100 ] || fail "$2: only $n of 100 frames to $1"
}

setup() {
	require_loop
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
}

test_rxmode_own_address_received() {
	setup
	expect_received "$(cat /sys/class/net/"$NETIF"/address)" "station address"
}

test_rxmode_foreign_unicast_needs_promisc() {
	setup
	expect_dropped $FOREIGN "foreign unicast"
	ip link set "$NETIF" promisc on
	sleep 1.5	# RCTL changed: the model pauses RX for ~1 s
	expect_received $FOREIGN "foreign unicast, promisc"
	ip link set "$NETIF" promisc off
	sleep 1.5
	expect_dropped $FOREIGN "foreign unicast, promisc off again"
}

test_rxmode_secondary_unicast_uses_rar() {
	setup
	ip link add link "$NETIF" name e1kmv0 address $SECONDARY type macvlan mode bridge ||
		skip "no macvlan"
	ip link set e1kmv0 up
	sleep 0.2
	require_unicast_filter
	expect_received $SECONDARY "secondary address"
	expect_dropped $FOREIGN "foreign unicast next to a secondary"
	ip link del e1kmv0
	sleep 0.2
	expect_dropped $SECONDARY "secondary address removed"
}

test_rxmode_unicast_overflow_goes_promisc() {
	local i
	setup
	require_qemu_e1000_class "the number of unicast filter slots is unknown"
	for i in $(seq 10 25); do	# 16 addresses, one more than the spare RARs (16 on all four models)
		ip link add link "$NETIF" name e1kmv$i address 02:00:00:aa:cc:$i \
			type macvlan mode bridge || skip "no macvlan"
		ip link set e1kmv$i up
	done
	sleep 1.5
	require_unicast_filter
	expect_received 02:00:00:aa:cc:25 "16th secondary address"
	expect_received $FOREIGN "foreign unicast with RARs exhausted"
	for i in $(seq 10 25); do ip link del e1kmv$i; done
	sleep 1.5
	expect_dropped $FOREIGN "foreign unicast, RARs free again"
}

test_rxmode_multicast_joined_only() {
	setup
	ip maddr add $JOINED dev "$NETIF" || fail "ip maddr add"
	sleep 0.2
	expect_received $JOINED "joined group"
	expect_dropped $UNJOINED "unjoined group"
	ip link set "$NETIF" allmulticast on
	sleep 1.5
	expect_received $UNJOINED "unjoined group, allmulti"
	ip link set "$NETIF" allmulticast off
	sleep 1.5
	expect_dropped $UNJOINED "unjoined group, allmulti off"
	ip maddr del $JOINED dev "$NETIF"
	sleep 0.2
	expect_dropped $JOINED "left group"
}

# ping_around FUNC: FUNC runs while pings flow (0.1 s apart, from the first
# reply until 3.5 s after FUNC: a 1 s pause's delayed replies come by then);
# sets SLOW, the pings that took >= 250 ms, and AFTER, the replies that came
# after FUNC started.  Pings run until stopped rather than for a count, so
# FUNC lands while they flow however slowly a (debug) guest starts processes.
ping_around() {
	local pid t
	ping -D -i 0.1 -W 2 "$REMOTE_V4" >/tmp/rxmode-ping.txt &
	pid=$!
	wait_for 20 grep -q 'time=' /tmp/rxmode-ping.txt
	t=$EPOCHREALTIME
	"$1"
	sleep 3.5
	kill -INT $pid
	wait $pid || true
	tail -2 /tmp/rxmode-ping.txt >&2
	SLOW=$(grep -o 'time=[0-9]*' /tmp/rxmode-ping.txt | awk -F= '$2 >= 250' | wc -l)
	AFTER=$(awk -v t="$t" -F'[][]' '/time=/ && $2 > t' /tmp/rxmode-ping.txt | wc -l)
	info "$SLOW pings took >= 250 ms; $AFTER replies came after the change"
	[ "$AFTER" -ge 5 ] || fail "pings stopped before the change"
}

# joins and leaves a group, and turns off modes that are already off
noop_changes() {
	local i
	for i in 1 2 3 4 5; do
		ip maddr add $JOINED dev "$NETIF"
		sleep 0.3
		ip link set "$NETIF" allmulticast off
		ip link set "$NETIF" promisc off
		ip maddr del $JOINED dev "$NETIF"
		sleep 0.3
	done
}

promisc_on() { ip link set "$NETIF" promisc on; }

# Filter changes that leave RCTL alone must not trigger the model's 1 s RX
# pause: the driver writes RCTL only when its value changes.
test_rxmode_noop_change_no_rx_stall() {
	setup
	ping_around noop_changes
	grep -q ' 0% packet loss' /tmp/rxmode-ping.txt || fail "ping lost packets"
	# A 1 s RX pause delays every ping sent inside it (~10 at 0.1 s
	# intervals, RTTs falling from ~1000 ms); a busy TCG host delays one
	# or two.
	[ "$SLOW" -lt 4 ] || fail "$SLOW pings took >= 250 ms: RX paused (RCTL rewritten?)"
}

# Control for the test above: a change that does rewrite RCTL (promisc on)
# shows the model's RX pause with the same detector.
test_rxmode_rctl_change_pauses_rx() {
	setup
	require_qemu_8254x "the 1 s RX pause on an RCTL write is the 8254x model's"
	ping_around promisc_on
	ip link set "$NETIF" promisc off
	sleep 1.5
	[ "$SLOW" -ge 4 ] || {
		sed 's/^/  /' /tmp/rxmode-ping.txt >&2
		fail "no RX pause seen: the stall detector is blind"
	}
}

ktap_main test_rxmode_own_address_received test_rxmode_foreign_unicast_needs_promisc \
	test_rxmode_secondary_unicast_uses_rar test_rxmode_unicast_overflow_goes_promisc \
	test_rxmode_multicast_joined_only test_rxmode_noop_change_no_rx_stall \
	test_rxmode_rctl_change_pauses_rx
