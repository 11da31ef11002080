#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# e1k's KUnit suite (e1k_kunit.c: TSO segment sizes, RX descriptor checks,
# ring arithmetic, interrupt moderation) runs when e1k.ko loads on a kernel
# with CONFIG_KUNIT (make check-debug's).  This reloads the module and
# relays each KUnit case's result; a kernel without KUnit skips.
. "$(dirname "$0")/lib.sh"

echo "TAP version 13"
if [ ! -d /sys/module/kunit ]; then
	echo "# kernel without CONFIG_KUNIT"
	echo "1..0 # SKIP no KUnit"
	exit $KSFT_SKIP
fi
if ! grep -q '^e1k ' /proc/modules; then
	echo "# e1k is not loaded (another driver under test)"
	echo "1..0 # SKIP not e1k"
	exit $KSFT_SKIP
fi

before=$(dmesg | wc -l)
rmmod e1k && insmod "${E1K_KO_PATH:-/payload/e1k.ko}" || { echo "not ok 1 kunit_reload"; exit $KSFT_FAIL; }
# KUnit prints the suite's summary last
wait_for "$(budget 20)" sh -c "dmesg | tail -n +$((before + 1)) | grep -q '# e1k: pass:'"
out=$(dmesg | tail -n +"$((before + 1))" | sed 's/^\[[^]]*\] *//')

n=0
failed=0
while read -r status rest; do
	case "$status $rest" in
	"ok "*)
		n=$((n + 1)); echo "ok $n ${rest#* }" ;;
	"not ok "*)
		rest=${rest#ok }
		n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n ${rest#* }" ;;
	esac
done < <(echo "$out" | sed -n '/# Subtest: e1k$/,/# e1k: pass:/p' |
	 grep -E '^ *(not )?ok [0-9]+ e1k_kunit_')
echo "$out" | grep -E '# e1k: pass:|(expected|Expected|ASSERTION|EXPECTATION)' |
	head -n 40 | sed 's/^/# /'
if [ $n -eq 0 ]; then
	echo "not ok 1 kunit_results # no KUnit output for e1k after reload"
	n=1
	failed=1
fi

bring_up 10 >/dev/null 2>&1 || echo "# $NETIF did not come back after the reload"
# no plan: the number of KUnit cases is known only once they ran
[ $failed -eq 0 ]
