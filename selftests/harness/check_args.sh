#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check` with a T= or SUITE= that selects nothing is an error naming
# what exists, before anything builds or boots; `make list` shows the suites,
# the test files and their cases.  Host-side, a few seconds.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/drivers/net/e1k/lib.sh"

# mk ARGS...: a make of the project, free of the outer make check's settings
mk() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u T -u SUITE -u E1K_SUITES -u E1K_HARNESS -u E1K_RESULTS make -s -C "$top" "$@" 2>&1; }

# rejected WANT ARGS...: `make check ARGS` fails at once, saying WANT
rejected() {
	local want=$1 out rc t0=$SECONDS
	shift
	out=$(mk check "$@")
	rc=$?
	echo "make check $*: exit $rc" >&2
	echo "$out" | head -n 4 >&2
	[ $rc -ne 0 ] || fail "make check $* exited 0"
	echo "$out" | grep -q "$want" || fail "make check $*: no '$want' in its message"
	echo "$out" | grep -q "make list" || fail "make check $*: does not point to make list"
	# it stopped before the KTAP stream, the module build and any VM
	! echo "$out" | grep -qE '^K?TAP version|^# suite |  # suite |^make\[[0-9]+\]: Entering' ||
		fail "make check $* went on to run"
	[ $((SECONDS - t0)) -lt 60 ] || fail "make check $* took $((SECONDS - t0)) s"
}

test_unknown_test_file_is_an_error() {
	# the message lists the test files there are
	rejected 'the test files are: .*misbehave' T=nosuchtest
}

test_unknown_case_is_an_error() {
	rejected "its cases are: ping_v4" T=ping:nosuchcase
}

test_unknown_suite_is_an_error() {
	rejected 'the suites are: .*e1000/host' SUITE=nosuch
	# a typo among good names too
	rejected 'SUITE=e1000/hots' SUITE="harness e1000/hots"
}

test_test_outside_the_chosen_suites_is_an_error() {
	rejected 'it is in: e1000/host' SUITE=harness T=ping
}

test_make_list_shows_suites_files_and_cases() {
	local out
	out=$(mk list) || fail "make list failed: $out"
	echo "$out" | grep -q '^  e1000/host: NIC=e1000 TOPO=host' || fail "no suite e1000/host"
	echo "$out" | grep -q '^  harness' || fail "no harness suite"
	echo "$out" | grep -q '^  misbehave (e1000/host' || fail "no test file misbehave"
	echo "$out" | grep -q 'rx_zero_length_dropped_and_counted' || fail "no cases of misbehave"
	echo "$out" | grep -q '^  check_args (harness)' || fail "no harness test check_args"
}

ktap_main test_unknown_test_file_is_an_error test_unknown_case_is_an_error \
	test_unknown_suite_is_an_error test_test_outside_the_chosen_suites_is_an_error \
	test_make_list_shows_suites_files_and_cases
