#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make run`'s report, for e1k and for the in-tree e1000 side by side, and
# its exit status when a step fails: iperf3 pointed at a port where no server
# listens (E1K_IPERF_PORT) must show in the report's rows and fail `make run`.
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

test_make_run_fails_when_iperf3_fails() {
	local out
	# `make run` itself, so the Makefile's part of the path is covered too
	out=$(env -u MAKEFLAGS -u MAKELEVEL E1K_IPERF_PORT=5299 make -s -C "$top" run 2>&1)
	rc=$?
	echo "$out" | sed -n '/e1k report/,$p' >&2
	[ $rc -ne 0 ] || fail "make run exited 0 with iperf3 failing"
	echo "$out" | grep -Eq '^iperf3 TCP TX +FAILED: .*5299' ||
		{ echo "$out" | tail -20 >&2; fail "no 'iperf3 TCP TX  FAILED: ...' row"; }
	echo "$out" | grep -Eq '^iperf3 TCP RX +FAILED: .*5299' || fail "no 'iperf3 TCP RX  FAILED: ...' row"
	# the steps that worked still report
	echo "$out" | grep -Eq '^ping avg rtt +[0-9.]+ ms' || fail "no ping rtt"
	echo "$out" | grep -q '^make run: 2 step(s) failed' || fail "no count of failed steps"
}

ktap_main test_make_run_reports_e1k test_make_run_reports_in_tree_e1000 \
	test_make_run_fails_when_iperf3_fails
