#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest-side runner: run the test files named in E1K_TESTS (or given as
# arguments) and print one flat KTAP stream, one line per test case named
# <file>:<case> (with no plan: how many cases a file has is known only once
# it ran, and KTAP then leaves the plan out), plus a <file>:dmesg_clean case after every file that fails
# on WARN, BUG, Oops, a NETDEV WATCHDOG or a debug-kernel report (KASAN,
# lockdep, DMA-API, ...) logged while the file ran, and with E1K_KMEMLEAK=1
# a <file>:kmemleak_clean case.
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

. "$here/helpers.sh"

# kmemleak_check NAME: objects leaked while NAME ran (E1K_KMEMLEAK=1, on the
# debug kernel).  kmemleak ignores objects younger than 5 s and settles
# over two scans; what was reported before is cleared first.
kmemleak_check() {
	local f=/sys/kernel/debug/kmemleak leaks
	if [ ! -w $f ]; then
		report skip "$1:kmemleak_clean" "no kmemleak"
		return
	fi
	sleep 6
	echo scan > $f
	echo scan > $f
	leaks=$(cat $f)
	echo clear > $f
	if [ -n "$leaks" ]; then
		echo "$leaks" | head -n 60 | sed 's/^/# kmemleak: /'
		report fail "$1:kmemleak_clean" "$(echo "$leaks" | grep -c unreferenced) leaked objects"
	else
		report ok "$1:kmemleak_clean"
	fi
}

echo "TAP version 13"
# leaks from boot and module load are not any test's
[ -n "$E1K_KMEMLEAK" ] && [ -w /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak
for f in $files; do
	name=${f%.sh}
	[ -n "$T" ] && [ "${T%%:*}" != "$name" ] && continue
	echo "# selftests: e1k: $f"
	before=$(dmesg | wc -l)
	cases_failed=0
	cases=0
	ec=
	last=
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*)
			c=${line#ok * }; d=${c#*# SKIP}
			report skip "$name:${c%% # SKIP*}" "${d# }"; cases=$((cases + 1)) ;;
		"ok "*)
			c=${line#ok * }; report ok "$name:$c"; cases=$((cases + 1)) ;;
		"not ok "*)
			c=${line#not ok * }; report fail "$name:${c%% # *}" "${c#* # }"
			cases=$((cases + 1)); cases_failed=$((cases_failed + 1)) ;;
		"TAP version"*|"KTAP version"*|"1.."*|"# Totals"*) ;;
		"# exit="*) ec=${line#"# exit="} ;;
		*) echo "$line"; last=$line ;;
		esac
	done < <(cd "$here" && timeout "${E1K_TEST_TIMEOUT:-600}" bash "./$f" 2>&1; echo "# exit=$?")
	# a file that died between cases still fails, by name
	if [ $cases -eq 0 ] && [ "$ec" = 4 ]; then
		report skip "$name:all" "${last:+${last#\# }}"
	elif [ $cases -eq 0 ]; then
		report fail "$name:ran" "no test case reported, exit $ec"
	elif [ "$ec" != 0 ] && [ $cases_failed -eq 0 ]; then
		report fail "$name:exit_status" "exit $ec with no failed case"
	fi
	log=$(dmesg | tail -n +"$((before + 1))")
	pat=$E1K_KERNEL_REPORTS
	# an injected allocation failure prints warn_alloc's bare call trace
	# on purpose; real reports still carry one of the headers above
	echo "$log" | grep -q 'FAULT_INJECTION: forcing a failure' || pat="$pat|Call Trace"
	bad=$(echo "$log" | grep -E "$pat" || true)
	if [ -n "$bad" ]; then
		# with what follows each header: the trace and the checker's
		# details (the console shows only errors, loglevel=4)
		echo "$log" | grep -E -A30 "$pat" | head -n 150 | sed 's/^/# dmesg: /'
		report fail "$name:dmesg_clean" "kernel warnings"
	else
		report ok "$name:dmesg_clean"
	fi
	[ -n "$E1K_KMEMLEAK" ] && kmemleak_check "$name"
done
echo "# Totals: pass:$pass fail:$failed xfail:0 xpass:0 skip:$skipped error:0"
[ $failed -eq 0 ]
