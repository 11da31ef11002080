#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# System sleep: suspend-to-idle with the PM core's "devices" test level
# (devices suspended, then resumed after 5 s with no wakeup source needed),
# and a real suspend to RAM (S3) woken by QMP system_wakeup; the interface
# resumes with carrier and carries traffic.
. "$(dirname "$0")/lib.sh"

# mac_counters: the device's MAC counters from ethtool -S (e1k's mac_*),
# and the interface's statistics but bytes (which may pass 2^31 on a fast
# host), "name value" lines
mac_counters() {
	ethtool -S "$NETIF" 2>/dev/null | awk '$1 ~ /^mac_/ {print $1, $2}'
	grep -H . /sys/class/net/"$NETIF"/statistics/* | sed 's|.*/||; s|:| |' | grep -v '_bytes '
}

# counters_no_jump BEFORE AFTER: no counter went backwards or leapt (a
# device reset behind the driver restarts the running counters; read
# against the old baseline they would jump by almost 2^32)
counters_no_jump() {
	local bad
	bad=$(awk 'NR == FNR {b[$1] = $2; next}
		   ($1 in b) && ($2 < b[$1] || $2 - b[$1] > 2^31) {print $1, b[$1], "->", $2}' \
		  <(echo "$1") <(echo "$2"))
	[ -z "$bad" ] || fail "counters jumped across resume: $bad"
}

# pm_pci_dev: the PCI function NETIF sits on (its own device, or the
# virtio device's parent), whose PM callbacks the PM core logs
pm_pci_dev() {
	local d
	d=$(readlink -f "/sys/class/net/$NETIF/device")
	while [ "$d" != / ] && ! { [ -e "$d/vendor" ] && [ -e "$d/config" ]; }; do d=${d%/*}; done
	basename "$d"
}

test_suspend_freeze_resume() {
	local pid rc before after pci
	pci=$(pm_pci_dev)
	[ -w /sys/power/pm_test ] || skip "no /sys/power/pm_test (CONFIG_PM_DEBUG)"
	grep -qw freeze /sys/power/state || skip "no suspend-to-idle"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	ping -i 0.2 -W1 "$REMOTE_V4" >/dev/null 2>&1 &
	pid=$!
	sleep 1
	before=$(dmesg | grep -c "$pci: PM: pci_pm_[a-z_]* returned 0")
	echo 1 > /sys/power/pm_print_times
	echo devices > /sys/power/pm_test
	rc=0
	echo freeze > /sys/power/state || rc=1
	echo none > /sys/power/pm_test
	echo 0 > /sys/power/pm_print_times
	kill $pid
	wait $pid 2>/dev/null
	[ $rc -eq 0 ] || fail "suspend failed ($rc)"
	after=$(dmesg | grep -c "$pci: PM: pci_pm_[a-z_]* returned 0")
	info "PM callbacks of $pci that returned 0: $((after - before))"
	# suspend, suspend_late, suspend_noirq and their resume halves
	[ $((after - before)) -ge 2 ] || fail "$pci was not suspended and resumed"
	dmesg | grep -q "$(bound_driver).*\\(suspend\\|resume\\).*fail" && fail "driver PM callback failed"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after resume"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss after resume"
}

test_suspend_twice_while_down() {
	[ -w /sys/power/pm_test ] || skip "no /sys/power/pm_test (CONFIG_PM_DEBUG)"
	ip link set "$NETIF" down
	echo devices > /sys/power/pm_test
	echo freeze > /sys/power/state || { echo none > /sys/power/pm_test; fail "suspend 1"; }
	echo freeze > /sys/power/state || { echo none > /sys/power/pm_test; fail "suspend 2"; }
	echo none > /sys/power/pm_test
	ip link set "$NETIF" up
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after up"
}

test_suspend_to_ram_and_qmp_wakeup() {
	# a real S3: the guest sleeps until the host's QMP system_wakeup,
	# asked for beforehand since nothing runs in here while asleep
	local pid rc t0 t1 before after
	require_host
	grep -qw mem /sys/power/state || skip "no suspend to RAM"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	before=$(mac_counters)
	iperf3 -c "$REMOTE_V4" -t 30 >/dev/null 2>&1 &
	pid=$!
	sleep 2
	t0=$(now_ms)
	s3_sleep 4
	rc=$?
	t1=$(now_ms)
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ $rc -eq 0 ] || fail "suspend to RAM failed"
	dmesg | grep -q 'Waking up from system sleep state S3' || fail "never entered S3"
	after=$(mac_counters)
	counters_no_jump "$before" "$after"
	info "asleep for $((t1 - t0)) ms"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after wake"
	ping -c 10 -i 0.1 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || fail "loss after wake"
}

ktap_main test_suspend_freeze_resume test_suspend_twice_while_down \
	test_suspend_to_ram_and_qmp_wakeup
