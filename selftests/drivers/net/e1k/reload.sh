#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Module unload while traffic flows, and reload: nothing hangs, leaks or
# warns, and the interface carries traffic again.
. "$(dirname "$0")/lib.sh"

# the module of the driver bound to NETIF: e1k (from the payload), e1000,
# virtio_net
MOD=$(bound_module)

test_rmmod_during_traffic() {
	local pid t0 t1
	require_unloadable
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	iperf3 -c "$REMOTE_V4" -t 30 > /dev/null 2>&1 &
	pid=$!
	sleep 2
	t0=$(now_ms)
	rmmod "$MOD" || fail "rmmod $MOD failed"
	t1=$(now_ms)
	info "rmmod took $((t1 - t0)) ms under traffic"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	load_bound_module "$MOD" || fail "loading $MOD failed"
	bring_up || fail "no traffic after reload"
}

test_reload_cycles_under_traffic() {
	local i pid n=${E1K_RELOADS:-20}
	require_unloadable
	for i in $(seq "$n"); do
		link_ready "$NETIF" "$REMOTE_V4" || fail "cycle $i: link not ready"
		ping -f -W1 "$REMOTE_V4" > /dev/null 2>&1 &
		pid=$!
		sleep 0.3
		rmmod "$MOD" || fail "cycle $i: rmmod $MOD failed"
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		load_bound_module "$MOD" || fail "cycle $i: loading $MOD failed"
		bring_up || fail "cycle $i: no traffic after reload"
	done
	info "$n reloads"
}

# rebind PCI_DIR DRIVER_DIR MSI: unbind, allow MSI/MSI-X (1) or not (0)
# for the next driver, bind again and bring the interface up
rebind() {
	local pci
	pci=$(basename "$1")
	echo "$pci" > "$2/unbind" || return 1
	echo "$3" > "$1/msi_bus" || return 1
	echo "$pci" > "$2/bind" || return 1
	bring_up 10
}

test_rebind_without_msi_falls_back_to_intx() {
	# with MSI and MSI-X denied to it (the device's msi_bus attribute,
	# as on a platform without them), the driver must bind with the
	# legacy interrupt and carry sha256-exact traffic both ways
	local dev drv
	dev=$(readlink -f "/sys/class/net/$NETIF/device")
	drv=$(readlink -f "$dev/driver")
	[ -n "$(ls "$dev/msi_irqs" 2>/dev/null)" ] || skip "the device runs on INTx already"
	[ -w "$dev/msi_bus" ] || skip "no msi_bus attribute"
	info "before: $(ls "$dev/msi_irqs" | wc -l) MSI/MSI-X vectors"
	trap 'rebind "$dev" "$drv" 1 >/dev/null 2>&1' EXIT
	rebind "$dev" "$drv" 0 || fail "no traffic after binding without MSI"
	[ -z "$(ls "$dev/msi_irqs" 2>/dev/null)" ] || fail "MSI vectors in use though denied"
	info "INTx: $(grep -c "$NETIF" /proc/interrupts) line(s) named $NETIF in /proc/interrupts"
	sha256_tx 4
	sha256_rx 4
	trap - EXIT
	rebind "$dev" "$drv" 1 || fail "no traffic after binding with MSI again"
	info "after: $(ls "$dev/msi_irqs" 2>/dev/null | wc -l) MSI/MSI-X vectors"
	[ -n "$(ls "$dev/msi_irqs" 2>/dev/null)" ] || fail "MSI not used again once allowed"
}

ktap_main test_rmmod_during_traffic test_reload_cycles_under_traffic \
	test_rebind_without_msi_falls_back_to_intx
