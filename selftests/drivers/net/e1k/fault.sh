#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Allocation failures injected into e1k (debug kernel, make check-debug):
# every allocation made by probe, open, a ring resize, the offline
# self-test and an MTU change (which makes none) is
# failed once, in turn, through /proc/thread-self/fail-nth with failslab and
# fail_page_alloc filtered to e1k's own .text.  Each failure must give an
# error, not a crash, leave the device usable and leak nothing (the
# kmemleak_clean case after this file).  RX refill in NAPI, where fail-nth
# does not reach, gets random failures instead: they are counted as drops
# and the ring recovers.
. "$(dirname "$0")/lib.sh"

FAILNTH="python3 $(cd "$(dirname "$0")" && pwd)/fault/failnth.py"
DBG=/sys/kernel/debug

require_fault() {
	require_host
	require_e1k
	[ -w /proc/self/fail-nth ] && [ -d $DBG/failslab ] && [ -d $DBG/fail_page_alloc ] ||
		skip "kernel without fail-nth, failslab or fail_page_alloc"
	scope_to_e1k
}

# scope_to_e1k [PROBABILITY TIMES]: both injectors fire only for calls with
# e1k's .text on the stack, GFP_KERNEL included, without a stack dump; with
# PROBABILITY also at random in any context (the NAPI case)
scope_to_e1k() {
	local range start end rej=0 a
	range=$($FAILNTH scope /payload/e1k.ko) || fail "cannot find e1k's .text"
	start=0x${range% *} end=0x${range#* }
	# What register_netdev allocates (sysfs, kobjects, IPv6's per-device
	# setup through the notifiers) is the core's to test: left alone
	# unless E1K_FAULT_CORE=1.
	[ -n "$E1K_FAULT_CORE" ] || rej=$($FAILNTH symbol register_netdev) ||
		fail "cannot find register_netdev"
	for a in failslab fail_page_alloc; do
		echo "$start" > $DBG/$a/require-start
		echo "$end" > $DBG/$a/require-end
		echo "0x${rej% *}" > $DBG/$a/reject-start
		echo "0x${rej#* }" > $DBG/$a/reject-end
		# deep enough for e1k's own calls into the allocators, and into
		# alloc_etherdev and page_pool; shallow enough to leave the
		# allocations of register_netdev's sysfs and kobject work alone
		echo 10 > $DBG/$a/stacktrace-depth
		echo N > $DBG/$a/ignore-gfp-wait
		echo N > $DBG/$a/task-filter
		echo 1 > $DBG/$a/verbose
		echo 0 > $DBG/$a/space
		echo 1 > $DBG/$a/interval
		echo "${2:--1}" > $DBG/$a/times
		echo "${1:-0}" > $DBG/$a/probability
	done
	echo 0 > $DBG/fail_page_alloc/min-order
}

unscope() {
	local a
	for a in failslab fail_page_alloc; do
		echo 0 > $DBG/$a/probability
	done
}

# walk OP ARGS...: failnth.py's walk; prints "ALLOCS FAILED ERRNO-COUNTS"
walk() { $FAILNTH walk "$@"; }

# report_walk WHAT RESULT MIN: log it; fail below MIN allocations (the
# stack filter would be wrong)
report_walk() {
	local allocs=${2%% *} rest=${2#* }
	info "$1: ${rest%% *} of its $allocs allocations failed in turn (results ${rest#* }), each cleanly"
	[ "$allocs" -ge "$3" ] || fail "only $allocs injection points in $1: filter wrong?"
}

test_fault_probe() {
	local dev res
	require_fault
	dev=$(pci_addr)
	echo "$dev" > /sys/bus/pci/drivers/e1k/unbind || fail "unbind"
	res=$(walk bind "$dev")
	unscope
	if [ -z "$res" ]; then
		[ -e "/sys/bus/pci/drivers/e1k/$dev" ] || echo "$dev" > /sys/bus/pci/drivers/e1k/bind
		fail "probe walk failed"
	fi
	report_walk probe "$res" 2
	bring_up 10 || fail "no traffic after the walk"
}

test_fault_open() {
	local res
	require_fault
	res=$(walk up "$NETIF")
	unscope
	[ -n "$res" ] || { ip link set "$NETIF" up; fail "open walk failed"; }
	report_walk open "$res" 3
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the walk"
}

test_fault_ring_resize() {
	local res old
	require_fault
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	old="$(ring_size rx) $(ring_size tx)"
	# smaller than the default, so that the walk ends sooner
	res=$(walk rings "$NETIF" 128 128)
	unscope
	[ -n "$res" ] || fail "ring resize walk failed"
	report_walk "ring resize" "$res" 3
	[ "$(ring_size rx) $(ring_size tx)" = "128 128" ] ||
		fail "rings $(ring_size rx) $(ring_size tx) after the walk"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic with the new rings"
	sha256_tx 4
	sha256_rx 4
	set -- $old
	ethtool -G "$NETIF" rx "$1" tx "$2" || fail "cannot restore the rings"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after restoring the rings"
}

test_fault_offline_selftest() {
	# the self-test stops the datapath and restarts it on the same rings:
	# whatever allocation fails, the interface stays up as it was
	local res old
	require_fault
	# a few seconds per self-test, and one run per allocation
	[ -z "$E1K_FAULT_QUICK" ] || skip "a long walk: the full make check-debug runs it"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	# the smallest RX ring: the restart posts a page per slot
	old="$(ring_size rx) $(ring_size tx)"
	ethtool -G "$NETIF" rx 80 tx 80 || fail "cannot shrink the rings"
	res=$(walk selftest "$NETIF")
	unscope
	set -- $old
	ethtool -G "$NETIF" rx "$1" tx "$2" || fail "cannot restore the rings"
	[ -n "$res" ] || fail "self-test walk failed"
	report_walk "offline self-test" "$res" 1
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the walk"
	sha256_tx 4
	sha256_rx 4
}

test_fault_mtu_change_allocates_nothing() {
	# RX buffers are 2 KiB whatever the MTU: an MTU change in e1k makes no
	# allocation, so memory pressure cannot make it fail
	local res
	require_fault
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	res=$(walk mtu "$NETIF" 9000)
	unscope
	[ -n "$res" ] || { ip link set "$NETIF" mtu 1500; fail "MTU walk failed"; }
	info "MTU change: ${res%% *} allocations in e1k"
	ip link set "$NETIF" mtu 1500
	[ "${res%% *}" = 0 ] || fail "the MTU change allocates in e1k (${res%% *})"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the walk"
}

test_fault_rx_refill_recovers() {
	local before after_n lost
	require_fault
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	before=$(ethtool_stat rx_alloc_failed)
	# a quarter of e1k's allocations fail, wherever they happen, for the
	# first 200 failures
	scope_to_e1k 25 200
	ping -f -c 3000 -W 1 "$REMOTE_V4" > /tmp/fault-ping.txt 2>&1
	iperf3 -R -c "$REMOTE_V4" -t 3 > /dev/null 2>&1
	unscope
	after_n=$(ethtool_stat rx_alloc_failed)
	info "rx_alloc_failed +$((after_n - before)), flood ping: $(grep -o '[0-9.]*% packet loss' /tmp/fault-ping.txt)"
	[ "$after_n" -gt "$before" ] || fail "no RX allocation failure was injected or counted"
	# and once the watchdog has refilled a ring the failures left empty,
	# with allocations working again, nothing is lost
	link_ready "$NETIF" "$REMOTE_V4" || fail "the link did not recover"
	lost=$(ping -c 50 -i 0.02 -W 1 "$REMOTE_V4" | grep -o '[0-9.]*% packet loss')
	[ "$lost" = "0% packet loss" ] || fail "after the failures: $lost"
	iperf3 -R -c "$REMOTE_V4" -t 2 > /dev/null 2>&1 || fail "no TCP traffic after the failures"
}

ktap_main test_fault_probe test_fault_open test_fault_ring_resize \
	test_fault_offline_selftest test_fault_mtu_change_allocates_nothing \
	test_fault_rx_refill_recovers test_pool_pages_all_back
