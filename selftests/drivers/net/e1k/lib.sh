# SPDX-License-Identifier: GPL-2.0
# KTAP helpers and shared setup for the e1k tests.  A test file defines
# test_* functions and ends with `ktap_main test_a test_b ...`; each function
# is one behaviour, run in a subshell: return 0 = pass, fail "why" = fail,
# skip "why" = skip (exit 4, as in kselftest).

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

E1K_SELFTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$E1K_SELFTEST_DIR/helpers.sh"

# The environment, as the kernel's drivers/net tests read it: NETIF, the
# addresses LOCAL_V4/V6 and REMOTE_V4/V6 of this end and the peer, and
# where the peer's end lives (REMOTE_TYPE=netns|ssh, REMOTE_ARGS=the netns
# or host), from the environment or from net.config beside the tests
# (KEY=value lines), which wins, as in drivers/net/lib/py/env.py.
if [ -f "$E1K_SELFTEST_DIR/net.config" ]; then
	while IFS= read -r _l; do
		case $_l in ''|'#'*) continue ;; *=*) export "${_l%%=*}=${_l#*=}" ;; esac
	done < "$E1K_SELFTEST_DIR/net.config"
	unset _l
fi
: "${NETIF:=eth0}"

# The QEMU host layer (qemu/guest/lib.sh, only under the harness): hostctl,
# for what needs the host side (require_host skips without it).
[ -f /payload/lib.sh ] && . /payload/lib.sh

# remote CMD...: run CMD at the peer's end (REMOTE_TYPE/REMOTE_ARGS); the
# loop topology's peer is the guest netns ns-remote
remote() {
	case ${REMOTE_TYPE:-} in
	netns) ip netns exec "$REMOTE_ARGS" "$@" ;;
	ssh) ssh -o BatchMode=yes "$REMOTE_ARGS" "$(printf '%q ' "$@")" ;;
	*) echo "no peer end: REMOTE_TYPE is '${REMOTE_TYPE:-}'" >&2; return 127 ;;
	esac
}

# xdp_obj_dir: where the XDP programs and xsk_echo are (make all / install
# put them beside the tests; the harness ships them in /payload/xdp-progs)
xdp_obj_dir() {
	if [ -f "$E1K_SELFTEST_DIR/udp_pass.o" ]; then
		echo "$E1K_SELFTEST_DIR"
	else
		echo /payload/xdp-progs
	fi
}

# require_remote: skip unless the peer's end can be reached with remote
require_remote() {
	case ${REMOTE_TYPE:-} in
	netns|ssh) remote true 2>/dev/null || skip "peer $REMOTE_TYPE $REMOTE_ARGS not reachable" ;;
	*) skip "no peer end (REMOTE_TYPE netns or ssh)" ;;
	esac
}

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

# require_e1k: skip a test of e1k's own tooling (fault/failnth.py scopes its
# injections to e1k's .text) when another driver is bound.  Tests of a
# behaviour skip on a missing capability instead (below).
require_e1k() {
	[ "$(bound_driver)" = e1k ] || skip "needs the e1k driver (fault/failnth.py is e1k's)"
}

# Capabilities: a test skips because the device or its driver lacks what it
# tests, as ethtool, netlink or sysfs report it, never because of a name.

# bound_driver, bound_module: the driver bound to NETIF's device (e1k,
# e1000, virtio_net) and its module
bound_driver() { basename "$(readlink "/sys/class/net/$NETIF/device/driver")"; }
bound_module() { basename "$(readlink "/sys/class/net/$NETIF/device/driver/module")"; }

# require_unloadable: skip unless the bound driver is a module nothing holds
require_unloadable() {
	local m r
	m=$(bound_module)
	[ -n "$m" ] && [ -r "/sys/module/$m/refcnt" ] ||
		skip "driver $(bound_driver) is not a loadable module"
	r=$(cat "/sys/module/$m/refcnt")
	[ "$r" = 0 ] || skip "module $m is in use (refcnt $r)"
}

# load_bound_module MODULE: load it again, from the payload if it came from there
load_bound_module() {
	if [ -f "/payload/$1.ko" ]; then insmod "/payload/$1.ko"; else modprobe "$1"; fi
}

# drvinfo_supports WHAT: ethtool -i says supports-WHAT: yes
drvinfo_supports() { ethtool -i "$NETIF" | grep -qx "supports-$1: yes"; }

# feature_state NAME: "on" or "off" from ethtool -k
feature_state() {
	ethtool -k "$NETIF" | awk -v n="$1:" '$1 == n {print $2; f=1} END {exit !f}'
}

# require_feature_toggle NAME: skip unless ethtool -k lists NAME, not [fixed]
require_feature_toggle() {
	feature_state "$1" >/dev/null || skip "no $1 (not in ethtool -k)"
	! ethtool -k "$NETIF" | grep -q "^$1: .*\[fixed\]" || skip "$1 is fixed (not toggleable)"
}

# ring_max rx|tx: the ring's maximum size from ethtool -g
ring_max() {
	ethtool -g "$NETIF" |
		awk -v k="${1^^}:" '/^Pre-set/ {c=1} /^Current/ {c=0} c && $1 == k {print $2; exit}'
}

# require_ring_resize: skip unless ethtool -g reports the rings and ethtool -G
# is implemented (a request for the current sizes changes nothing)
require_ring_resize() {
	local rx tx
	rx=$(ring_size rx) tx=$(ring_size tx)
	[ -n "$rx" ] && [ -n "$tx" ] && [ -n "$(ring_max rx)" ] ||
		skip "no ring sizes (ethtool -g unsupported)"
	ethtool -G "$NETIF" rx "$rx" tx "$tx" >/dev/null 2>&1 ||
		skip "no ring resize (ethtool -G unsupported)"
}

# is_qemu_8254x: the device is one of QEMU's 8254x models (8086:100e/100f/
# 100c); require_qemu_8254x WHY: skip unless it is (a test of that hardware)
is_qemu_8254x() {
	local d=/sys/class/net/$NETIF/device
	case "$(cat "$d/vendor" 2>/dev/null):$(cat "$d/device" 2>/dev/null)" in
	0x8086:0x100e | 0x8086:0x100f | 0x8086:0x100c) return 0 ;;
	esac
	return 1
}
require_qemu_8254x() { is_qemu_8254x || skip "not a QEMU 8254x: $1"; }

# is_qemu_e1000_class: one of QEMU's four Intel models, the 8254x or the
# 82574L (8086:10d3); require_qemu_e1000_class WHY: skip unless it is
is_qemu_e1000_class() {
	is_qemu_8254x && return 0
	[ "$(cat "/sys/class/net/$NETIF/device/vendor" 2>/dev/null):$(cat \
		"/sys/class/net/$NETIF/device/device" 2>/dev/null)" = 0x8086:0x10d3 ]
}
require_qemu_e1000_class() { is_qemu_e1000_class || skip "not a QEMU Intel NIC: $1"; }

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

# remote_listening PORT: a socket at the peer's end listens on TCP PORT (the
# guest has no ss; /proc/net/tcp6 holds iperf3's dual-stack socket)
remote_listening() {
	remote cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p="$(printf ':%04X' "$1")" \
			'substr($2, length($2) - 4) == p && $4 == "0A" { f = 1 } END { exit !f }'
}

# remote_iperf3 [ARGS...]: a one-off iperf3 server at the peer's end, its pid
# in IPERF3_PID once it listens: a fixed sleep is too short for process
# start-up on the debug kernel
remote_iperf3() {
	remote iperf3 -s -1 "$@" >/dev/null 2>&1 &
	IPERF3_PID=$!
	wait_for "$(budget 3)" remote_listening 5201 ||
		{ kill "$IPERF3_PID" 2>/dev/null; fail "iperf3 server at the peer did not start"; }
}

# sha256_tx MIB [PORT [4|6]]: send MIB MiB of random bytes to the host over
# TCP (IPv4, or IPv6 to REMOTE_V6); fails unless the host's sha256 of what
# arrived is ours
sha256_tx() {
	local mib=$1 port=${2:-5001} fam=${3:-4} job sum theirs to
	to="TCP:$REMOTE_V4:$port"
	[ "$fam" = 6 ] && to="TCP6:[$REMOTE_V6]:$port"
	dd if=/dev/urandom of=/tmp/blob bs=1M count="$mib" status=none
	sum=$(sha256sum < /tmp/blob | cut -d' ' -f1)
	job=$(hostctl bg "socat -u TCP$fam-LISTEN:$port,reuseaddr - | sha256sum")
	socat -u FILE:/tmp/blob "$to,retry=50,interval=0.1" ||
		{ hostctl kill "$job"; rm -f /tmp/blob; fail "socat send"; }
	theirs=$(hostctl wait "$job" | cut -d' ' -f1)
	rm -f /tmp/blob
	info "$mib MiB sent over IPv$fam: ours $sum, host's $theirs"
	[ "$sum" = "$theirs" ] || fail "sha256 mismatch on $mib MiB sent over IPv$fam"
}

# sha256_rx MIB [PORT [4|6]]: the same, the host sending
sha256_rx() {
	local mib=$1 port=${2:-5002} fam=${3:-4} job sum theirs to
	to="TCP:$LOCAL_V4:$port"
	[ "$fam" = 6 ] && to="TCP6:[$LOCAL_V6]:$port"
	job=$(hostctl bg "f=\$(mktemp); head -c ${mib}M /dev/urandom > \$f;
		sha256sum < \$f; socat -u FILE:\$f $to,retry=50,interval=0.1;
		rc=\$?; rm -f \$f; exit \$rc")
	sum=$(socat -u TCP"$fam"-LISTEN:"$port",reuseaddr - | sha256sum | cut -d' ' -f1)
	theirs=$(hostctl wait "$job" | cut -d' ' -f1) || fail "host sender failed"
	info "$mib MiB received over IPv$fam: ours $sum, host's $theirs"
	[ "$sum" = "$theirs" ] || fail "sha256 mismatch on $mib MiB received over IPv$fam"
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

# knob NAME: the path of e1k's debugfs fault knob NAME for NETIF
knob() { echo "/sys/kernel/debug/e1k/$(pci_addr)/$1"; }

# pools_drained: with NETIF down, every page its page pools handed out
# comes back; a pool the driver destroyed stays listed, detached, while
# pages are out.  Fails the test on a leak; prints "pools up: ..." and
# "pools down: ..." as read.  Leaves NETIF down; returns 4 (NETIF
# untouched) where the kernel lists no pool for NETIF while it is up.
pools_drained() {
	local idx out rc=0 end=$((SECONDS + $(budget 10)))
	idx=$(cat "/sys/class/net/$NETIF/ifindex")
	out=$("$E1K_SELFTEST_DIR/page_pools.py" "$idx") || rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 4 ] || fail "page_pools.py failed: $out"
	[ -n "$out" ] || return 4
	info "pools up: $out"
	ip link set "$NETIF" down
	# skbs freed on the other CPU return their pages in its next softirq
	while :; do
		rc=0
		out=$("$E1K_SELFTEST_DIR/page_pools.py" "$idx") || rc=$?
		[ "$rc" = 0 ] && grep -q 'detached 1' <<< "$out" && [ "$SECONDS" -lt "$end" ] ||
			break
		sleep 0.2
	done
	[ "$rc" = 4 ] && return 4
	[ "$rc" = 0 ] || fail "page_pools.py failed: $out"
	info "pools down: ${out:-none listed}"
	! grep -q 'detached 1' <<< "$out" || fail "pages still out of a destroyed pool"
}

# pool_pages_back: pools_drained, then NETIF up and carrying traffic again;
# returns 4 (NETIF untouched) where the kernel lists no pool for it
pool_pages_back() {
	pools_drained || return
	ip link set "$NETIF" up
	link_ready "$NETIF" "$REMOTE_V4" || fail "no link after down and up"
}

# test_pool_pages_all_back: the closing case of files whose cases drop,
# bounce or redirect received frames: once NETIF is down, every page its
# page pools handed out is back (a device without pools skips)
test_pool_pages_all_back() {
	pool_pages_back || skip "no page pool listed for $NETIF"
}

# tap_csum_is on|off: QEMU asked the host tap for partial checksums (its
# TUNSETOFFLOAD TUN_F_CSUM shows as the tap's tx-checksumming), or not: on
# QEMU's 82574L model, whether the device checks RX checksums
tap_csum_is() {
	[ "$(hostctl sh "ethtool -k e1kt0" | awk '$1 == "tx-checksumming:" {print $2}')" = "$1" ]
}

# ethtool_stat NAME [IFACE]: one counter from ethtool -S
ethtool_stat() {
	ethtool -S "${2:-$NETIF}" | awk -v n="$1:" '$1 == n {print $2; f=1} END {exit !f}'
}

# sysfs_stat NAME [IFACE]: one counter from /sys/class/net/IF/statistics
sysfs_stat() { cat "/sys/class/net/${2:-$NETIF}/statistics/$1"; }

# ktap_main TEST...: run the selected test_* functions (T=<file>:<case>
# selects one) as one KTAP document: version, plan, a result per case with
# the skip reason (the case's last line of output) kept
ktap_main() {
	local n=0 t t0 rc pass=0 failed=0 skipped=0 filter=${T#*:} out why
	local cases=()
	[ "$filter" = "$T" ] && filter=
	for t in "$@"; do
		[ -n "$filter" ] && [ "$filter" != "$t" ] && [ "$filter" != "${t#test_}" ] &&
			continue
		cases+=("$t")
	done
	out=$(mktemp)
	echo "TAP version 13"
	echo "1..${#cases[@]}"
	for t in "${cases[@]}"; do
		n=$((n + 1))
		echo "# --- ${t#test_}"
		t0=$SECONDS
		( "$t" ) 2>&1 | tee "$out" | while IFS= read -r l; do echo "# $l"; done
		rc=${PIPESTATUS[0]}
		echo "# ${t#test_}: $((SECONDS - t0)) s"
		case $rc in
		0) echo "ok $n ${t#test_}"; pass=$((pass + 1)) ;;
		4)
			why=$(tail -n 1 "$out" | tr -d '#')
			echo "ok $n ${t#test_} # SKIP${why:+ $why}"; skipped=$((skipped + 1)) ;;
		*) echo "not ok $n ${t#test_} # exit=$rc"; failed=$((failed + 1)) ;;
		esac
	done
	rm -f "$out"
	echo "# Totals: pass:$pass fail:$failed xfail:0 xpass:0 skip:$skipped error:0"
	[ $failed -eq 0 ]
}
