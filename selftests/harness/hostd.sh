#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# qemu/hostd.py keeps answering after a QMP wait times out.  The guest asks
# it to wait 1 s for a QMP event that never comes (`hostctl event`, the same
# wait as unplug's DEVICE_DELETED), then flaps the link through it and sends
# a raw QMP command: every request must answer 0 and the carrier must follow
# (0, then 1).  A reader that a timeout poisons fails the first request after.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/drivers/net/e1k/lib.sh"
export E1K_RUN_TAG=hostd$$
guest=$(mktemp)
trap 'rm -f "$guest"' EXIT

cat > "$guest" <<'EOF'
. /payload/lib.sh
step() { echo "step: $*"; }
bad() { echo "FAILED: $*"; exit 1; }

step "carrier up after boot"
wait_for 10 carrier_is eth0 1 || bad "no carrier on eth0 after boot"

step "hostctl event E1K_NO_SUCH_EVENT 1 (must time out)"
t0=$(now_ms)
out=$(hostctl event E1K_NO_SUCH_EVENT 1)
rc=$?
echo "rc=$rc after $(($(now_ms) - t0)) ms: $out"
[ $rc -eq 1 ] || bad "event wait answered rc=$rc, not 1 (a timeout)"

step "hostctl link down"
out=$(hostctl link down) || bad "link down answered rc=$?: $out"
wait_for 5 carrier_is eth0 0 || bad "carrier still 1 5 s after link down"
step "hostctl link up"
out=$(hostctl link up) || bad "link up answered rc=$?: $out"
wait_for 5 carrier_is eth0 1 || bad "carrier still 0 5 s after link up"

step "hostctl qmp query-status"
out=$(hostctl qmp '{"execute": "query-status"}') || bad "qmp answered rc=$?: $out"
echo "$out"
case $out in *running*) ;; *) bad "query-status reply without 'running': $out" ;; esac
echo "hostd-test: all requests answered"
EOF

test_link_flap_after_qmp_event_timeout() {
	local out rc
	out=$(VM_TIMEOUT=300 "$top/qemu/vm" -f "$guest" 2>&1)
	rc=$?
	echo "$out" | grep -E '^(step|rc=|FAILED|hostd-test|vm:)' >&2
	[ $rc -eq 0 ] || fail "guest exited $rc: $(echo "$out" | grep '^FAILED' | tail -n1)"
	echo "$out" | grep -q '^hostd-test: all requests answered' ||
		fail "the guest script did not finish"
}

ktap_main test_link_flap_after_qmp_event_timeout
