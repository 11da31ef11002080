# SPDX-License-Identifier: GPL-2.0
# Small shell helpers with no harness behind them, for the tests (lib.sh)
# and for the harness's own guest scripts (qemu/guest/lib.sh).

# The headers of every report the stock and the debug kernel print, as an
# extended regular expression: the tests' dmesg_clean cases look for them in
# what a test file logged, qemu/vm in what a guest printed after its exit
# status.
E1K_KERNEL_REPORTS='WARNING:|BUG:|Oops|NETDEV WATCHDOG|general protection|refcount_t'
E1K_KERNEL_REPORTS="$E1K_KERNEL_REPORTS|UBSAN|KASAN|possible circular|possible recursive"
E1K_KERNEL_REPORTS="$E1K_KERNEL_REPORTS|inconsistent lock state|still has locks held|DMA-API"
E1K_KERNEL_REPORTS="$E1K_KERNEL_REPORTS|ODEBUG|sleeping function called|scheduling while atomic"
E1K_KERNEL_REPORTS="$E1K_KERNEL_REPORTS|unreferenced object|blocked for more than|soft lockup"
E1K_KERNEL_REPORTS="$E1K_KERNEL_REPORTS|list_add corruption"

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds
wait_for() {
	local t=$1 i=0
	shift
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -ge $((t * 10)) ] && return 1
		sleep 0.1
	done
}

carrier_is() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = "$2" ]; }

# now_ms: monotonic-enough wall clock in milliseconds (bash's EPOCHREALTIME)
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# neigh_mac ADDR [DEV]: the MAC DEV's (default eth0) neighbour table holds for
# ADDR, empty if it has none yet
neigh_mac() {
	ip neigh show "$1" dev "${2:-eth0}" |
		awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}
