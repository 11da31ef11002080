#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest-side runner: run the test files named in E1K_TESTS (or given as
# arguments) and print one flat KTAP stream, one line per test case named
# <file>:<case>, plus a <file>:dmesg_clean case after every file that fails
# on WARN, BUG, Oops or a NETDEV WATCHDOG logged while the file ran.
here=$(cd "$(dirname "$0")" && pwd)
files=${*:-$E1K_TESTS}
n=0
pass=0
failed=0
skipped=0

report() { # status name [directive]
	n=$((n + 1))
	case $1 in
	ok) pass=$((pass + 1)); echo "ok $n $2" ;;
	skip) skipped=$((skipped + 1)); echo "ok $n $2 # SKIP${3:+ $3}" ;;
	*) failed=$((failed + 1)); echo "not ok $n $2${3:+ # $3}" ;;
	esac
}

echo "TAP version 13"
for f in $files; do
	name=${f%.sh}
	[ -n "$T" ] && [ "${T%%:*}" != "$name" ] && continue
	echo "# selftests: e1k: $f"
	before=$(dmesg | wc -l)
	cases_failed=0
	cases=0
	ec=
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*)
			c=${line#ok * }; report skip "$name:${c%% # SKIP*}"; cases=$((cases + 1)) ;;
		"ok "*)
			c=${line#ok * }; report ok "$name:$c"; cases=$((cases + 1)) ;;
		"not ok "*)
			c=${line#not ok * }; report fail "$name:${c%% # *}" "${c#* # }"
			cases=$((cases + 1)); cases_failed=$((cases_failed + 1)) ;;
		"TAP version"*|"1.."*) ;;
		"# exit="*) ec=${line#"# exit="} ;;
		*) echo "$line" ;;
		esac
	done < <(cd "$here" && timeout "${E1K_TEST_TIMEOUT:-600}" bash "./$f" 2>&1; echo "# exit=$?")
	# a file that died between cases still fails, by name
	if [ $cases -eq 0 ] && [ "$ec" = 4 ]; then
		report skip "$name:all" "file skipped"
	elif [ $cases -eq 0 ]; then
		report fail "$name:ran" "no test case reported, exit $ec"
	elif [ "$ec" != 0 ] && [ $cases_failed -eq 0 ]; then
		report fail "$name:exit_status" "exit $ec with no failed case"
	fi
	bad=$(dmesg | tail -n +"$((before + 1))" |
	      grep -E 'WARNING:|BUG:|Oops|NETDEV WATCHDOG|general protection|refcount_t|UBSAN|KASAN|kmemleak|Call Trace' || true)
	if [ -n "$bad" ]; then
		echo "$bad" | sed 's/^/# dmesg: /'
		report fail "$name:dmesg_clean" "kernel warnings"
	else
		report ok "$name:dmesg_clean"
	fi
done
echo "1..$n"
echo "# Totals: pass:$pass fail:$failed skip:$skipped"
[ $failed -eq 0 ]
