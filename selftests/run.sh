#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: the harness's own tests on the host, then the e1k suites,
# each in one VM per (NIC model, topology).  Prints one KTAP stream and ends
# with "N passed, N failed, N skipped".  T=<file>[:<case>] runs one test;
# SUITE="<name>..." (harness, e1000/host, ...) runs those suites; E1K_SUITES
# replaces the table below (make check-debug).
top=$(cd "$(dirname "$0")/.." && pwd)
DRIVER=${DRIVER:-e1k}
export DRIVER

FULL="link ping iperf transfer hostile misbehave tso reload ethtool features rings txhang netconsole suspend hotplug flap"
SMOKE="link ping iperf transfer hostile misbehave tso reload ethtool features rings txhang"
LOOP="loop vlan rxmode mtu xdp"
# XDP does not depend on the model: once, on the e1000, keeps make check < 30 min
LOOP_SMOKE="loop vlan rxmode mtu"
# suite name | NIC | TOPO | test files | extra environment
SUITES=${E1K_SUITES:-"
e1000/host|e1000|host|$FULL|E1K_HOTPLUG_CYCLES=20
e1000/loop|e1000|loop|$LOOP|
82545em/loop|e1000-82545em|loop|$LOOP_SMOKE|
82545em/host|e1000-82545em|host|$FULL|E1K_XFER_MIB=32 E1K_RELOADS=3 E1K_HOTPLUG_CYCLES=20
82544gc/host|e1000-82544gc|host|$SMOKE|E1K_XFER_MIB=32 E1K_RELOADS=3
e1000/upstream|e1000|loop|upstream|
82545em/upstream|e1000-82545em|loop|upstream|
82544gc/upstream|e1000-82544gc|loop|upstream|
"}
HARNESS=$(cd "$top/selftests/harness" && ls ./*.sh | sed 's|^\./||; s|\.sh$||')

n=0 pass=0 failed=0 skipped=0
failures=

# relay SUITE: renumber the KTAP case lines of one suite into ours
relay() {
	local suite=$1 line c
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*)
			n=$((n + 1)); skipped=$((skipped + 1))
			c=${line#ok * }; echo "ok $n $suite: $c" ;;
		"ok "*)
			n=$((n + 1)); pass=$((pass + 1))
			c=${line#ok * }; echo "ok $n $suite: $c" ;;
		"not ok "*)
			n=$((n + 1)); failed=$((failed + 1))
			c=${line#not ok * }; echo "not ok $n $suite: $c"
			failures="$failures
  $suite: $c" ;;
		"TAP version"*|"1.."*|"# Totals"*) ;;
		"# exit="*) child_rc=${line#"# exit="} ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done
}

selected() { # file list -> the files T selects
	local f
	for f in $1; do
		[ -z "$T" ] || [ "${T%%:*}" = "$f" ] && echo "$f.sh"
	done
}

echo "TAP version 13"
echo "# e1k check: DRIVER=$DRIVER ACCEL=${ACCEL:-tcg} kernel ${KVER:-$(cat "$top/build/kver")}"
start=$SECONDS

in_suite() { [ -z "$SUITE" ] || [[ " $SUITE " == *" $1 "* ]]; }

# XDP test programs, compiled here with the host's clang (the guest has none)
xdp_progs=$top/build/xdp-progs
rm -rf "$xdp_progs"
"$top/selftests/drivers/net/e1k/xdp/build.sh" "$xdp_progs" ||
	{ echo "# XDP programs failed to build"; xdp_progs=; }

in_suite harness || HARNESS=
for h in $(selected "$HARNESS" | sed 's/\.sh$//'); do
	echo "# harness: $h"
	before=$failed
	relay harness < <(bash "$top/selftests/harness/$h.sh" 2>&1; echo "# exit=$?")
	if [ "$child_rc" != 0 ] && [ "$failed" = "$before" ]; then
		n=$((n + 1)); failed=$((failed + 1))
		echo "not ok $n harness: $h # exit=$child_rc"
		failures="$failures
  harness: $h (exit $child_rc)"
	fi
done

while IFS='|' read -r suite nic topo files extra; do
	[ -n "$suite" ] && in_suite "$suite" || continue
	list=$(selected "$files" | tr '\n' ' ')
	[ -n "$list" ] || continue
	cmd=/payload/selftests/drivers/net/e1k/run_tests.sh
	payload=$xdp_progs
	if [ "$files" = upstream ]; then
		# the kernel's own drivers/net tests, installed from linux-source
		"$top/selftests/upstream/install.sh" || { echo "# upstream install failed"; }
		cmd=/payload/selftests/upstream/run.sh
		payload=$top/build/ksft
	fi
	echo "# suite $suite: NIC=$nic TOPO=$topo DRIVER=$DRIVER: $list"
	t0=$SECONDS
	before=$failed
	relay "$suite" < <(env $extra NIC="$nic" TOPO="$topo" E1K_TESTS="$list" \
		E1K_PAYLOAD="$payload" "$top/qemu/vm" -- "$cmd" 2>&1
		echo "# exit=$?")
	echo "# suite $suite: $((SECONDS - t0)) s"
	# a guest that crashed or hung is a failure even if no case said so
	if [ "$child_rc" = 125 ] || { [ "$child_rc" != 0 ] && [ "$failed" = "$before" ]; }; then
		n=$((n + 1)); failed=$((failed + 1))
		echo "not ok $n $suite: vm # exit=$child_rc"
		failures="$failures
  $suite: vm (exit $child_rc)"
	fi
done <<< "$SUITES"

echo "1..$n"
echo "# $((SECONDS - start)) s in all"
[ -n "$failures" ] && printf '# failed:%s\n' "$failures"
echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
