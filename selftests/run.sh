#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: the harness's own tests on the host, then the e1k suites,
# each in one VM per (NIC model, topology).  Prints one KTAP stream, each
# suite a nested subtest, and ends with "N passed, N failed, N skipped
# (results: build/results/<stamp>)": that folder keeps the stream
# (ktap.txt), results.json, junit.xml and each suite's console, dmesg and
# harness logs; build/results/latest points at the newest.
# T=<file>[:<case>] runs one test; SUITE="<name>..." (harness, e1000/host,
# ...) runs those suites; E1K_SUITES replaces the table below (make
# check-debug).  An unknown T= or SUITE= is an error that lists what
# exists, before anything runs.
#
#   selftests/run.sh              run (make check)
#   selftests/run.sh --list       the suites, their test files and cases (make list)
#   selftests/run.sh --check-args only check T= and SUITE=
top=$(cd "$(dirname "$0")/.." && pwd)
DRIVER=${DRIVER:-e1k}
export DRIVER

FULL="link ping iperf transfer hostile misbehave tso reload ethtool features rxhash rings txhang netconsole suspend hotplug flap"
SMOKE="link ping iperf transfer hostile misbehave tso reload ethtool features rings txhang"
LOOP="loop vlan rxmode mtu xdp"
# The 82540EM (e1000) and the 82574L (e1000e, a datapath of its own: MSI,
# parsed offloads, RX checksums) get everything.  QEMU runs the other two
# 8254x through the 82540EM's code; they differ in ids, PHY and EEPROM, so
# they get what touches those, and the misbehaving device on every model,
# which keeps make check under 40 minutes.
# suite name | NIC | TOPO | test files | extra environment
SUITES=${E1K_SUITES:-"
e1000/host|e1000|host|$FULL|E1K_HOTPLUG_CYCLES=20
e1000/loop|e1000|loop|$LOOP|
e1000e/host|e1000e|host|$FULL|E1K_HOTPLUG_CYCLES=8 E1K_FLAPS=30
e1000e/loop|e1000e|loop|$LOOP|
82545em/host|e1000-82545em|host|link ping transfer misbehave reload ethtool|E1K_XFER_MIB=32 E1K_RELOADS=3
82544gc/host|e1000-82544gc|host|$SMOKE|E1K_XFER_MIB=32 E1K_RELOADS=3
e1000/upstream|e1000|loop|upstream|
e1000e/upstream|e1000e|loop|upstream|
e1000/installed|e1000|loop|installed|E1K_INSTALLED=link.sh,ping.sh,loop.sh,vlan.sh
"}
# E1K_HARNESS: the harness files to know (ktap_results.sh's own make check)
HARNESS=${E1K_HARNESS:-$(cd "$top/selftests/harness" && ls ./*.sh | sed 's|^\./||; s|\.sh$||')}

# --- what exists, for --list and for checking T= and SUITE= ---------------
suite_names() {
	local s rest
	echo harness
	while IFS='|' read -r s rest; do
		[ -z "$s" ] || echo "$s"
	done <<< "$SUITES"
}

suite_files() { # suite -> its test files, one a line
	local s nic topo files extra
	[ "$1" = harness ] && { printf '%s\n' $HARNESS; return; }
	while IFS='|' read -r s nic topo files extra; do
		[ "$s" = "$1" ] && printf '%s\n' $files
	done <<< "$SUITES"
}

# suites_of FILE: the suites that run it
suites_of() {
	local s
	for s in $(suite_names); do
		suite_files "$s" | grep -qx -- "$1" && echo "$s"
	done
}

all_files() { # every test file, each once, in table order
	local s
	for s in $(suite_names); do suite_files "$s"; done | awk '!seen[$0]++'
}

file_cases() { # file -> its cases, from its ktap_main line (none: unknown)
	local f=$top/selftests/drivers/net/e1k/$1.sh
	suites_of "$1" | grep -qx harness && f=$top/selftests/harness/$1.sh
	[ -f "$f" ] || return 0
	awk '/^ktap_main /{p = 1}
	     p {for (i = 1; i <= NF; i++) if ($i ~ /^test_/) print substr($i, 6)}
	     p && !/\\$/ {p = 0}' "$f"
}

wrap() { fold -s -w 72 | sed "s/ *$//; s/^/$1/"; }

list() {
	local s nic topo files extra f cases
	echo "Suites (make check SUITE=\"<suite> ...\"):"
	echo "  harness: on the host"
	suite_files harness | paste -sd ' ' | wrap '      '
	while IFS='|' read -r s nic topo files extra; do
		[ -n "$s" ] || continue
		echo "  $s: NIC=$nic TOPO=$topo${extra:+ $extra}"
		echo $files | wrap '      '
	done <<< "$SUITES"
	echo
	echo "Test files and their cases (make check T=<file>[:<case>]):"
	for f in $(all_files); do
		echo "  $f ($(suites_of "$f" | paste -sd ' '))"
		cases=$(file_cases "$f" | paste -sd ' ')
		echo "${cases:-(its cases are named when it runs)}" | wrap '      '
	done
}

# args_error WHAT: the one message for a T= or SUITE= that selects nothing
args_error() {
	echo "make check: $*" >&2
	echo "make check: 'make list' shows every suite, test file and case" >&2
	exit 2
}

check_args() {
	local s f c cases where sel=
	for s in $SUITE; do
		suite_names | grep -qx -- "$s" ||
			args_error "SUITE=$s: no such suite; the suites are: $(suite_names | paste -sd ' ')"
	done
	[ -n "$T" ] || return 0
	f=${T%%:*}
	c=${T#*:}
	[ "$c" = "$T" ] && c=
	where=$(suites_of "$f")
	[ -n "$where" ] ||
		args_error "T=$T: no test file '$f'; the test files are: $(all_files | paste -sd ' ')"
	for s in $where; do in_suite "$s" && sel="$sel $s"; done
	[ -n "$sel" ] ||
		args_error "T=$T: '$f' is in no suite of SUITE=\"$SUITE\"; it is in: $(echo $where)"
	[ -n "$c" ] || return 0
	cases=$(file_cases "$f")
	# files without a ktap_main line (kunit, upstream) name their cases at run time
	[ -z "$cases" ] || echo "$cases" | grep -qx -- "${c#test_}" ||
		args_error "T=$T: '$f' has no case '$c'; its cases are: $(echo $cases)"
}

pass=0 failed=0 skipped=0
failures=

# record SUITE pass|skip|fail NAME [REASON]: one case of SUITE's nested
# subtest, numbered on from sn (the caller zeroes sn and s_failed per
# suite), counted, and kept in results.tsv
record() {
	sn=$((sn + 1))
	case $2 in
	pass) pass=$((pass + 1)); echo "  ok $sn $3${4:+ # $4}" ;;
	skip) skipped=$((skipped + 1)); echo "  ok $sn $3 # SKIP${4:+ $4}" ;;
	fail)
		failed=$((failed + 1)); s_failed=$((s_failed + 1))
		echo "  not ok $sn $3${4:+ # $4}"
		failures="$failures
  $1: $3${4:+ ($4)}" ;;
	esac
	printf '%s\t%s\t%s\t%s\n' "$1" "$3" "$2" "$4" >> "$res/results.tsv"
}

# relay SUITE [PREFIX]: a child's KTAP results (flat, or with per-file
# plans and totals, which are dropped) as cases of SUITE, named
# PREFIX:<case> if given; sets child_rc from the "# exit=" line added by
# the caller
relay() {
	local suite=$1 p=${2:+$2:} line c d
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*)
			c=$p${line#ok * }; d=${c#*# SKIP}
			record "$suite" skip "${c%% # SKIP*}" "${d# }" ;;
		"ok "*)
			c=$p${line#ok * }; d=
			[ "$c" != "${c#* # }" ] && d=${c#* # }
			record "$suite" pass "${c%% # *}" "$d" ;;
		"not ok "*)
			c=$p${line#not ok * }; d=
			[ "$c" != "${c#* # }" ] && d=${c#* # }
			record "$suite" fail "${c%% # *}" "$d" ;;
		"TAP version"*|"KTAP version"*|"1.."*|"# Totals"*) ;;
		"# exit="*) child_rc=${line#"# exit="} ;;
		# a child's own nesting would read as one of ours
		"# Subtest:"*) echo "  # (subtest)${line#"# Subtest:"}" ;;
		"#"*) echo "  $line" ;;
		*) echo "  # $line" ;;
		esac
	done
}

# suite_end SUITE: the suite's own result line in the top-level stream
suite_end() {
	sk=$((sk + 1))
	if [ "$s_failed" -gt 0 ]; then
		echo "not ok $sk $1"
	elif [ "$sn" -eq 0 ]; then
		echo "ok $sk $1 # SKIP no test ran"
	else
		echo "ok $sk $1"
	fi
}

selected() { # file list -> the files T selects
	local f
	for f in $1; do
		[ -z "$T" ] || [ "${T%%:*}" = "$f" ] && echo "$f.sh"
	done
}

in_suite() { [ -z "$SUITE" ] || [[ " $SUITE " == *" $1 "* ]]; }

case $1 in
--list) list; exit 0 ;;
--check-args) check_args; exit 0 ;;
"") check_args ;;
*) echo "usage: $0 [--list | --check-args]" >&2; exit 2 ;;
esac
# one clear sentence if this machine cannot boot the VMs (root, tun, netns)
"$top/qemu/vm" --preflight || exit 1

# what runs, known before anything does: the top-level plan comes first
in_suite harness || HARNESS=
harness_list=$(selected "$HARNESS" | sed 's/\.sh$//' | tr '\n' ' ')
run_suites=
[ -n "$harness_list" ] && run_suites=harness
while IFS='|' read -r suite nic topo files extra; do
	[ -n "$suite" ] && in_suite "$suite" || continue
	[ -n "$(selected "$files")" ] && run_suites="$run_suites $suite"
done <<< "$SUITES"

# The results folder: this stream, results.json, junit.xml and per suite
# the guest's console, dmesg and the harness logs, failing or not.
# E1K_RESULTS puts them elsewhere (the harness's own make check runs).
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=${E1K_RESULTS:-$top/build/results}
res=$results/$stamp
mkdir -p "$res"
ln -sfn "$stamp" "$results/latest"
where=${res#"$top/"}
: > "$res/results.tsv"
exec > >(tee "$res/ktap.txt")
tee_pid=$!

echo "KTAP version 1"
echo "# e1k check: DRIVER=$DRIVER ACCEL=${ACCEL:-tcg} kernel ${KVER:-$(cat "$top/build/kver")}"
echo "1..$(echo $run_suites | wc -w)"
start=$SECONDS
sk=0

# XDP test programs, compiled here with the host's clang (the guest has none)
xdp_progs=$top/build/xdp-progs
rm -rf "$xdp_progs"
"$top/selftests/drivers/net/e1k/xdp/build.sh" "$xdp_progs" > "$res/xdp-build.log" 2>&1 ||
	{ echo "# XDP programs failed to build ($where/xdp-build.log)"; xdp_progs=; }

if [ -n "$harness_list" ]; then
	echo "  KTAP version 1"
	echo "  # Subtest: harness"
	sn=0 s_failed=0
	mkdir -p "$res/harness"
	for h in $harness_list; do
		echo "  # harness: $h"
		before=$s_failed
		relay harness "$h" < <(bash "$top/selftests/harness/$h.sh" 2>&1 |
			tee "$res/harness/$h.log"; echo "# exit=${PIPESTATUS[0]}")
		if [ "$child_rc" != 0 ] && [ "$s_failed" = "$before" ]; then
			record harness fail "$h" "exit=$child_rc"
		fi
	done
	suite_end harness
fi

while IFS='|' read -r suite nic topo files extra; do
	[ -n "$suite" ] && [ "$suite" != harness ] && [[ " $run_suites " == *" $suite "* ]] ||
		continue
	list=$(selected "$files" | tr '\n' ' ')
	cmd=/payload/selftests/drivers/net/e1k/run_tests.sh
	payload=$xdp_progs
	if [ "$files" = upstream ]; then
		# the kernel's own drivers/net tests, installed from linux-source
		"$top/selftests/upstream/install.sh" || { echo "# upstream install failed"; }
		cmd=/payload/selftests/upstream/run.sh
		payload=$top/build/ksft
	elif [ "$files" = installed ]; then
		# ours, as `make install` lays them out, run without the harness
		rm -rf "$top/build/ksft-e1k" "$top/build/ksft-e1k-gen"
		make -s -C "$top/selftests/drivers/net/e1k" all install \
			OUTPUT="$top/build/ksft-e1k-gen" INSTALL_PATH="$top/build/ksft-e1k" \
			> "$res/install.log" 2>&1 ||
			echo "  # make install of the selftests failed ($where/install.log)"
		cmd=/payload/selftests/installed/run.sh
		payload=$top/build/ksft-e1k
	fi
	logs=$res/${suite//\//-}
	echo "  KTAP version 1"
	echo "  # Subtest: $suite"
	echo "  # suite $suite: NIC=$nic TOPO=$topo DRIVER=$DRIVER: $list"
	t0=$SECONDS
	sn=0 s_failed=0
	relay "$suite" < <(env $extra NIC="$nic" TOPO="$topo" E1K_TESTS="$list" \
		E1K_PAYLOAD="$payload" E1K_LOG_DIR="$logs" "$top/qemu/vm" -- "$cmd" 2>&1
		echo "# exit=$?")
	echo "  # suite $suite: $((SECONDS - t0)) s, logs in $where/${logs##*/}"
	# a guest that crashed or hung is a failure even if no case said so
	if [ "$child_rc" = 125 ] || { [ "$child_rc" != 0 ] && [ "$s_failed" = 0 ]; }; then
		# a guest that crashed or hung: a failure no case reported
		record "$suite" fail vm "exit=$child_rc"
	fi
	suite_end "$suite"
done <<< "$SUITES"

echo "# $((SECONDS - start)) s in all"
[ -n "$failures" ] && printf '# failed:%s\n' "$failures"
echo "# Totals: pass:$pass fail:$failed xfail:0 xpass:0 skip:$skipped error:0"
/usr/bin/python3 "$top/selftests/results.py" "$res" ||
	echo "# results.json/junit.xml not written"
echo "$pass passed, $failed failed, $skipped skipped (results: $where)"
# the tee must have written everything before make prints its own lines
exec >&-
wait "$tee_pid" 2>/dev/null
[ "$failed" -eq 0 ]
