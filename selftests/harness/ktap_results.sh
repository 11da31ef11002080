#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What `make check` hands a CI: a KTAP stream the kernel's own parser
# (tools/testing/kunit/kunit.py parse, from the linux-source tree the
# harness unpacks) reads without an error and counts as our summary line
# does, and a results folder with the stream, results.json, junit.xml and
# each suite's console, dmesg and hostd logs.  One real `make check` feeds
# every case: two quick harness files (several files' cases in one suite)
# and a VM suite with a passing file, a skipping one and a missing one
# that fails.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/drivers/net/e1k/lib.sh"

KUNIT_PY=$top/build/linux-source/tools/testing/kunit/kunit.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one make check, free of the outer one's settings, results kept in $tmp
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u T -u SUITE E1K_RESULTS="$tmp/results" \
	E1K_HARNESS="check_args ksft_makefile" E1K_SUITES="ktap|e1000|host|link kunit nosuchfile|" \
	SUITE="harness ktap" \
	make -s -C "$top" check > "$tmp/stream" 2>&1
echo $? > "$tmp/rc"
# the stream's last line; make adds its own error line after it on failure
summary=$(grep -E '^[0-9]+ passed, ' "$tmp/stream" | tail -n 1)

# counts P F S from "P passed, F failed, S skipped (results: DIR)"
counts() {
	echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\1 \2 \3/p'
}

test_summary_line_counts_pass_fail_and_skip() {
	local p f s
	info "$summary"
	read -r p f s <<< "$(counts)"
	[ -n "$p" ] || { tail -n 20 "$tmp/stream" >&2; fail "no summary line"; }
	[ "$p" -gt 0 ] && [ "$f" -gt 0 ] && [ "$s" -gt 0 ] ||
		fail "expected passes, a failure and a skip: $summary"
	[ "$(cat "$tmp/rc")" != 0 ] || fail "make check exited 0 with a failed case"
}

test_stream_parses_with_kunit_py() {
	local p f s json out
	[ -f "$KUNIT_PY" ] || skip "no $KUNIT_PY (make check unpacks linux-source)"
	json=$tmp/kunit.json
	out=$(python3 "$KUNIT_PY" parse --json="$json" "$tmp/stream" 2>&1)
	echo "$out" | tail -n 5 >&2
	[ -s "$json" ] || fail "kunit.py parse wrote no JSON"
	# the parser reports what it could not make sense of as errors/crashes
	! echo "$out" | grep -Eq '\[CRASHED\]|\[ERROR\]|errors: [1-9]|0 tests run' ||
		{ echo "$out" | grep -E 'CRASHED|ERROR' | head >&2; fail "parse errors"; }
	read -r p f s <<< "$(counts)"
	python3 - "$json" "$p" "$f" "$s" <<-'EOF' || fail "kunit.py's counts differ from the summary"
	import json, sys
	doc = json.load(open(sys.argv[1]))
	n = {'PASS': 0, 'FAIL': 0, 'SKIP': 0, 'ERROR': 0}
	def walk(g):
	    for c in g['test_cases']:
	        n[c['status']] = n.get(c['status'], 0) + 1
	    for sg in g['sub_groups']:
	        walk(sg)
	walk(doc)
	want = dict(zip(('PASS', 'FAIL', 'SKIP'), map(int, sys.argv[2:5])))
	print('kunit.py:', n, 'summary:', want, file=sys.stderr)
	groups = [g['name'] for g in doc['sub_groups']]
	print('suites:', groups, file=sys.stderr)
	sys.exit(0 if groups == ['harness', 'ktap'] and n['ERROR'] == 0 and
	         all(n[k] == v for k, v in want.items()) else 1)
	EOF
}

test_results_folder_keeps_stream_json_junit_and_logs() {
	local dir p f s
	dir=$tmp/results/latest
	[ -d "$dir" ] || fail "no results/latest"
	echo "$summary" | grep -q "(results: $tmp/results/[0-9TZ]*)$" ||
		fail "the last line does not say where the results are"
	python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' \
		"$dir/ktap.txt" "$tmp/stream" || fail "ktap.txt is not the stream make check printed"
	read -r p f s <<< "$(counts)"
	python3 - "$dir" "$p" "$f" "$s" <<-'EOF' || fail "results.json or junit.xml disagree with the summary"
	import json, sys
	import xml.etree.ElementTree as ET
	d, p, f, s = sys.argv[1], *map(int, sys.argv[2:5])
	t = json.load(open(d + '/results.json'))['totals']
	root = ET.parse(d + '/junit.xml').getroot()
	j = (int(root.get('tests')), int(root.get('failures')), int(root.get('skipped')))
	print('results.json', t, 'junit (tests, failures, skipped)', j, file=sys.stderr)
	sys.exit(0 if (t['pass'], t['fail'], t['skip']) == (p, f, s) and j == (p + f + s, f, s) else 1)
	EOF
	for f in console.log hostd.log dmesg.txt; do
		[ -s "$dir/ktap/$f" ] || fail "no ktap/$f in the results folder"
	done
	grep -q 'Linux version' "$dir/ktap/dmesg.txt" || fail "dmesg.txt is no kernel log"
}

ktap_main test_summary_line_counts_pass_fail_and_skip test_stream_parses_with_kunit_py \
	test_results_folder_keeps_stream_json_junit_and_logs
