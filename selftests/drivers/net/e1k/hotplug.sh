#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PCI hot-unplug and re-plug (host topology): QMP device_del while traffic
# flows, then device_add; the driver lets go of the device without a hang,
# oops or leak, and the re-probed interface (eth0 again) carries traffic.
. "$(dirname "$0")/lib.sh"

CYCLES=${E1K_HOTPLUG_CYCLES:-3}
# the driver bound before: a re-plugged device must come back to it
DRV=$(bound_driver)

require_hotplug() {
	require_host
	[ "$TOPO" = host ] || skip "needs the host topology (its peer is the QEMU host side)"
	[ -n "$(ls /sys/bus/pci/slots 2>/dev/null)" ] || skip "no hotplug slots (acpiphp)"
}

# unplug_under_traffic N: one cycle with a ping flood and an iperf3 stream
unplug_under_traffic() {
	local ppid ipid t0 t1 drv
	link_ready "$NETIF" "$REMOTE_V4" || fail "cycle $1: link not ready"
	ping -f -W1 "$REMOTE_V4" >/dev/null 2>&1 &
	ppid=$!
	iperf3 -c "$REMOTE_V4" -t 60 >/dev/null 2>&1 &
	ipid=$!
	sleep 1
	t0=$(now_ms)
	hostctl unplug >/dev/null || fail "cycle $1: device_del did not complete"
	t1=$(now_ms)
	info "cycle $1: unplug took $((t1 - t0)) ms"
	kill $ppid $ipid 2>/dev/null
	wait $ppid $ipid 2>/dev/null
	wait_for "$(budget 5)" test ! -d "/sys/class/net/$NETIF" || fail "cycle $1: $NETIF still there"
	hostctl plug >/dev/null || fail "cycle $1: device_add failed"
	bring_up 10 || fail "cycle $1: no traffic after re-plug"
	drv=$(basename "$(readlink "/sys/class/net/$NETIF/device/driver")")
	[ "$drv" = "$DRV" ] || fail "cycle $1: $NETIF bound to '$drv', not $DRV"
}

test_hotplug_slots_present() {
	require_hotplug
	info "slots: $(ls /sys/bus/pci/slots | tr '\n' ' ')"
}

test_hotplug_unplug_replug_under_traffic() {
	local i
	require_hotplug
	for i in $(seq "$CYCLES"); do
		unplug_under_traffic "$i"
	done
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss afterwards"
	info "$CYCLES unplug/plug cycles, $NETIF is $(cat /sys/class/net/"$NETIF"/address)"
}

test_hotplug_no_leak() {
	local a b
	require_hotplug
	[ -r /sys/kernel/debug/kmemleak ] || skip "no kmemleak"
	echo scan > /sys/kernel/debug/kmemleak
	a=$(grep -c unreferenced /sys/kernel/debug/kmemleak)
	unplug_under_traffic leak
	echo scan > /sys/kernel/debug/kmemleak
	b=$(grep -c unreferenced /sys/kernel/debug/kmemleak)
	[ "$b" -le "$a" ] || fail "kmemleak: $a -> $b unreferenced objects"
}

test_hotplug_unplug_while_tx_hang_resets() {
	# the watchdog finds TX hung (debugfs stall_tx) and queues a reset
	# while remove() runs: the reset must be cancelled before the netdev
	# is freed (the debug kernel's ODEBUG and KASAN catch it otherwise).
	# The hang is seen 2 to 4 s after the stall; the unplug comes at
	# different points of that window.
	local d knob pid
	require_hotplug
	for d in 2 3 4 5; do
		knob=$(knob stall_tx)
		[ -w "$knob" ] || skip "no debugfs fault knob stall_tx ($knob)"
		link_ready "$NETIF" "$REMOTE_V4" || fail "unplug after $d s: link not ready"
		ping -i 0.05 -W1 "$REMOTE_V4" >/dev/null 2>&1 &
		pid=$!
		echo 1 > "$knob"
		sleep "$d"
		hostctl unplug >/dev/null || { kill $pid; fail "unplug after $d s: device_del"; }
		kill $pid 2>/dev/null
		wait $pid 2>/dev/null
		wait_for "$(budget 5)" test ! -d "/sys/class/net/$NETIF" ||
			fail "unplug after $d s: $NETIF still there"
		hostctl plug >/dev/null || fail "unplug after $d s: device_add failed"
		bring_up 10 || fail "unplug after $d s: no traffic after re-plug"
	done
	info "$(dmesg | grep -c 'TX hang') TX hangs seen in all"
}

ktap_main test_hotplug_slots_present test_hotplug_unplug_replug_under_traffic test_hotplug_no_leak \
	test_hotplug_unplug_while_tx_hang_resets
