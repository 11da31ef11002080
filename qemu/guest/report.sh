#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make run`: every step says what it does; a failing step says
# "FAILED: <why>", shows as "FAILED: <why>" in the report's table, and the run
# goes on to the next step; the exit status is 1 if any step failed, else 0.
#
# Knob (environment, for testing the report itself):
#   E1K_IPERF_PORT=N   the port iperf3 connects to (default 5201, where the
#                      host's server listens); another makes both iperf3
#                      steps fail
. /payload/lib.sh

nfailed=0
failures=()
step() { echo "== $*"; }
# failed NAME WHY: record that step NAME failed; its table row says why
failed() {
	echo "FAILED: $1: $2"
	nfailed=$((nfailed + 1))
	failures+=("$1|FAILED: $2")
}

step "driver bound to eth0"
drv=$(basename "$(readlink /sys/class/net/eth0/device/driver)" 2>/dev/null)
if [ -n "$drv" ]; then
	echo "$drv ($(cat /sys/class/net/eth0/device/vendor):$(cat /sys/class/net/eth0/device/device))"
else
	failed "driver" "no driver bound to eth0"
	drv="FAILED: no driver bound to eth0"
fi

step "ip link set eth0 up"
carrier="FAILED: not measured"
t0=$(now_ms)
if ! out=$(ip link set eth0 up 2>&1); then
	carrier="FAILED: ip link set eth0 up: $out"
	failed "link up" "$out"
elif ! wait_for 10 carrier_is eth0 1; then
	carrier="FAILED: no carrier within 10 s"
	failed "carrier" "no carrier within 10 s"
else
	t1=$(now_ms)
	carrier="$((t1 - t0)) ms"
	echo "carrier after $carrier"
fi

step "ping $REMOTE_V4 and $REMOTE_V6"
# The model holds RX for ~1 s after the driver's RCTL write at open.
ping4="FAILED: no reply from $REMOTE_V4"
if ! wait_for 5 ping -c1 -W1 "$REMOTE_V4"; then
	failed "ping $REMOTE_V4" "no reply within 5 s"
else
	ping -c5 -i0.2 -W2 "$REMOTE_V4" | tail -2
	rtt=$(ping -c10 -i0.1 -W2 -q "$REMOTE_V4" | sed -n 's/.*rtt.* = [^/]*\/\([^/]*\)\/.*/\1/p')
	if [ -n "$rtt" ]; then
		ping4="$rtt ms"
	else
		ping4="FAILED: 10 pings, no rtt"
		failed "ping $REMOTE_V4" "10 pings, no rtt"
	fi
fi
ping -6 -c5 -i0.2 -W2 "$REMOTE_V6" | tail -2
[ "${PIPESTATUS[0]}" = 0 ] || failed "ping $REMOTE_V6" "ping -6 failed"

# iperf VAR [ARGS...]: 5 s of iperf3 TCP; VAR gets "N Mbit/s" or "FAILED: why".
# iperf3 -J (3.12) exits 0 when it cannot connect: its JSON's "error" and a
# throughput that is a number decide, not only the exit status.
iperf() {
	local var=$1 cmd rc why mbit
	shift
	cmd="iperf3 -c $REMOTE_V4 -p ${E1K_IPERF_PORT:-5201} -t 5${*:+ $*}"
	$cmd -J > /tmp/iperf.json
	rc=$?
	why=$(jq -r '.error // empty' /tmp/iperf.json 2>/dev/null)
	mbit=$(jq -r '.end.sum_received.bits_per_second / 1e6 | floor' /tmp/iperf.json 2>/dev/null)
	if [ $rc -eq 0 ] && [ -z "$why" ] && [[ $mbit =~ ^[0-9]+$ ]]; then
		printf -v "$var" '%s Mbit/s' "$mbit"
		echo "${!var}"
	else
		why="$cmd: ${why:-exit status $rc, no throughput in its JSON}"
		printf -v "$var" 'FAILED: %s' "$why"
		failed "iperf3${*:+ $*}" "$why"
	fi
}
tx='' rx=''
step "iperf3 TCP, guest -> host (5 s)"
iperf tx
step "iperf3 TCP, host -> guest (5 s)"
iperf rx -R

step "ethtool -i eth0"
ethtool -i eth0 || failed "ethtool -i eth0" "exit status $?"
step "ethtool -S eth0 (packet counters)"
ethtool -S eth0 | grep -E 'packets|bytes|drop|err' | head -n 16

echo
echo "==================== e1k report ===================="
printf '%-24s %s\n' "driver" "$drv" "NIC model" "$NIC" "kernel" "$(uname -r)" \
	"carrier after up" "$carrier" "ping avg rtt" "$ping4" \
	"iperf3 TCP TX" "$tx" "iperf3 TCP RX" "$rx"
# the failed steps without a row of their own
for f in "${failures[@]}"; do
	case ${f%%|*} in
	driver|"link up"|carrier|"ping $REMOTE_V4"|iperf3*) ;;
	*) printf '%-24s %s\n' "${f%%|*}" "${f#*|}" ;;
	esac
done
echo "===================================================="
if [ $nfailed -gt 0 ]; then
	echo "make run: $nfailed step(s) failed"
	exit 1
fi
