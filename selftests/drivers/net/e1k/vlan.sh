#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VLAN offloads (loop topology): CTAG insertion and stripping through
# CTRL.VME, and the VLAN filter table (RCTL.VFE + VFTA), seen from a VLAN
# sub-interface on each side of the bridge.
. "$(dirname "$0")/lib.sh"

RNS=remote
RIF=${REMOTE_NETIF:-eth1}
VID=100
OTHER_VID=200
VL4=10.100.0.1
VR4=10.100.0.2
RAWSEND=$(cd "$(dirname "$0")" && pwd)/host/rawsend.py

require_loop() { require_remote; }

# vlan_up: VID on both sides, addresses, and a first reply
vlan_up() {
	modprobe 8021q 2>/dev/null
	ip link del "$NETIF.$VID" 2>/dev/null
	$RNS ip link del "$RIF.$VID" 2>/dev/null
	ip link add link "$NETIF" name "$NETIF.$VID" type vlan id $VID || skip "no 8021q"
	$RNS ip link add link "$RIF" name "$RIF.$VID" type vlan id $VID || fail "remote vlan"
	ip addr add $VL4/24 dev "$NETIF.$VID"
	$RNS ip addr add $VR4/24 dev "$RIF.$VID"
	ip link set "$NETIF.$VID" up
	$RNS ip link set "$RIF.$VID" up
	link_ready "$NETIF" "$REMOTE_V4" || fail "untagged link not ready"
	wait_for 5 ping -c1 -W1 $VR4 || fail "no reply over VLAN $VID"
}

vlan_down() {
	ip link del "$NETIF.$VID" 2>/dev/null
	$RNS ip link del "$RIF.$VID" 2>/dev/null
	return 0
}

# feature NAME: "on" or "off" from ethtool -k
feature() { ethtool -k "$NETIF" | awk -v f="$1:" '$1 == f {print $2}'; }

# rx_after CMD...: frames the driver received while CMD ran (+ 0.5 s)
rx_after() {
	local a b
	a=$(sysfs_stat rx_packets)
	"$@" >/dev/null || return 1
	sleep 0.5
	b=$(sysfs_stat rx_packets)
	echo $((b - a))
}

# every VLAN offload the driver offers (ethtool -k lists it, not fixed off)
# is on by default
test_vlan_offloads_on_by_default() {
	local f n=0
	for f in rx-vlan-offload tx-vlan-offload rx-vlan-filter; do
		ethtool -k "$NETIF" | grep -qE "^$f: (on|off) \[fixed\]$" && [ "$(feature $f)" = off ] &&
			{ info "$f: off [fixed]"; continue; }
		[ -n "$(feature $f)" ] || continue
		n=$((n + 1))
		[ "$(feature $f)" = on ] || fail "$f is $(feature $f)"
	done
	[ $n -gt 0 ] || skip "no VLAN offload (ethtool -k)"
}

test_vlan_ping_both_ways() {
	require_loop
	vlan_up
	ping -c 10 -i 0.1 -W 2 $VR4 | grep -q ' 0% packet loss' || fail "loss to $VR4"
	$RNS ping -c 10 -i 0.1 -W 2 $VL4 | grep -q ' 0% packet loss' || fail "loss from ns-remote"
	vlan_down
}

test_vlan_tcp_both_ways() {
	require_loop
	require_cmd iperf3
	vlan_up
	remote_iperf3 -B $VR4
	iperf3 -c $VR4 -t 2 >/tmp/vlan.txt || { cat /tmp/vlan.txt; fail "tx over VLAN"; }
	wait "$IPERF3_PID"
	remote_iperf3 -B $VR4
	iperf3 -c $VR4 -t 2 -R >/tmp/vlan.txt || { cat /tmp/vlan.txt; fail "rx over VLAN"; }
	wait "$IPERF3_PID"
	tail -3 /tmp/vlan.txt >&2
	vlan_down
}

# The tag is really on the wire: the remote (a plain packet socket, no
# offload involved on its RX side once stripping is off there) sees VID.
test_vlan_tag_on_the_wire() {
	require_loop
	require_cmd tcpdump
	vlan_up
	$RNS ethtool -K "$RIF" rxvlan off >/dev/null || fail "remote rxvlan off"
	sleep 1.5
	# the pings start once tcpdump listens: on the debug kernel it takes
	# longer to start than any fixed delay (a 1 s sleep missed all five)
	$RNS timeout 30 tcpdump -p -nn -e -c 3 -i "$RIF" "vlan $VID and icmp" \
		>/tmp/vlan-dump.txt 2>/tmp/vlan-dump.err &
	wait_for 20 grep -q "listening on" /tmp/vlan-dump.err ||
		{ cat /tmp/vlan-dump.err >&2; fail "tcpdump did not start"; }
	ping -c 5 -i 0.2 -W 2 $VR4 | grep -q ' 0% packet loss' || fail "loss with remote rxvlan off"
	wait
	$RNS ethtool -K "$RIF" rxvlan on >/dev/null
	grep -q "vlan $VID" /tmp/vlan-dump.txt || { cat /tmp/vlan-dump.txt >&2; fail "no tag seen"; }
	vlan_down
}

test_vlan_without_stripping_still_works() {
	require_loop
	require_feature_toggle rx-vlan-offload
	vlan_up
	ethtool -K "$NETIF" rxvlan off >/dev/null || fail "rxvlan off"
	# on the 8254x one bit (CTRL.VME) enables stripping and insertion:
	# insertion must go with stripping
	! is_qemu_8254x || [ "$(feature tx-vlan-offload)" = off ] ||
		fail "txvlan stays on without rxvlan (CTRL.VME)"
	sleep 1.5
	ping -c 5 -i 0.2 -W 2 $VR4 | grep -q ' 0% packet loss' || fail "loss with offloads off"
	ethtool -K "$NETIF" rxvlan on txvlan on >/dev/null || fail "offloads back on"
	[ "$(feature tx-vlan-offload)" = on ] || fail "txvlan did not come back"
	sleep 1.5
	ping -c 5 -i 0.2 -W 2 $VR4 | grep -q ' 0% packet loss' || fail "loss with offloads back"
	vlan_down
}

# A VID nobody joined is dropped by the VFTA before the driver sees it;
# with rx-vlan-filter off the frames reach the driver again.
test_vlan_filter_drops_unjoined_vid() {
	local n dmac
	require_loop
	[ "$(feature rx-vlan-filter)" = on ] || skip "no VLAN filter (rx-vlan-filter not on)"
	vlan_up
	dmac=$(cat /sys/class/net/"$NETIF"/address)
	n=$(rx_after $RNS python3 "$RAWSEND" "$RIF" "$dmac" 100 $OTHER_VID) || fail "send"
	info "VID $OTHER_VID with the filter on: $n frames received"
	[ "$n" -lt 20 ] || fail "$n frames of unjoined VID $OTHER_VID got through"
	n=$(rx_after $RNS python3 "$RAWSEND" "$RIF" "$dmac" 100 $VID) || fail "send"
	info "VID $VID with the filter on: $n frames received"
	[ "$n" -ge 100 ] || fail "only $n of 100 frames of joined VID $VID"
	if ethtool -k "$NETIF" | grep -q '^rx-vlan-filter: .*\[fixed\]'; then
		info "rx-vlan-filter is fixed on: not turned off"
		vlan_down
		return 0
	fi
	ethtool -K "$NETIF" rx-vlan-filter off >/dev/null || fail "rx-vlan-filter off"
	sleep 1.5
	n=$(rx_after $RNS python3 "$RAWSEND" "$RIF" "$dmac" 100 $OTHER_VID) || fail "send"
	info "VID $OTHER_VID with the filter off: $n frames received"
	ethtool -K "$NETIF" rx-vlan-filter on >/dev/null
	[ "$n" -ge 100 ] || fail "only $n of 100 frames with the filter off"
	vlan_down
}

ktap_main test_vlan_offloads_on_by_default test_vlan_ping_both_ways test_vlan_tcp_both_ways \
	test_vlan_tag_on_the_wire test_vlan_without_stripping_still_works \
	test_vlan_filter_drops_unjoined_vid
