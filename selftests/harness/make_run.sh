#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make run`'s report, for e1k and for the in-tree e1000 side by side.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/drivers/net/e1k/lib.sh"

report_ok() { # driver
	local out
	out=$(DRIVER=$1 NIC=e1000 "$top/qemu/report.sh" 2>&1)
	rc=$?
	echo "$out" | sed -n '/e1k report/,/^=====/p' >&2
	[ $rc -eq 0 ] || { echo "$out" | tail -20 >&2; fail "report exited $rc"; }
	echo "$out" | grep -Eq "^driver +$1$" || fail "report names no driver $1"
	echo "$out" | grep -Eq '^iperf3 TCP TX +[0-9]+ Mbit/s' || fail "no TX throughput"
	echo "$out" | grep -Eq '^iperf3 TCP RX +[0-9]+ Mbit/s' || fail "no RX throughput"
	echo "$out" | grep -Eq '^ping avg rtt +[0-9.]+ ms' || fail "no ping rtt"
}

test_make_run_reports_e1k() { report_ok e1k; }
test_make_run_reports_in_tree_e1000() { report_ok e1000; }

ktap_main test_make_run_reports_e1k test_make_run_reports_in_tree_e1000
