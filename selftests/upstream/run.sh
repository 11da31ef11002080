#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side: run the kernel's drivers/net selftests, unmodified, against
# eth0 in the loop topology and print one flat KTAP stream named
# upstream:<test>:<case>, judged against expect.txt.
#
# The python tests (NetDrvEpEnv) use eth0 with ns-remote as their netns
# peer; the forwarding-lib shell tests want both NICs in one namespace, so
# eth1 is brought home from ns-remote for them.
here=$(cd "$(dirname "$0")" && pwd)
ksft=${KSFT:-/payload/ksft}
n=0 pass=0 failed=0 skipped=0

report() { # ok|skip|fail name [directive]
	n=$((n + 1))
	case $1 in
	ok) pass=$((pass + 1)); echo "ok $n $2" ;;
	skip) skipped=$((skipped + 1)); echo "ok $n $2 # SKIP${3:+ $3}" ;;
	*) failed=$((failed + 1)); echo "not ok $n $2${3:+ # $3}" ;;
	esac
}

expect_of() { awk -v t="$1" '$1 == t {print $2; exit}' "$here/expect.txt"; }
reason_of() { awk -v t="$1" '$1 == t {$1 = $2 = ""; sub(/^ +/, ""); print; exit}' "$here/expect.txt"; }

if [ ! -d "$ksft" ]; then
	report skip "upstream:all" "no installed kselftests in $ksft"
	exit 0
fi

cfg="NETIF=eth0
LOCAL_V4=$LOCAL_V4
REMOTE_V4=$REMOTE_V4
LOCAL_V6=$LOCAL_V6
REMOTE_V6=$REMOTE_V6
REMOTE_TYPE=netns
REMOTE_ARGS=ns-remote"
echo "$cfg" > "$ksft/drivers/net/net.config"
echo "$cfg" > "$ksft/drivers/net/hw/net.config"
printf 'NETIFS[p1]=eth0\nNETIFS[p2]=eth1\nNETIF_CREATE=no\nREQUIRE_MZ=yes\n' \
	> "$ksft/net/forwarding/forwarding.config"

eth1_home() {
	ip -n ns-remote link set eth1 netns 1 2>/dev/null || return 0
	ip link set eth1 up
}
eth1_away() {
	# the forwarding-lib tests tear eth0's addresses down with their VRFs
	ip link set eth0 up
	ip addr replace "$LOCAL_V4/24" dev eth0
	ip addr replace "$LOCAL_V6/64" dev eth0 nodad
	ip link set eth1 netns ns-remote 2>/dev/null
	ip -n ns-remote addr add "$REMOTE_V4/24" dev eth1 2>/dev/null
	ip -n ns-remote addr add "$REMOTE_V6/64" dev eth1 nodad 2>/dev/null
	ip -n ns-remote link set eth1 up
	# the model holds RX for ~1 s after each RCTL write: wait for the peer
	for _ in $(seq 30); do
		ping -c1 -W1 "$REMOTE_V4" >/dev/null 2>&1 && break
	done
}

echo "TAP version 13"
while read -r t exp _; do
	case $t in ''|'#'*) continue ;; esac
	[ -n "$T" ] && [ "${T#upstream:}" != "${t#*:}" ] && continue
	if [ "$exp" = slow ] && [ "$E1K_UPSTREAM_SLOW" != 1 ]; then
		report skip "upstream:${t#*:}" "slow: $(reason_of "$t")"
		continue
	fi
	if [ "$exp" = exclude ]; then
		report skip "upstream:${t#*:}" "excluded: $(reason_of "$t")"
		continue
	fi
	coll=${t%%:*}
	file=${t#*:}
	case $file in *.sh) eth1_home ;; *) eth1_away ;; esac
	echo "# upstream: $t"
	cases=0
	failed_before=$failed
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*|"ok "*"# XFAIL"*)
			c=${line#ok * }; report skip "upstream:$file:${c%% # *}" "${c#* # }"
			cases=$((cases + 1)) ;;
		"ok "*)
			c=${line#ok * }; report ok "upstream:$file:$c"; cases=$((cases + 1)) ;;
		"not ok "*)
			c=${line#not ok * }; cases=$((cases + 1))
			report fail "upstream:$file:${c%% # *}" "${c#* # }" ;;
		"# exit="*) ec=${line#"# exit="} ;;
		"TEST: "*)
			# forwarding-lib shell tests: one TEST: line per case
			c=${line#TEST: }; c=${c%%  *}; c=${c// /_}; cases=$((cases + 1))
			case $line in
			"TEST: SKIP:"*) report skip "upstream:$file:$c" "the test says so" ;;
			*"[ OK ]") report ok "upstream:$file:$c" ;;
			*"[XFAIL]"*|*"[SKIP]"*) report skip "upstream:$file:$c" "${line##* }" ;;
			*) report fail "upstream:$file:$c" "${line##* }" ;;
			esac ;;
		"TAP version"*|"KTAP version"*|"1.."*) ;;
		*) echo "# $line" ;;
		esac
	done < <(cd "$ksft/$coll" && timeout 300 "./$file" 2>&1; echo "# exit=$?")
	if [ $cases -gt 0 ] && [ "$ec" != 0 ] && [ "$ec" != 4 ] && [ "$failed_before" = "$failed" ]; then
		# killed by the timeout, or died between cases
		report fail "upstream:$file:exit_status" "exit $ec"
	elif [ $cases -eq 0 ]; then
		# the shell tests print TEST: lines, not KTAP: judge by exit code
		case $ec in
		0) report ok "upstream:$file" ;;
		4) report skip "upstream:$file" "test skipped itself" ;;
		*) report fail "upstream:$file" "exit $ec" ;;
		esac
	fi
done < "$here/expect.txt"
eth1_away
# no plan: a test's case count is known only once it ran
echo "# Totals: pass:$pass fail:$failed xfail:0 xpass:0 skip:$skipped error:0"
[ $failed -eq 0 ]
