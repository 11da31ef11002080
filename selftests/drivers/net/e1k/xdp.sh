#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Native XDP (loop topology): attach/replace/detach under traffic and
# mid-stream (sha256-checked), the MTU limit, XDP_DROP, XDP_ABORTED
# (traced), XDP_TX sharing the ring with the stack, XDP_REDIRECT to a veth,
# a devmap and a cpumap, e1k as the target of a redirect (ndo_xdp_xmit),
# and AF_XDP in copy mode.  The programs (xdp/xdp_udp.bpf.c) act on UDP to
# port 9999 only; xdp-bench provides the redirect programs.
. "$(dirname "$0")/lib.sh"

RNS=remote
VNS="ip netns exec ns-v"
RIF=${REMOTE_NETIF:-eth1}
# the programs: the harness ships them in /payload/xdp-progs, make install
# puts them beside the tests
OBJ=${E1K_XDP_OBJ:-$(xdp_obj_dir)}
UDP="python3 $(cd "$(dirname "$0")" && pwd)/xdp/udp.py"
N=100

require_xdp() {
	require_remote
	[ -f "$OBJ/udp_pass.o" ] || skip "XDP programs not built (xdp/build.sh)"
	require_cmd python3
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	ip link set dev "$NETIF" xdpdrv off
	if ! ip link set dev "$NETIF" xdpdrv obj "$OBJ/udp_pass.o" sec xdp 2>/tmp/xdp.err; then
		grep -qi "not support" /tmp/xdp.err && skip "driver has no native XDP"
		fail "attach: $(cat /tmp/xdp.err)"
	fi
	ip link set dev "$NETIF" xdpdrv off
}

# attach ACTION: native mode, replacing whatever is attached
attach() {
	ip -force link set dev "$NETIF" xdpdrv obj "$OBJ/udp_$1.o" sec xdp ||
		fail "cannot attach udp_$1.o"
}

detach() { ip link set dev "$NETIF" xdpdrv off; }

# delta NAME BEFORE: how much an ethtool counter grew
delta() { echo $(($(ethtool_stat "$1") - $2)); }

# veth_up: vA here, vB in ns-v; vB's NAPI (GRO) lets vA take XDP frames
veth_up() {
	modprobe veth 2>/dev/null
	ip netns del ns-v 2>/dev/null
	ip netns add ns-v
	ip link add vA type veth peer name vB netns ns-v || skip "no veth"
	ip link set vA up
	$VNS ip link set lo up
	$VNS ip link set vB up
	$VNS ethtool -K vB gro on >/dev/null
	sleep 0.5
}

veth_down() {
	ip link del vA 2>/dev/null
	ip netns del ns-v 2>/dev/null
	return 0
}

# send_counted SENDER DEST COUNTER...: COUNTER (udp.py recv or sniff, with
# its netns prefix) in the background while SENDER (a netns prefix, or
# nothing) sends N datagrams to DEST; prints what COUNTER counted
send_counted() {
	local sender=$1 dest=$2 pid
	shift 2
	"$@" > /tmp/xdp-count.txt &
	pid=$!
	# generous: python takes seconds to start on the debug kernel
	wait_for 30 grep -q ready /tmp/xdp-count.txt
	$sender $UDP send "$dest" $N
	wait $pid
	tail -1 /tmp/xdp-count.txt
}

xdp_attached() { ip link show dev "$1" | grep -q "prog/xdp"; }

# udp_under_fault KNOB SHOTS: arm SHOTS of debugfs KNOB while ns-remote sends
# N datagrams to the socket here; sets GOT (datagrams received) and LEFT
# (shots not used), and disarms KNOB
udp_under_fault() {
	echo "$2" > "$1"
	GOT=$(send_counted "$RNS" "$LOCAL_V4" $UDP recv "$LOCAL_V4" $N 3)
	LEFT=$(cat "$1")
	echo 0 > "$1"
}

# map_filled NAME...: one of the BPF maps NAME holds at least one entry
map_filled() {
	local name
	for name; do
		bpftool map dump name "$name" 2>/dev/null | grep -q '^Found [1-9]' && return 0
	done
	return 1
}

# bench_start DEV ARGS...: xdp-bench ARGS in the background, its program
# on DEV, until bench_stop
bench_start() {
	local map
	bench_dev=$1
	shift
	require_cmd xdp-bench
	require_cmd bpftool
	xdp-bench "$@" > /tmp/xdp-bench.log 2>&1 &
	bench_pid=$!
	if ! wait_for 10 xdp_attached "$bench_dev"; then
		bench_stop
		cat /tmp/xdp-bench.log >&2
		fail "xdp-bench $* did not attach"
	fi
	# xdp-bench attaches its program before it fills the maps the program
	# redirects through; frames in between are dropped by design
	case $1 in
	redirect-cpu) map=cpu_map ;;
	# the second name is its fallback for kernels without devmap programs
	redirect-map) map="tx_port_native tx_port_general" ;;
	*) return 0 ;;
	esac
	if ! wait_for 10 map_filled $map; then # word splitting wanted
		bench_stop
		fail "xdp-bench $* did not fill $map"
	fi
}

bench_stop() {
	kill -INT "$bench_pid" 2>/dev/null
	wait "$bench_pid" 2>/dev/null
	wait_for 5 eval '! xdp_attached "$bench_dev"' ||
		fail "xdp-bench left a program attached"
}

test_xdp_tx_map_failure_counted() {
	# failed DMA mappings on the XDP_TX path (debugfs tx_map_fail) are
	# counted as XDP_TX errors, their pages go back to the pool (kmemleak
	# and DMA-API debug watch on the debug kernel), and echoes resume.
	# The knob fails the next mappings of either path: a frame the stack
	# sends meanwhile (an ARP reply) takes one and is counted in
	# tx_dropped, so every injected failure is accounted for, not just 5
	# on the XDP side.
	local knob xerr serr left before_x before_s got
	require_xdp
	knob=$(knob tx_map_fail)
	[ -w "$knob" ] || skip "no tx_map_fail knob"
	attach tx
	$RNS ping -c 1 -W 2 "$LOCAL_V4" > /dev/null || { detach; fail "no ping before"; }
	before_x=$(ethtool_stat rx_xdp_tx_errors)
	before_s=$(ethtool_stat tx_dropped)
	echo 5 > "$knob"
	got=$($RNS $UDP echo "$LOCAL_V4" 20)
	left=$(cat "$knob")
	echo 0 > "$knob"
	xerr=$(delta rx_xdp_tx_errors "$before_x")
	serr=$(delta tx_dropped "$before_s")
	info "echoed $got of 20 with 5 mappings failed: rx_xdp_tx_errors +$xerr," \
		"tx_dropped +$serr (the stack's frames), $left not used"
	[ "$xerr" -ge 1 ] || { detach; fail "XDP_TX mapping failures not counted"; }
	[ $((xerr + serr)) = $((5 - left)) ] ||
		{ detach; fail "$((5 - left)) mappings failed, $((xerr + serr)) counted"; }
	[ "$got" = $((20 - xerr)) ] ||
		{ detach; fail "echoed $got of 20 with $xerr XDP_TX errors"; }
	got=$($RNS $UDP echo "$LOCAL_V4" $N)
	detach
	[ "$got" = $N ] || fail "echoed $got of $N after the failures"
}

# A frame in a half page posted before the program came is copied into a
# full page for it (e1k).  When that allocation fails (debugfs
# rx_alloc_fail, as under memory pressure) the frame is counted in
# rx_dropped_nomem, its page goes back to the pool, and the frames after it
# reach the program and the socket.
test_xdp_copy_alloc_failure_counted() {
	local knob before_d before_a d a
	require_xdp
	knob=$(knob rx_alloc_fail)
	[ -w "$knob" ] || skip "no rx_alloc_fail knob"
	# a lap of the ring without a program, so that every buffer posted
	# is a half page
	$RNS $UDP send "$LOCAL_V4" $(($(ring_size rx) + 16))
	sleep 0.5
	attach pass
	before_d=$(ethtool_stat rx_dropped_nomem)
	before_a=$(ethtool_stat rx_alloc_failed)
	udp_under_fault "$knob" 4
	d=$(delta rx_dropped_nomem "$before_d")
	a=$(delta rx_alloc_failed "$before_a")
	info "$GOT of $N received with 4 RX allocations failed: rx_dropped_nomem +$d," \
		"rx_alloc_failed +$a, $LEFT not used"
	[ "$LEFT" = 0 ] || { detach; fail "$LEFT failures not used by $N frames"; }
	[ "$a" = 4 ] || { detach; fail "4 allocations failed, $a counted"; }
	# the first allocation after arming is the next frame's copy (one of
	# the datagrams, or a frame from elsewhere: an ARP probe, say)
	[ "$d" -ge 1 ] || { detach; fail "no frame counted as dropped"; }
	# and every datagram missing is among those counted
	[ $((GOT + d)) -ge $N ] || { detach; fail "$GOT of $N received, $d dropped"; }
	udp_under_fault "$knob" 0
	detach
	[ "$GOT" = $N ] || fail "$GOT of $N received after the failures"
}

# XDP_PASS: the skb for a frame the program passed cannot be had (debugfs
# rx_skb_fail, as under memory pressure): the frame is counted in
# rx_dropped_nomem, its page goes back to the pool, and the frames after
# it reach the socket.
test_xdp_pass_skb_failure_counted() {
	local knob before d
	require_xdp
	knob=$(knob rx_skb_fail)
	[ -w "$knob" ] || skip "no rx_skb_fail knob"
	attach pass
	before=$(ethtool_stat rx_dropped_nomem)
	udp_under_fault "$knob" 4
	d=$(delta rx_dropped_nomem "$before")
	info "$GOT of $N received with 4 skbs failed: rx_dropped_nomem +$d, $LEFT not used"
	[ "$LEFT" = 0 ] || { detach; fail "$LEFT failures not used by $N frames"; }
	# each failure is one frame dropped: a datagram, or a frame from
	# elsewhere (an ARP probe, say)
	[ "$d" = 4 ] || { detach; fail "4 skbs failed, $d frames counted"; }
	[ $((GOT + d)) -ge $N ] || { detach; fail "$GOT of $N received, $d dropped"; }
	udp_under_fault "$knob" 0
	[ "$GOT" = $N ] || { detach; fail "$GOT of $N received after the failures"; }
	pool_pages_back || info "this kernel cannot list page pools"
	detach
}

test_xdp_attach_replace_detach_under_traffic() {
	local before_cc before_pass pid
	require_xdp
	before_cc=$(cat "/sys/class/net/$NETIF/carrier_changes")
	before_pass=$(ethtool_stat rx_xdp_pass)
	$RNS ping -i 0.02 -c 200 -W 2 "$LOCAL_V4" > /tmp/xdp-ping.txt 2>&1 &
	pid=$!
	sleep 0.5
	attach pass
	ip -d link show dev "$NETIF" | grep -q "prog/xdp id" || fail "no native program shown"
	sleep 1
	attach drop
	sleep 1
	attach pass
	sleep 1
	detach
	ip link show dev "$NETIF" | grep -q "prog/xdp" && fail "still attached"
	wait $pid
	tail -2 /tmp/xdp-ping.txt >&2
	grep -q ' 0% packet loss' /tmp/xdp-ping.txt || fail "pings lost while swapping programs"
	[ "$(cat "/sys/class/net/$NETIF/carrier_changes")" = "$before_cc" ] ||
		fail "the link dropped"
	[ "$(delta rx_xdp_pass "$before_pass")" -gt 0 ] || fail "rx_xdp_pass did not count"
}

# Attaching and detaching under a TCP stream changes the RX buffers' layout
# on the fly in e1k (the frames already posted are copied for the program,
# or become skbs as they are): every byte must arrive, none changed.
test_xdp_attach_detach_mid_stream_keeps_bytes() {
	local sum theirs pid swaps=0 before_pass
	require_xdp
	require_cmd socat
	dd if=/dev/urandom of=/tmp/xdp-blob bs=1M count=64 status=none
	sum=$(sha256sum < /tmp/xdp-blob | cut -d' ' -f1)
	before_pass=$(ethtool_stat rx_xdp_pass)
	socat -u TCP4-LISTEN:5013,reuseaddr - 2>/dev/null | sha256sum > /tmp/xdp-theirs &
	pid=$!
	$RNS socat -u FILE:/tmp/xdp-blob "TCP:$LOCAL_V4:5013,retry=50,interval=0.1" &
	sleep 0.5
	while kill -0 $! 2>/dev/null && [ $swaps -lt 20 ]; do
		attach pass
		sleep 0.2
		detach
		sleep 0.2
		swaps=$((swaps + 1))
	done
	wait $! || { kill $pid 2>/dev/null; fail "socat send"; }
	wait $pid
	theirs=$(cut -d' ' -f1 /tmp/xdp-theirs)
	rm -f /tmp/xdp-blob /tmp/xdp-theirs
	info "64 MiB: $swaps attach/detach pairs mid-stream, sha256 ${sum:0:16} sent," \
		"${theirs:0:16} received, rx_xdp_pass +$(delta rx_xdp_pass "$before_pass")"
	[ "$sum" = "$theirs" ] || fail "sha256 mismatch"
	# fewer would not prove the stream crossed a change of layout
	[ $swaps -ge 2 ] || skip "the stream ended after $swaps swaps"
	[ "$(delta rx_xdp_pass "$before_pass")" -gt 0 ] || fail "the program saw no frame"
}

test_xdp_mtu_limited_to_one_buffer() {
	require_xdp
	attach pass
	ip link set dev "$NETIF" mtu 3000 2>/dev/null && { ip link set dev "$NETIF" mtu 1500; detach
		fail "MTU 3000 accepted with XDP attached"; }
	dmesg | tail -3 | grep -q "too large while an XDP program is attached" ||
		fail "no log message for the refused MTU"
	ip link set dev "$NETIF" mtu 2026 || fail "MTU 2026 (one 2 KiB buffer) refused"
	ip link set dev "$NETIF" mtu 1500
	detach
	ip link set dev "$NETIF" mtu 3000 || fail "MTU 3000 refused without XDP"
	ip link set dev "$NETIF" xdpdrv obj "$OBJ/udp_pass.o" sec xdp 2>/tmp/xdp.err &&
		{ detach; ip link set dev "$NETIF" mtu 1500; fail "XDP attached at MTU 3000"; }
	cat /tmp/xdp.err >&2
	ip link set dev "$NETIF" mtu 1500
	grep -q "too large for XDP" /tmp/xdp.err || fail "no extack message"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not back"
}

test_xdp_drop() {
	local before got
	require_xdp
	attach drop
	before=$(ethtool_stat rx_xdp_drop)
	$RNS $UDP send "$LOCAL_V4" $N
	sleep 0.5
	got=$(delta rx_xdp_drop "$before")
	info "rx_xdp_drop +$got"
	[ "$got" = $N ] || { detach; fail "dropped $got of $N"; }
	# other traffic still passes
	ping -c 3 -i 0.2 -W 2 "$REMOTE_V4" | grep -q ' 0% packet loss' || { detach; fail "ping"; }
	detach
	# and once detached the datagrams reach a socket again
	got=$(send_counted "$RNS" "$LOCAL_V4" $UDP recv "$LOCAL_V4" $N 3)
	[ "$got" = $N ] || fail "after detach: $got of $N reached the socket"
}

test_xdp_aborted_counted_and_traced() {
	local before got tr=/sys/kernel/tracing traced
	require_xdp
	[ -d $tr/events/xdp ] || skip "no tracefs"
	echo 0 > $tr/tracing_on
	echo > $tr/trace
	echo 1 > $tr/events/xdp/xdp_exception/enable
	echo 1 > $tr/tracing_on
	attach aborted
	before=$(ethtool_stat rx_xdp_aborted)
	$RNS $UDP send "$LOCAL_V4" $N
	sleep 0.5
	detach
	echo 0 > $tr/events/xdp/xdp_exception/enable
	got=$(delta rx_xdp_aborted "$before")
	traced=$(grep -c "xdp_exception:.*action=ABORTED" $tr/trace)
	grep -m1 xdp_exception $tr/trace >&2
	info "rx_xdp_aborted +$got, xdp_exception events $traced"
	[ "$got" = $N ] || fail "counted $got of $N"
	[ "$traced" = $N ] || fail "traced $traced of $N"
}

test_xdp_tx_echo_alongside_stack_tx() {
	local before got pid
	require_xdp
	require_cmd iperf3
	attach tx
	before=$(ethtool_stat rx_xdp_tx)
	# stack TX on the same ring at the same time
	remote_iperf3
	iperf3 -c "$REMOTE_V4" -t 4 > /tmp/xdp-iperf.txt 2>&1 &
	pid=$!
	sleep 0.5
	got=$($RNS $UDP echo "$LOCAL_V4" $N)
	wait $pid || { cat /tmp/xdp-iperf.txt >&2; detach; fail "iperf3 failed during XDP_TX"; }
	wait
	detach
	info "echoed $got of $N, rx_xdp_tx +$(delta rx_xdp_tx "$before")"
	grep sender /tmp/xdp-iperf.txt >&2
	[ "$got" = $N ] || fail "echoed $got of $N"
	[ "$(delta rx_xdp_tx "$before")" = $N ] || fail "rx_xdp_tx did not count $N"
	[ "$(ethtool_stat rx_xdp_tx_errors)" = 0 ] || fail "XDP_TX errors"
}

# redirect_to_veth MODE: xdp-bench MODE from e1k to vA, counted on vB
redirect_to_veth() {
	local before got
	veth_up
	before=$(ethtool_stat rx_xdp_redirect)
	bench_start "$NETIF" "$1" "$NETIF" vA
	got=$(send_counted "$RNS" "$LOCAL_V4" $VNS $UDP sniff vB $N 5)
	bench_stop
	veth_down
	info "$1: $got of $N arrived on the veth, rx_xdp_redirect +$(delta rx_xdp_redirect "$before")"
	[ "$got" = $N ] || fail "$got of $N redirected frames arrived"
	[ "$(delta rx_xdp_redirect "$before")" -ge $N ] || fail "rx_xdp_redirect did not count"
	link_ready "$NETIF" "$REMOTE_V4" || fail "stack traffic did not resume"
}

test_xdp_redirect_to_veth() {
	require_xdp
	redirect_to_veth redirect
}

test_xdp_redirect_devmap() {
	require_xdp
	redirect_to_veth redirect-map
}

test_xdp_redirect_cpumap() {
	local before
	require_xdp
	before=$(ethtool_stat rx_xdp_redirect)
	# no program on the remote CPU: frames go up the stack from there
	bench_start "$NETIF" redirect-cpu -c 0 "$NETIF"
	$RNS ping -c 20 -i 0.05 -W 2 "$LOCAL_V4" > /tmp/xdp-ping.txt
	bench_stop
	tail -2 /tmp/xdp-ping.txt >&2
	info "rx_xdp_redirect +$(delta rx_xdp_redirect "$before")"
	grep -q ' 0% packet loss' /tmp/xdp-ping.txt || fail "ping through the cpumap lost packets"
	[ "$(delta rx_xdp_redirect "$before")" -ge 20 ] || fail "rx_xdp_redirect did not count"
}

test_xdp_xmit_target() {
	local before got rmac
	require_xdp
	veth_up
	rmac=$($RNS cat "/sys/class/net/$RIF/address")
	# xdp-bench swaps the MACs on the way: vB sends as the remote, to us,
	# and the frame leaves e1k from us to the remote
	$VNS ip link set vB address "$rmac"
	# XDP on vA sees the frame before any checksum offload would fill it in
	$VNS ethtool -K vB tx off >/dev/null
	$VNS ip addr add 198.51.100.50/24 dev vB
	$VNS ip neigh replace "$REMOTE_V4" lladdr "$(cat "/sys/class/net/$NETIF/address")" dev vB
	before=$(ethtool_stat tx_xdp_xmit)
	# frames from vB, redirected by the program on vA out of e1k
	bench_start vA redirect vA "$NETIF"
	got=$(send_counted "$VNS" "$REMOTE_V4" $RNS $UDP recv "$REMOTE_V4" $N 5)
	bench_stop
	veth_down
	info "$got of $N reached ns-remote, tx_xdp_xmit +$(delta tx_xdp_xmit "$before")"
	[ "$got" = $N ] || fail "$got of $N frames sent by ndo_xdp_xmit arrived"
	[ "$(delta tx_xdp_xmit "$before")" -ge $N ] || fail "tx_xdp_xmit did not count"
	[ "$(ethtool_stat tx_xdp_xmit_errors)" = 0 ] || fail "tx_xdp_xmit_errors"
}

# af_xdp_bounce: xsk_echo on NETIF's queue 0 bounces N datagrams from ns-remote
af_xdp_bounce() {
	local got pid
	"$OBJ/xsk_echo" "$NETIF" $N 5 > /tmp/xsk.txt 2>&1 &
	pid=$!
	wait_for 10 grep -q ready /tmp/xsk.txt || { cat /tmp/xsk.txt >&2; fail "no AF_XDP socket"; }
	got=$($RNS $UDP echo "$LOCAL_V4" $N)
	wait $pid
	info "AF_XDP (copy mode) bounced $(tail -1 /tmp/xsk.txt), the sender got $got back;" \
		"$(grep -m1 '^first frame' /tmp/xsk.txt)"
	xdp_attached "$NETIF" && fail "libxdp left its program attached"
	[ "$got" = $N ] || fail "echoed $got of $N"
	link_ready "$NETIF" "$REMOTE_V4" || fail "stack traffic did not resume"
}

test_xdp_af_xdp_copy_mode() {
	require_xdp
	[ -x "$OBJ/xsk_echo" ] || skip "xsk_echo not built"
	af_xdp_bounce
}

test_xdp_af_xdp_after_ring_resize() {
	# a resize swaps in rings allocated beside the old ones: their XDP
	# queue info must still say queue 0, or AF_XDP sockets bound to that
	# queue see nothing
	require_xdp
	[ -x "$OBJ/xsk_echo" ] || skip "xsk_echo not built"
	ethtool -G "$NETIF" rx 128 tx 128 || fail "cannot resize"
	ethtool -G "$NETIF" rx 256 tx 256 || fail "cannot resize back"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready after the resizes"
	af_xdp_bounce
}

ktap_main test_xdp_attach_replace_detach_under_traffic \
	test_xdp_attach_detach_mid_stream_keeps_bytes test_xdp_mtu_limited_to_one_buffer \
	test_xdp_drop test_xdp_aborted_counted_and_traced test_xdp_tx_echo_alongside_stack_tx \
	test_xdp_tx_map_failure_counted \
	test_xdp_copy_alloc_failure_counted test_xdp_pass_skb_failure_counted \
	test_xdp_redirect_to_veth test_xdp_redirect_devmap test_xdp_redirect_cpumap \
	test_xdp_xmit_target test_xdp_af_xdp_copy_mode test_xdp_af_xdp_after_ring_resize \
	test_pool_pages_all_back
