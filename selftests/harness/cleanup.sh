#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# qemu/vm passes the guest's exit status through and leaves no namespace,
# tap, QEMU process or run folder behind: on success, failure, a hung guest
# and Ctrl-C alike.  A guest that prints a kernel report after its status
# (while powering off) or never powers off fails the run (125).
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/drivers/net/e1k/lib.sh"
vm=$top/qemu/vm
# only this file's runs count: other runs may share the machine
export E1K_RUN_TAG=cleanup$$

leftovers() {
	ip netns list | grep "^e1k-$E1K_RUN_TAG"
	ip -o link show | grep -E ': e1kt[0-9]'
	pgrep -af "run\.$E1K_RUN_TAG"
	ls -d "$top/build/run.$E1K_RUN_TAG"* 2>/dev/null
}

assert_clean() {
	local l
	l=$(leftovers)
	[ -z "$l" ] || fail "left behind: $l"
}

test_status_passes_through_and_clean() {
	assert_clean
	"$vm" -- 'exit 3' >/dev/null 2>&1
	rc=$?
	[ $rc -eq 3 ] || fail "guest exit 3 came back as $rc"
	assert_clean
	"$vm" -- 'true' >/dev/null 2>&1 || fail "guest 'true' failed"
	assert_clean
}

test_clean_after_hung_guest() {
	VM_TIMEOUT=30 "$vm" -- 'sleep 600' >/dev/null 2>&1
	rc=$?
	[ $rc -eq 125 ] || fail "a hung guest gave $rc, not 125"
	assert_clean
}

test_clean_after_ctrl_c() {
	local pid i
	# job control, so the run gets its own process group that does not
	# ignore SIGINT, as under a terminal
	set -m
	VM_TIMEOUT=120 "$vm" -- 'sleep 600' >/dev/null 2>&1 &
	pid=$!
	set +m
	# interrupt once the guest is up (its QEMU is running)
	for i in $(seq 100); do
		pgrep -f "qemu-system-x86_64.*run\.$E1K_RUN_TAG" >/dev/null && break
		sleep 0.2
	done
	sleep 3
	kill -INT -- -"$pid"
	wait "$pid"
	rc=$?
	[ $rc -ne 0 ] || fail "an interrupted run reported success"
	sleep 1
	assert_clean
}

test_clean_after_reader_and_qemu_die() {
	# the caller that read vm's output is gone (SIGPIPE on the next
	# message) and QEMU dies under it: clean-up must still run
	local i
	# whatever the caller ignored, the run gets SIGPIPE's default action
	(env --default-signal=PIPE "$vm" -- 'sleep 600' 2>&1 | (sleep 1; exit 0)) &
	for i in $(seq 100); do
		pgrep -f "qemu-system-x86_64.*run\.$E1K_RUN_TAG" >/dev/null && break
		sleep 0.2
	done
	sleep 2
	pkill -f "qemu-system-x86_64.*run\.$E1K_RUN_TAG"
	wait
	sleep 1
	assert_clean
}

# A guest command that reports its status on the console itself, as the
# init does before it powers off, then does BODY: the power-off phase.
# The tty sends its buffer on its own, while printk writes the console
# directly: the pause keeps a report from overtaking the status line.
after_exit_status() {
	printf 'echo "E1K-EXIT 0" > /dev/ttyS0; sleep 2; %s' "$1"
}

test_report_while_powering_off_fails() {
	local out rc
	out=$("$vm" -- "$(after_exit_status \
		'echo "<2>WARNING: planted by cleanup.sh" > /dev/kmsg; sleep 1')" 2>&1)
	rc=$?
	[ $rc -eq 125 ] || fail "a kernel report after the exit status gave $rc, not 125"
	echo "$out" | grep -q 'kernel report after the exit status: .*WARNING: planted' ||
		fail "vm did not name the report: $(echo "$out" | tail -n 3)"
	assert_clean
}

test_no_poweroff_fails() {
	local rc
	VM_POWEROFF_GRACE=3 "$vm" -- "$(after_exit_status 'sleep 600')" >/dev/null 2>&1
	rc=$?
	[ $rc -eq 125 ] || fail "a guest that never powered off gave $rc, not 125"
	assert_clean
}

ktap_main test_status_passes_through_and_clean test_clean_after_hung_guest \
	test_clean_after_ctrl_c test_clean_after_reader_and_qemu_die \
	test_report_while_powering_off_fails test_no_poweroff_fails
