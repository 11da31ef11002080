#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A misbehaving device, on demand: the driver's debugfs fault knobs make it
# read what a broken or hostile NIC would write (zero and impossible
# lengths, error bits, endless descriptor chains, TX done before the
# doorbell, failed DMA mappings and RX buffer allocations, all-ones MMIO
# after a surprise removal).
# Each fault must end in a counted drop or a clean detach, never a splat,
# a leak or a stuck queue, and the link must carry sha256-verified traffic
# afterwards.  Drivers without the knobs skip.
. "$(dirname "$0")/lib.sh"

MIB=${E1K_MISBEHAVE_MIB:-4}

require_knob() {
	require_host
	[ -w "$(knob "$1")" ] || skip "no fault knob $1 (debugfs, or not e1k)"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
}

# arm_under_ping KNOB N [PING ARGS]: arm N shots of KNOB while pinging the
# peer, until every shot is used (or fail)
arm_under_ping() {
	local k=$1 n=$2 pid args=(-i 0.02)
	shift 2
	[ $# -gt 0 ] && args=("$@")
	ping "${args[@]}" -W1 "$REMOTE_V4" >/dev/null 2>&1 &
	pid=$!
	echo "$n" > "$(knob "$k")"
	wait_for "$(budget 20)" sh -c "[ \"\$(cat $(knob "$k"))\" = 0 ]"
	# a few more frames: a chain left open by the last shot ends with them
	sleep 0.5
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$(cat "$(knob "$k")")" = 0 ] ||
		{ echo 0 > "$(knob "$k")"; fail "$k: $(cat "$(knob "$k")") shots left unused"; }
}

# intact [rx|tx]: the link works and carries sha256-verified TCP in the
# direction the fault was in (both by default)
intact() {
	link_ready "$NETIF" "$REMOTE_V4" || fail "no link after the fault"
	[ "$1" = rx ] || sha256_tx "$MIB"
	[ "$1" = tx ] || sha256_rx "$MIB"
}

# grew STAT BEFORE MIN: a sysfs counter rose by at least MIN (the watchdog
# folds hardware counters in every 2 s, software ones are immediate)
grew() {
	local now
	now=$(sysfs_stat "$1")
	info "$1: $2 -> $now"
	[ "$now" -ge $(($2 + $3)) ] || fail "$1 grew by $((now - $2)), expected at least $3"
}

test_rx_zero_length_dropped_and_counted() {
	local e
	require_knob rx_len_zero
	e=$(sysfs_stat rx_errors)
	arm_under_ping rx_len_zero 5
	grew rx_errors "$e" 5
	intact rx
}

test_rx_length_above_buffer_dropped_and_counted() {
	local e
	require_knob rx_len_over
	e=$(sysfs_stat rx_errors)
	arm_under_ping rx_len_over 5
	grew rx_errors "$e" 5
	intact rx
}

test_rx_error_bit_dropped_and_counted() {
	local e
	require_knob rx_err
	e=$(sysfs_stat rx_errors)
	arm_under_ping rx_err 5
	grew rx_errors "$e" 5
	intact rx
}

test_rx_missing_eop_frame_dropped_as_oversize() {
	# three full buffers without end-of-packet: one frame of > 6 KiB at
	# MTU 1500, too long for the stack
	local l
	require_knob rx_no_eop
	l=$(sysfs_stat rx_length_errors)
	arm_under_ping rx_no_eop 3
	grew rx_length_errors "$l" 1
	intact rx
}

test_rx_endless_chain_dropped_even_with_rx_all() {
	# rx-all lifts the frame-size check, so only the chain limit (the
	# descriptors of the largest frame) stands between a device that never
	# sets EOP and a 30 KiB "frame" in the stack
	local e
	require_knob rx_no_eop
	ethtool -K "$NETIF" rx-all on 2>/dev/null || skip "no rx-all"
	link_ready "$NETIF" "$REMOTE_V4" || { ethtool -K "$NETIF" rx-all off; fail "no link"; }
	e=$(sysfs_stat rx_errors)
	arm_under_ping rx_no_eop 15
	ethtool -K "$NETIF" rx-all off
	grew rx_errors "$e" 1
	intact rx
}

test_rx_no_eop_flood_keeps_polls_bounded() {
	# many descriptors in a row without EOP under a ping flood: every
	# descriptor counts against the NAPI budget, so polls end and the
	# box stays responsive; then everything works again
	local e
	require_knob rx_no_eop
	e=$(sysfs_stat rx_errors)
	arm_under_ping rx_no_eop 400 -f
	grew rx_errors "$e" 1
	intact rx
}

test_rx_buffer_alloc_failure_counted_and_recovers() {
	# memory pressure in NAPI's refill under a ping flood: each failed
	# buffer is counted, the ring runs on the buffers it still has (the
	# watchdog refills it if it empties), and then works as before
	local before got
	require_knob rx_alloc_fail
	before=$(ethtool_stat rx_alloc_failed)
	arm_under_ping rx_alloc_fail 64 -f
	got=$(($(ethtool_stat rx_alloc_failed) - before))
	info "rx_alloc_failed +$got for 64 failed allocations"
	[ "$got" = 64 ] || fail "64 allocations failed, $got counted"
	intact rx
}

test_rx_skb_alloc_failure_dropped_and_counted() {
	# no skb for a received frame (built in the buffer, or copied for a
	# short one): the frame is dropped and counted, its buffer goes back
	# to the page pool, and none of the pool's pages stays out
	local before got
	require_knob rx_skb_fail
	before=$(ethtool_stat rx_dropped_nomem)
	arm_under_ping rx_skb_fail 64 -f -s 1400
	got=$(($(ethtool_stat rx_dropped_nomem) - before))
	info "rx_dropped_nomem +$got for 64 failed skbs"
	[ "$got" = 64 ] || fail "64 skbs failed, $got counted"
	intact rx
	pool_pages_back || info "this kernel cannot list page pools"
}

# mtu_both MTU: NETIF's and the host tap's MTU
mtu_both() {
	hostctl sh "ip link set e1kt0 mtu $1" >/dev/null || fail "host tap: mtu $1 refused"
	ip link set "$NETIF" mtu "$1"
}

test_rx_skb_alloc_failure_in_split_head_dropped_and_counted() {
	# a frame too long to share its half page with skb_shared_info gets
	# a new head for its headers, the rest staying in the page: when that
	# head cannot be had, the frame is dropped and counted and the page
	# goes back to the pool
	local before got
	require_knob rx_skb_fail
	trap 'mtu_both 1500' EXIT
	mtu_both 2000 || skip "no MTU 2000 (no jumbo frames)"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no link at MTU 2000"
	before=$(ethtool_stat rx_dropped_nomem)
	# 1,942-byte frames: over the 1,728 that fit beside skb_shared_info
	arm_under_ping rx_skb_fail 64 -f -s 1900
	got=$(($(ethtool_stat rx_dropped_nomem) - before))
	info "rx_dropped_nomem +$got for 64 failed heads"
	[ "$got" = 64 ] || fail "64 heads failed, $got counted"
	ping -c 5 -i 0.2 -W 2 -M do -s 1900 "$REMOTE_V4" | grep -q ' 0% packet loss' ||
		fail "loss with 1,942-byte frames after the failures"
	trap - EXIT
	mtu_both 1500
	intact rx
	pool_pages_back || info "this kernel cannot list page pools"
}

test_tx_dma_map_failure_dropped_and_counted() {
	local d
	require_knob tx_map_fail
	d=$(sysfs_stat tx_dropped)
	arm_under_ping tx_map_fail 5
	grew tx_dropped "$d" 5
	intact tx
}

test_tx_dma_map_failure_mid_tso_keeps_stream_intact() {
	# failures inside multi-fragment TSO packets unwind the mappings made
	# so far (DMA-API debug checks that on the debug kernel); TCP resends
	# what was dropped, so the bytes still arrive intact.  A few shots
	# only: a retransmission that fails too doubles TCP's timeout.
	local d
	require_knob tx_map_fail
	d=$(sysfs_stat tx_dropped)
	echo 4 > "$(knob tx_map_fail)"
	sha256_tx 8
	info "shots left: $(cat "$(knob tx_map_fail)")"
	echo 0 > "$(knob tx_map_fail)"
	grew tx_dropped "$d" 1
}

test_tx_done_before_doorbell_survives() {
	# the device reports packets done before the tail write: BQL must
	# already know their bytes (dql_completed() BUGs otherwise)
	require_knob tx_early_dd
	arm_under_ping tx_early_dd 200 -f
	intact tx
}

# is_up: NETIF is administratively up
is_up() { ip -o link show dev "$NETIF" | grep -q '[<,]UP[,>]'; }

test_reset_without_rx_buffers_recovers() {
	# the TX-hang reset restarts on the same rings but can post no RX
	# buffer: the interface stays up, the watchdog refills the ring
	require_knob rx_fill_fail
	[ -w "$(knob stall_tx)" ] || skip "no stall_tx knob"
	echo 1 > "$(knob rx_fill_fail)"
	echo 1 > "$(knob stall_tx)"
	ping -i 0.05 -W1 -w "$(budget 12)" "$REMOTE_V4" >/dev/null 2>&1 &
	wait_for "$(budget 12)" sh -c "dmesg | grep -q 'no RX buffer could be posted'" ||
		{ echo 0 > "$(knob rx_fill_fail)"; echo 0 > "$(knob stall_tx)"; wait
		  fail "the reset never ran short of RX buffers"; }
	wait
	is_up || fail "$NETIF went down"
	intact
}

test_ring_resize_that_fails_keeps_old_rings() {
	# the new rings are allocated before the old ones go: when that fails
	# the resize returns an error and traffic goes on on the old rings
	local rx tx out
	require_knob rx_fill_fail
	rx=$(ring_size rx)
	tx=$(ring_size tx)
	echo 1 > "$(knob rx_fill_fail)"
	out=$(ethtool -G "$NETIF" rx $((rx == 512 ? 256 : 512)) tx $((tx == 512 ? 256 : 512)) 2>&1) &&
		fail "the resize succeeded though the new ring could not be filled"
	info "ethtool -G: $out"
	echo "$out" | grep -q 'keeping the old' || fail "no extack message"
	is_up || fail "$NETIF went down"
	[ "$(ring_size rx)" = "$rx" ] || fail "rx ring is $(ring_size rx), not the old $rx"
	[ "$(ring_size tx)" = "$tx" ] || fail "tx ring is $(ring_size tx), not the old $tx"
	intact
}

test_resume_without_rx_buffers_recovers() {
	# resume restarts on the rings kept over the suspend; with no RX
	# buffer to post it still comes up, and the watchdog refills
	require_knob rx_fill_fail
	[ -w /sys/power/pm_test ] || skip "no /sys/power/pm_test (CONFIG_PM_DEBUG)"
	grep -qw freeze /sys/power/state || skip "no suspend-to-idle"
	echo 1 > "$(knob rx_fill_fail)"
	echo devices > /sys/power/pm_test
	echo freeze > /sys/power/state
	echo none > /sys/power/pm_test
	dmesg | grep -q 'no RX buffer could be posted' ||
		{ echo 0 > "$(knob rx_fill_fail)"; fail "resume did not run short of RX buffers"; }
	is_up || fail "$NETIF is not up after resume"
	intact
}

# bar_rd32 PCI OFFSET: a register read past any driver, through sysfs
# (which maps a BAR only while no driver holds it)
bar_rd32() {
	python3 -c 'import mmap, os, struct, sys
fd = os.open("/sys/bus/pci/devices/%s/resource0" % sys.argv[1], os.O_RDONLY | os.O_SYNC)
bar = mmap.mmap(fd, 0x4000, mmap.MAP_SHARED, mmap.PROT_READ)
print(struct.unpack_from("<I", bar, int(sys.argv[2], 0))[0])' "$1" "$2"
}

test_mmio_all_ones_detaches_then_rebinds() {
	# a surprise removal: every register read returns all ones; the driver
	# stops touching the device and detaches, unbinding does not hang, and
	# a fresh bind brings the (still present) device back.  QEMU's device
	# still has RX on, into the rings freed at unbind, and queues what the
	# host sends meanwhile: bind must turn RX off before the device
	# masters the bus again, or those frames land in freed memory.  RDH
	# tells: it moves only when the device writes a descriptor back.
	local pci pid rdh rdh_bound
	require_knob mmio_gone
	require_cmd python3 od
	pci=$(pci_addr)
	ping -f -W1 "$REMOTE_V4" >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	echo 1 > "$(knob mmio_gone)"
	wait_for "$(budget 5)" sh -c "dmesg | grep -q '$pci.*device gone'" ||
		{ kill "$pid"; fail "no 'device gone' message"; }
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if ethtool -S "$NETIF" >/dev/null 2>&1; then
		fail "ethtool still reaches a device that is gone"
	fi
	timeout "$(budget 20)" sh -c "echo $pci > /sys/bus/pci/drivers/e1k/unbind" ||
		fail "unbind hung or failed"
	[ ! -d "/sys/class/net/$NETIF" ] || fail "$NETIF still there after unbind"

	rdh=$(bar_rd32 "$pci" 0x2810) || fail "cannot read BAR0 through sysfs"
	[ $(($(bar_rd32 "$pci" 0x100) & 2)) != 0 ] || fail "RX off: the fault left nothing to test"
	hostctl sh "ping -c 3 -i 0.2 -W 1 $LOCAL_V4 >/dev/null; true" ||
		fail "host ping did not run"
	echo "$pci" > /sys/bus/pci/drivers/e1k/bind || fail "bind failed"
	# RDH is u32 16 of the register dump (docs/ethtool.md)
	rdh_bound=$(ethtool -d "$NETIF" raw on | od -An -tu4 -j64 -N4 | tr -d ' ')
	info "RDH $rdh at unbind, $rdh_bound after bind"
	[ "$rdh" = "$rdh_bound" ] ||
		fail "RDH moved $rdh -> $rdh_bound at bind: the device wrote into the ring freed at unbind"
	bring_up 10 || fail "no traffic after rebind"
	intact
}

ktap_main test_rx_zero_length_dropped_and_counted \
	test_rx_length_above_buffer_dropped_and_counted \
	test_rx_error_bit_dropped_and_counted \
	test_rx_missing_eop_frame_dropped_as_oversize \
	test_rx_endless_chain_dropped_even_with_rx_all \
	test_rx_no_eop_flood_keeps_polls_bounded \
	test_rx_buffer_alloc_failure_counted_and_recovers \
	test_rx_skb_alloc_failure_dropped_and_counted \
	test_rx_skb_alloc_failure_in_split_head_dropped_and_counted \
	test_tx_dma_map_failure_dropped_and_counted \
	test_tx_dma_map_failure_mid_tso_keeps_stream_intact \
	test_tx_done_before_doorbell_survives \
	test_reset_without_rx_buffers_recovers \
	test_ring_resize_that_fails_keeps_old_rings \
	test_resume_without_rx_buffers_recovers \
	test_mmio_all_ones_detaches_then_rebinds
