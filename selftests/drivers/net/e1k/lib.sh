# SPDX-License-Identifier: GPL-2.0
# KTAP helpers and shared setup for the e1k tests.  A test file defines
# test_* functions and ends with `ktap_main test_a test_b ...`; each function
# is one behaviour, run in a subshell: return 0 = pass, fail "why" = fail,
# skip "why" = skip (exit 4, as in kselftest).

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

[ -f /payload/lib.sh ] && . /payload/lib.sh
: "${NETIF:=eth0}"

fail() { echo "$*" >&2; exit $KSFT_FAIL; }
skip() { echo "$*" >&2; exit $KSFT_SKIP; }
info() { echo "$*" >&2; }

# budget N: N (a latency bound, in any unit) times E1K_TIME_SCALE.  The debug
# kernel (KASAN, lockdep, kmemleak) runs the guest about five times slower and
# `make check-debug` sets a scale there: its bounds are about sanitizers, the
# stock kernel's about latency.
budget() { echo $(($1 * ${E1K_TIME_SCALE:-1})); }

# require_cmd CMD...: skip unless every command is installed
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip "$c not installed"
	done
}

# require_e1k: skip a test of e1k internals when another driver is bound
require_e1k() {
	[ "$(basename "$(readlink "/sys/class/net/$NETIF/device/driver")")" = e1k ] ||
		skip "needs the e1k driver"
}

# require_host: skip unless the host side answers (we run under qemu/vm)
require_host() {
	declare -F hostctl >/dev/null && [ -c /dev/ttyS1 ] || skip "no host channel"
}

# link_ready IFACE PEER: carrier up and the peer answers; the model holds
# RX for ~1 s after every RCTL write, so a fresh link may drop the first
# frames.
link_ready() {
	local dev=$1 peer=$2 ns=${3:+ip netns exec $3}
	wait_for 10 carrier_is "$dev" 1 || return 1
	wait_for 10 $ns ping -c1 -W1 "$peer"
}

# bring_up [TIMEOUT]: once NETIF (re)appears after a reload or re-plug,
# give it back its addresses, set it up and wait for the peer
bring_up() {
	wait_for "${1:-5}" test -d "/sys/class/net/$NETIF" || return 1
	ip addr add "$LOCAL_V4/24" dev "$NETIF" 2>/dev/null
	ip addr add "$LOCAL_V6/64" dev "$NETIF" nodad 2>/dev/null
	ip link set "$NETIF" up
	link_ready "$NETIF" "$REMOTE_V4"
}

# tcp_listening NS PORT: a socket in netns NS listens on TCP PORT (the guest
# has no ss; /proc/net/tcp6 holds iperf3's dual-stack socket)
tcp_listening() {
	ip netns exec "$1" cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p="$(printf ':%04X' "$2")" \
			'substr($2, length($2) - 4) == p && $4 == "0A" { f = 1 } END { exit !f }'
}

# remote_iperf3 [ARGS...]: a one-off iperf3 server in ns-remote, its pid in
# IPERF3_PID once it listens: a fixed sleep is too short for process start-up
# on the debug kernel
remote_iperf3() {
	ip netns exec ns-remote iperf3 -s -1 "$@" >/dev/null 2>&1 &
	IPERF3_PID=$!
	wait_for "$(budget 3)" tcp_listening ns-remote 5201 ||
		{ kill "$IPERF3_PID" 2>/dev/null; fail "iperf3 server in ns-remote did not start"; }
}

# sha256_tx MIB [PORT]: send MIB MiB of random bytes to the host over TCP;
# fails unless the host's sha256 of what arrived is ours
sha256_tx() {
	local mib=$1 port=${2:-5001} job sum theirs
	dd if=/dev/urandom of=/tmp/blob bs=1M count="$mib" status=none
	sum=$(sha256sum < /tmp/blob | cut -d' ' -f1)
	job=$(hostctl bg "socat -u TCP-LISTEN:$port,reuseaddr - | sha256sum")
	socat -u FILE:/tmp/blob "TCP:$REMOTE_V4:$port,retry=50,interval=0.1" ||
		{ hostctl kill "$job"; rm -f /tmp/blob; fail "socat send"; }
	theirs=$(hostctl wait "$job" | cut -d' ' -f1)
	rm -f /tmp/blob
	info "$mib MiB sent: ours $sum, host's $theirs"
	[ "$sum" = "$theirs" ] || fail "sha256 mismatch on $mib MiB sent"
}

# sha256_rx MIB [PORT]: the same, the host sending
sha256_rx() {
	local mib=$1 port=${2:-5002} job sum theirs
	job=$(hostctl bg "f=\$(mktemp); head -c ${mib}M /dev/urandom > \$f;
		sha256sum < \$f; socat -u FILE:\$f TCP:$LOCAL_V4:$port,retry=50,interval=0.1;
		rc=\$?; rm -f \$f; exit \$rc")
	sum=$(socat -u TCP-LISTEN:"$port",reuseaddr - | sha256sum | cut -d' ' -f1)
	theirs=$(hostctl wait "$job" | cut -d' ' -f1) || fail "host sender failed"
	info "$mib MiB received: ours $sum, host's $theirs"
	[ "$sum" = "$theirs" ] || fail "sha256 mismatch on $mib MiB received"
}

# snmp Proto Field: a counter from /proc/net/snmp
snmp() {
	awk -v p="$1:" -v f="$2" '$1 == p && !h {for (i = 2; i <= NF; i++) c[i] = $i; h = 1; next}
		$1 == p && h {for (i = 2; i <= NF; i++) if (c[i] == f) print $i}' /proc/net/snmp
}

# ring_size rx|tx: the ring's current size from ethtool -g
ring_size() {
	ethtool -g "$NETIF" | awk -v k="${1^^}:" '/^Current/ {c=1} c && $1 == k {print $2; exit}'
}

# pci_addr: NETIF's PCI address (0000:00:04.0)
pci_addr() { basename "$(readlink "/sys/class/net/$NETIF/device")"; }

# ethtool_stat NAME [IFACE]: one counter from ethtool -S
ethtool_stat() {
	ethtool -S "${2:-$NETIF}" | awk -v n="$1:" '$1 == n {print $2; f=1} END {exit !f}'
}

# sysfs_stat NAME [IFACE]: one counter from /sys/class/net/IF/statistics
sysfs_stat() { cat "/sys/class/net/${2:-$NETIF}/statistics/$1"; }

ktap_main() {
	local n=0 t t0 rc pass=0 failed=0 skipped=0 filter=${T#*:}
	[ "$filter" = "$T" ] && filter=
	echo "TAP version 13"
	for t in "$@"; do
		[ -n "$filter" ] && [ "$filter" != "$t" ] && [ "$filter" != "${t#test_}" ] &&
			continue
		n=$((n + 1))
		echo "# --- ${t#test_}"
		t0=$SECONDS
		( "$t" ) 2>&1 | while IFS= read -r l; do echo "# $l"; done
		rc=${PIPESTATUS[0]}
		echo "# ${t#test_}: $((SECONDS - t0)) s"
		case $rc in
		0) echo "ok $n ${t#test_}"; pass=$((pass + 1)) ;;
		4) echo "ok $n ${t#test_} # SKIP"; skipped=$((skipped + 1)) ;;
		*) echo "not ok $n ${t#test_} # exit=$rc"; failed=$((failed + 1)) ;;
		esac
	done
	echo "1..$n"
	echo "# Totals: pass:$pass fail:$failed skip:$skipped"
	[ $failed -eq 0 ]
}
