#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make run`: every step says what it does; the first failing
# step ends the run with its name.
. /payload/lib.sh

step() { echo "== $*"; }
fail() { echo "FAILED: $*"; exit 1; }

step "driver bound to eth0"
drv=$(basename "$(readlink /sys/class/net/eth0/device/driver)")
echo "$drv ($(cat /sys/class/net/eth0/device/vendor):$(cat /sys/class/net/eth0/device/device))"

step "ip link set eth0 up"
t0=$(now_ms)
ip link set eth0 up || fail "link up"
wait_for 10 carrier_is eth0 1 || fail "no carrier within 10 s"
t1=$(now_ms)
carrier_ms=$((t1 - t0))
echo "carrier after ${carrier_ms} ms"

step "ping $REMOTE_V4 and $REMOTE_V6"
# The model holds RX for ~1 s after the driver's RCTL write at open.
wait_for 5 ping -c1 -W1 "$REMOTE_V4" || fail "no reply from $REMOTE_V4"
ping -c5 -i0.2 -W2 "$REMOTE_V4" | tail -2 || fail "ping $REMOTE_V4"
ping4=$(ping -c10 -i0.1 -W2 -q "$REMOTE_V4" | sed -n 's/.*rtt.* = [^/]*\/\([^/]*\)\/.*/\1/p')
ping -6 -c5 -i0.2 -W2 "$REMOTE_V6" | tail -2 || fail "ping $REMOTE_V6"

iperf() {
	iperf3 -c "$REMOTE_V4" -t 5 -J "$@" > /tmp/iperf.json ||
		fail "iperf3 $*: $(jq -r .error /tmp/iperf.json)"
	jq -r '.end.sum_received.bits_per_second / 1e6 | floor' /tmp/iperf.json
}
step "iperf3 TCP, guest -> host (5 s)"
tx=$(iperf) && echo "$tx Mbit/s"
step "iperf3 TCP, host -> guest (5 s)"
rx=$(iperf -R) && echo "$rx Mbit/s"

step "ethtool -i eth0"
ethtool -i eth0 || fail "ethtool -i"
step "ethtool -S eth0 (packet counters)"
ethtool -S eth0 | grep -E 'packets|bytes|drop|err' | head -n 16

echo
echo "==================== e1k report ===================="
printf '%-24s %s\n' "driver" "$drv" "NIC model" "$NIC" "kernel" "$(uname -r)" \
	"carrier after up" "${carrier_ms} ms" "ping avg rtt" "${ping4} ms" \
	"iperf3 TCP TX" "$tx Mbit/s" "iperf3 TCP RX" "$rx Mbit/s"
echo "===================================================="
