#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Ring resize (ethtool -G, from 80 slots to the maximum ethtool -g reports)
# and ifdown/ifup while traffic flows: the interface comes back with the new
# sizes and carries traffic.
. "$(dirname "$0")/lib.sh"

start_traffic() {
	ping -f -W1 "$REMOTE_V4" >/dev/null 2>&1 &
	echo $!
}

# timed CMD...: run CMD and add how long it took (ms) to $times; the
# slowest so far is $slowest
timed() {
	local t0=$(now_ms) rc=0 dt
	"$@" || rc=$?
	dt=$(($(now_ms) - t0))
	times="$times $dt"
	[ "$dt" -le "${slowest:-0}" ] || slowest=$dt
	return $rc
}

# a reconfiguration stops the datapath and waits for the IRQ line to go
# idle; a wait that spins on the IO-APIC starved the other vCPU under
# TCG for 1-9 s (soft lockups, the TX watchdog, a reset, in every run)
SWAP_MS=$(budget 2000)
swaps_quick() {
	info "$1 took (ms):$times"
	[ "$slowest" -le "$SWAP_MS" ] ||
		fail "a $1 took $slowest ms (over $SWAP_MS): the guest stalled"
}

# ring_small: the smallest size the tests use: 80 slots (the 8254x minimum;
# a full TX ring inside an xmit_more batch), or 128 where the rings need a
# power of two; the rings are left at that size
ring_small() {
	local s
	for s in 80 128; do
		ethtool -G "$NETIF" rx $s tx $s 2>/dev/null &&
			[ "$(ring_size rx)" = $s ] && [ "$(ring_size tx)" = $s ] && { echo $s; return; }
	done
	fail "neither 80 nor 128 slots accepted"
}

# at_least MIN N...: each N, or MIN where N is smaller
at_least() {
	local m=$1 n
	shift
	for n in "$@"; do echo $((n < m ? m : n)); done
}

# ring_big: the largest size both rings take, from ethtool -g
ring_big() {
	local rx tx
	rx=$(ring_max rx) tx=$(ring_max tx)
	echo $((rx < tx ? rx : tx))
}

test_rings_limits() {
	local max rx tx
	require_ring_resize
	max=$(ring_max rx)
	rx=$(ring_size rx) tx=$(ring_size tx)
	info "maximum rx $max tx $(ring_max tx), current rx $rx tx $tx"
	[ "$max" -ge "$rx" ] && [ "$(ring_max tx)" -ge "$tx" ] || fail "maximum below the current size"
	ethtool -G "$NETIF" rx $((max + 8)) 2>/dev/null &&
		fail "rx $((max + 8)) (above the maximum) accepted"
	ethtool -G "$NETIF" tx $(($(ring_max tx) + 8)) 2>/dev/null && fail "tx above the maximum accepted"
	[ "$(ring_size rx)" = "$rx" ] && [ "$(ring_size tx)" = "$tx" ] || fail "ring sizes changed"
}

# A size the driver cannot use as asked (below the minimum, not a multiple of
# 8 for the 8254x's 128-byte descriptor fetches) is refused; a driver that
# accepts it must use exactly that size, not silently another.
test_rings_inexact_size_refused() {
	local rx tx s got
	require_ring_resize
	rx=$(ring_size rx) tx=$(ring_size tx)
	for s in "rx 79" "tx 100"; do
		# shellcheck disable=SC2086
		if ethtool -G "$NETIF" $s 2>/dev/null; then
			set -- $s
			got=$(ring_size "$1")
			[ "$got" = "$2" ] || {
				ethtool -G "$NETIF" rx "$rx" tx "$tx"
				fail "$s accepted, but the ring has $got slots"
			}
			info "$s accepted and applied"
		else
			info "$s refused"
		fi
	done
	ethtool -G "$NETIF" rx "$rx" tx "$tx" 2>/dev/null
	[ "$(ring_size rx)" = "$rx" ] && [ "$(ring_size tx)" = "$tx" ] || fail "ring sizes not restored"
}

test_rings_resize_under_traffic() {
	local pid s small big old times="" slowest=0
	require_ring_resize
	old=$(ring_size rx)
	small=$(ring_small) big=$(ring_big)
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	pid=$(start_traffic)
	# fractions of the maximum, none below the small size
	for s in $small $big $(at_least $small $((big / 16)) $((big / 4))) $small \
		$(at_least $small $((big / 8))) "$old"; do
		timed ethtool -G "$NETIF" rx $s tx $s || { kill $pid; fail "resize to $s"; }
		[ "$(ring_size rx)" = $s ] && [ "$(ring_size tx)" = $s ] ||
			{ kill $pid; fail "sizes after -G $s: rx $(ring_size rx) tx $(ring_size tx)"; }
		sleep 0.5
	done
	kill $pid
	wait $pid 2>/dev/null
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the resizes"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss afterwards"
	swaps_quick "resize"
}

test_rings_small_and_large_carry_tcp() {
	# at 80 slots a few 64 KiB TSO packets fill the TX ring, so the queue
	# stops inside xmit_more batches: the tail must still be written, or
	# the watchdog finds TX hung
	local s hangs old
	require_ring_resize
	require_cmd iperf3
	old="$(ring_size rx) $(ring_size tx)"
	hangs=$(dmesg | grep -c -E 'TX hang|TX timeout')
	for s in "$(ring_small)" "$(ring_big)"; do
		ethtool -G "$NETIF" rx $s tx $s || fail "resize to $s"
		link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready at $s"
		iperf3 -c "$REMOTE_V4" -t 2 >/tmp/rings.txt 2>&1 ||
			{ cat /tmp/rings.txt >&2; fail "iperf3 tx at ring size $s"; }
		iperf3 -c "$REMOTE_V4" -t 2 -R >/tmp/rings.txt 2>&1 ||
			{ cat /tmp/rings.txt >&2; fail "iperf3 rx at ring size $s"; }
		info "ring $s: $(grep receiver /tmp/rings.txt)"
	done
	set -- $old
	ethtool -G "$NETIF" rx "$1" tx "$2"
	info "TX queue stops: $(ethtool_stat tx_stop_queue || echo "n/a (no tx_stop_queue counter)")"
	[ "$(dmesg | grep -c -E 'TX hang|TX timeout')" = "$hangs" ] ||
		fail "TX hung: $(dmesg | grep -E 'TX hang|TX timeout' | tail -n 1)"
}

test_rings_resize_keeps_tcp_connection() {
	# the new rings are allocated while the old ones carry traffic and
	# swapped in within milliseconds: a TCP connection lives through
	# several resizes, and a sha256-checked transfer arrives intact
	local ipid xpid s rc=0 sizes old max times="" slowest=0
	require_host
	require_cmd iperf3
	require_ring_resize
	old=$(ring_size rx) max=$(ring_big)
	# within the maximum; the last one back to where the rings were
	for s in 512 128 1024; do [ $s -gt "$max" ] || sizes="$sizes $s"; done
	sizes="$sizes $old"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	iperf3 -c "$REMOTE_V4" -t 8 > /tmp/rings-tcp.txt 2>&1 &
	ipid=$!
	( sha256_tx 16 5003 ) &
	xpid=$!
	sleep 1
	for s in $sizes; do
		timed ethtool -G "$NETIF" rx $s tx $s || rc=1
		sleep 1
	done
	wait $xpid || rc=2
	wait $ipid || { cat /tmp/rings-tcp.txt >&2; fail "iperf3's connection did not survive"; }
	info "$(grep -E 'sender|receiver' /tmp/rings-tcp.txt)"
	[ $rc != 1 ] || fail "a resize failed"
	[ $rc != 2 ] || fail "the transfer during the resizes failed"
	swaps_quick "resize"
}

test_rings_ifdown_ifup_under_traffic() {
	local pid i times="" slowest=0
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	pid=$(start_traffic)
	for i in $(seq 10); do
		timed ip link set "$NETIF" down || fail "down $i"
		timed ip link set "$NETIF" up || fail "up $i"
		wait_for 5 carrier_is "$NETIF" 1 || { kill $pid; fail "no carrier after up $i"; }
	done
	kill $pid
	wait $pid 2>/dev/null
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after 10 down/up"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss afterwards"
	swaps_quick "down or up"
}

ktap_main test_rings_limits test_rings_inexact_size_refused test_rings_resize_under_traffic \
	test_rings_small_and_large_carry_tcp \
	test_rings_resize_keeps_tcp_connection test_rings_ifdown_ifup_under_traffic
