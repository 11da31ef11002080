#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ethtool diagnostic surface: driver info, self-test, coalescing, rings,
# register and EEPROM dumps, pause, standard statistics groups, link
# settings, Wake-on-LAN.  Values quoted are those of QEMU's 8254x model.
. "$(dirname "$0")/lib.sh"

# coal_get NAME: one value of ethtool -c ("rx-usecs", "Adaptive RX", ...)
coal_get() {
	ethtool -c "$NETIF" | awk -F': *' -v n="$1" '$1 == n {print $2; f=1} END {exit !f}' |
		awk '{print $1}'
}

# coal_supported NAME: ethtool -c reports NAME (not n/a: the driver lists it
# in its supported coalescing parameters)
coal_supported() {
	local v
	v=$(coal_get "$1") && [ "$v" != n/a ]
}

# require_coal_set NAME VALUE: skip unless NAME is reported and the driver
# takes a change of it (a no-op request never reaches the driver, so VALUE
# is set and the old value put back)
require_coal_set() {
	local old
	coal_supported "$1" || skip "no $1 coalescing (ethtool -c: n/a)"
	old=$(coal_get "$1")
	[ "$old" != "$2" ] || return 0
	ethtool -C "$NETIF" "$1" "$2" 2>/dev/null || skip "no $1 coalescing (ethtool -C $1 refused)"
	ethtool -C "$NETIF" "$1" "$old" || fail "cannot restore $1 $old"
}

# require_adaptive_rx: skip unless adaptive-rx can be switched
require_adaptive_rx() {
	local old
	coal_supported 'Adaptive RX' || skip "no adaptive RX coalescing (ethtool -c: n/a)"
	old=$(coal_get 'Adaptive RX')
	ethtool -C "$NETIF" adaptive-rx "$([ "$old" = on ] && echo off || echo on)" 2>/dev/null ||
		skip "no adaptive RX coalescing (ethtool -C adaptive-rx refused)"
	ethtool -C "$NETIF" adaptive-rx "$old" || fail "cannot restore adaptive-rx $old"
}

# adaptive_args VALUE: "adaptive-rx VALUE" where the driver has it
adaptive_args() { coal_supported 'Adaptive RX' && echo "adaptive-rx $1"; }

# std_stat GROUP NAME: one counter of ethtool -S --groups GROUP
std_stat() {
	ethtool -S "$NETIF" --groups "$1" |
		awk -F': *' -v n="$2" '$1 == n {print $2; f=1} END {exit !f}'
}

test_drvinfo_names_driver() {
	local out bus
	out=$(ethtool -i "$NETIF") || fail "ethtool -i failed"
	info "$(echo "$out" | grep -E '^(driver|bus-info|supports-)')"
	echo "$out" | grep -qx "driver: $(bound_driver)" ||
		fail "ethtool -i says '$(echo "$out" | head -1)', the bound driver is $(bound_driver)"
	bus=$(echo "$out" | awk '$1 == "bus-info:" {print $2}')
	# the device itself or, for a virtio device, the PCI function under it
	case "$(readlink -f "/sys/class/net/$NETIF/device")/" in
	*/"$bus"/*) ;;
	*) fail "bus-info '$bus' does not name the device" ;;
	esac
}

# selftest_check MODE: ethtool -t MODE passes, every result it lists 0
selftest_check() {
	local out results
	out=$(ethtool -t "$NETIF" "$1")
	local rc=$?
	info "$out"
	[ $rc -eq 0 ] || fail "ethtool -t $1 exit $rc"
	echo "$out" | grep -q 'The test result is PASS' || fail "$1 self-test did not pass"
	results=$(echo "$out" | awk '/^The test extra info:/ {x = 1; next} x && NF {print $NF}')
	[ -n "$results" ] || fail "no test results listed"
	! echo "$results" | grep -qvx 0 || fail "a result is not 0"
}

require_selftest() { drvinfo_supports test || skip "no self-test (ethtool -i: supports-test: no)"; }

test_selftest_offline_passes() {
	require_selftest
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready before the test"
	selftest_check offline
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the offline self-test"
	ping -c 5 -i 0.1 -W 2 "$REMOTE_V4" >/dev/null || fail "ping loss after the self-test"
}

test_selftest_online_passes() {
	require_selftest
	local before after
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	before=$(cat "/sys/class/net/$NETIF/carrier_changes")
	selftest_check online
	after=$(cat "/sys/class/net/$NETIF/carrier_changes")
	[ "$before" = "$after" ] || fail "online self-test bounced the link"
	ping -c 3 -i 0.2 -W 2 "$REMOTE_V4" >/dev/null || fail "no traffic after the online test"
}

# On QEMU's 8254x every interrupt costs exits: a driver moderates adaptively
# by default there (e1k's adaptive-rx; e1000's default ITR mode 3 is
# adaptive too, but not through ethtool, so it skips as it cannot switch it)
test_adaptive_rx_on_by_default() {
	require_qemu_e1000_class "adaptive moderation by default is the Intel models' case"
	require_adaptive_rx
	[ "$(coal_get 'Adaptive RX')" = on ] || fail "adaptive-rx is not the default"
}

test_coalesce_set_get_roundtrip() {
	local old old_adaptive old_tx rx
	require_coal_set rx-usecs 100
	old=$(coal_get rx-usecs)
	old_adaptive=$(coal_get 'Adaptive RX')
	old_tx=$(coal_get tx-usecs)
	[ "$old_adaptive" = n/a ] || ethtool -C "$NETIF" adaptive-rx off || fail "set adaptive-rx off"
	ethtool -C "$NETIF" rx-usecs 100 || fail "set rx-usecs 100"
	[ "$(coal_get rx-usecs)" = 100 ] || fail "rx-usecs reads $(coal_get rx-usecs), not 100"
	if coal_supported tx-usecs; then
		ethtool -C "$NETIF" tx-usecs 30 || fail "set tx-usecs 30"
		[ "$(coal_get tx-usecs)" = 30 ] || fail "tx-usecs reads $(coal_get tx-usecs), not 30"
		# separate throttles, or one serving both directions (e1k's
		# ITR): then rx-usecs reads what tx-usecs set
		rx=$(coal_get rx-usecs)
		[ "$rx" = 100 ] || [ "$rx" = 30 ] || fail "rx-usecs reads $rx after tx-usecs 30"
		info "tx-usecs 30: rx-usecs reads $rx ($([ "$rx" = 30 ] && echo one throttle || echo separate))"
	fi
	if [ "$old_adaptive" != n/a ]; then
		ethtool -C "$NETIF" adaptive-rx on || fail "set adaptive-rx on"
		[ "$(coal_get 'Adaptive RX')" = on ] || fail "adaptive-rx not reported on"
		ethtool -C "$NETIF" adaptive-rx off || fail "set adaptive-rx off"
		[ "$(coal_get 'Adaptive RX')" = off ] || fail "adaptive-rx not reported off"
	fi
	# shellcheck disable=SC2046
	ethtool -C "$NETIF" $(adaptive_args "$old_adaptive") rx-usecs "$old" || fail "restore"
	[ "$(coal_get 'Adaptive RX')" = "$old_adaptive" ] || fail "adaptive-rx not restored"
	[ "$(coal_get rx-usecs)" = "$old" ] || fail "rx-usecs not restored"
	[ "$old_tx" = n/a ] || [ "$(coal_get tx-usecs)" = "$old_tx" ] ||
		ethtool -C "$NETIF" tx-usecs "$old_tx" || fail "tx-usecs not restored"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after coalescing changes"
}

test_coalesce_fixed_value_survives_adaptive_watchdog() {
	# switching adaptive-rx off with a fixed rx-usecs while the watchdog's
	# adaptive step runs under load: the fixed value must stay in ITR
	# (rx-usecs reads it back; in e1k's dump layout, 29 registers, ITR is
	# register 7, in 256 ns units)
	local pid itr old old_adaptive
	require_adaptive_rx
	require_coal_set rx-usecs 200
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	old=$(coal_get rx-usecs)
	old_adaptive=$(coal_get 'Adaptive RX')
	ethtool -C "$NETIF" adaptive-rx on || fail "set adaptive-rx on"
	ping -f -W1 "$REMOTE_V4" >/dev/null 2>&1 &
	pid=$!
	sleep 3
	ethtool -C "$NETIF" adaptive-rx off rx-usecs 200 || { kill $pid; fail "set rx-usecs 200"; }
	# two watchdog periods and more
	sleep 5
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ "$(coal_get rx-usecs)" = 200 ] || fail "rx-usecs reads $(coal_get rx-usecs), not 200"
	[ "$(coal_get 'Adaptive RX')" = off ] || fail "adaptive-rx came back on"
	if [ "$(ethtool -d "$NETIF" raw on 2>/dev/null | wc -c)" = 116 ]; then
		itr=$(ethtool -d "$NETIF" raw on | od -An -tu4 -j24 -N4 | tr -d ' ')
	fi
	ethtool -C "$NETIF" adaptive-rx "$old_adaptive" rx-usecs "$old" || fail "restore"
	[ -n "$itr" ] || { info "no e1k-layout register dump: ITR not read"; return 0; }
	info "ITR $itr after rx-usecs 200 (expected 781)"
	[ "$itr" = 781 ] || fail "ITR is $itr, not the 781 that rx-usecs 200 sets"
}

# A refused request says why (extack) and changes nothing: rx-usecs 20000
# (20 ms, beyond what any interrupt throttle here holds), different rx and
# tx-usecs where one throttle serves both, and a parameter ethtool -c
# reports n/a (unsupported).
test_coalesce_rejects_out_of_range() {
	local before out old p
	require_coal_set rx-usecs 100
	before=$(ethtool -c "$NETIF")
	out=$(ethtool -C "$NETIF" rx-usecs 20000 2>&1) && fail "rx-usecs 20000 accepted"
	info "$out"
	echo "$out" | grep -q 'at most' || fail "no extack message for rx-usecs 20000"
	if coal_supported tx-usecs; then
		old=$(coal_get rx-usecs)
		ethtool -C "$NETIF" rx-usecs 100 tx-usecs 100 2>/dev/null
		ethtool -C "$NETIF" rx-usecs 50 2>/dev/null
		if [ "$(coal_get tx-usecs)" = 50 ]; then	# one throttle
			out=$(ethtool -C "$NETIF" rx-usecs 10 tx-usecs 20 2>&1) &&
				fail "rx 10 tx 20 accepted with one throttle for both"
			info "$out"
			echo "$out" | grep -q 'must be equal' || fail "no extack message for rx != tx"
		fi
		ethtool -C "$NETIF" rx-usecs "$old" tx-usecs "$old" 2>/dev/null
	fi
	for p in tx-frames rx-frames tx-usecs-irq; do
		coal_supported $p && continue
		ethtool -C "$NETIF" $p 8 2>/dev/null && fail "unsupported $p accepted"
		break
	done
	[ "$(ethtool -c "$NETIF")" = "$before" ] || fail "settings changed by rejected requests"
}

test_ring_rejects_5000_unchanged() {
	local rx tx out big=5000
	require_ring_resize
	rx=$(ring_size rx) tx=$(ring_size tx)
	[ "$(ring_max rx)" -lt $big ] || big=$(($(ring_max rx) + 8))
	out=$(ethtool -G "$NETIF" rx $big 2>&1) && fail "rx ring $big accepted"
	info "$out"
	echo "$out" | grep -qi 'exceeds maximum' || fail "no extack message"
	[ "$(ring_size rx)" = "$rx" ] && [ "$(ring_size tx)" = "$tx" ] || fail "ring sizes changed"
}

test_ring_resize_keeps_traffic() {
	local rx tx nrx=512
	require_ring_resize
	rx=$(ring_size rx) tx=$(ring_size tx)
	[ "$(ring_max rx)" -ge $nrx ] || nrx=$(ring_max rx)
	ethtool -G "$NETIF" rx $nrx tx 128 || fail "resize to rx $nrx tx 128"
	[ "$(ring_size rx)" = $nrx ] && [ "$(ring_size tx)" = 128 ] || fail "sizes not applied"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after resize"
	ping -c 5 -i 0.1 -W 2 "$REMOTE_V4" >/dev/null || fail "ping loss after resize"
	ethtool -G "$NETIF" rx "$rx" tx "$tx" || fail "restore ring sizes"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after restoring the ring sizes"
}

test_regs_dump_nonempty() {
	local len
	drvinfo_supports register-dump || skip "no register dump (ethtool -i: supports-register-dump: no)"
	len=$(ethtool -d "$NETIF" raw on | wc -c)
	info "register dump: $len bytes (e1k's version 1 layout: 29 registers, 116 bytes)"
	[ "$len" -gt 0 ] && [ $((len % 4)) = 0 ] || fail "register dump is $len bytes, not whole registers"
	# on the Intel models STATUS is the dump's second word in e1k's layout
	# and in e1000's and e1000e's: link up (bit 1) on a live link
	require_qemu_e1000_class "STATUS is not known to be the dump's second word"
	local status
	status=$(ethtool -d "$NETIF" raw on | od -An -tx4 -j4 -N4 | tr -d ' ')
	info "STATUS 0x$status"
	(( 0x$status & 2 )) || fail "STATUS in the dump does not show link up"
}

test_eeprom_dump_checksum() {
	local words sum
	drvinfo_supports eeprom-access || skip "no EEPROM access (ethtool -i: supports-eeprom-access: no)"
	words=$(ethtool -e "$NETIF" raw on | od -An -v -tu2) || fail "ethtool -e failed"
	[ "$(echo $words | wc -w)" -eq 64 ] || fail "EEPROM is not 64 words"
	sum=0
	for w in $words; do sum=$(((sum + w) & 0xffff)); done
	info "sum of words 0x$(printf %04x $sum)"
	[ $sum -eq $((0xBABA)) ] || fail "EEPROM words sum to $(printf 0x%04x $sum), not 0xBABA"
}

# A write with the device's magic is refused (e1k: the image is read-only)
# or, where the driver writes the EEPROM, keeps it whole: the word written
# back is the one already there, and the checksum still holds.
test_eeprom_write_unsupported() {
	local magic w0
	drvinfo_supports eeprom-access || skip "no EEPROM access (ethtool -i: supports-eeprom-access: no)"
	magic=$(printf '0x%04x8086' "$(($(cat "/sys/class/net/$NETIF/device/device")))")
	w0=$(ethtool -e "$NETIF" raw on offset 0 length 1 | od -An -tu1 | tr -d ' ')
	if ethtool -E "$NETIF" magic "$magic" offset 0 value "$w0" 2>/dev/null; then
		info "EEPROM write of byte 0 (unchanged, $w0) accepted"
		[ "$(ethtool -e "$NETIF" raw on offset 0 length 1 | od -An -tu1 | tr -d ' ')" = "$w0" ] ||
			fail "EEPROM byte 0 changed by writing it back"
	else
		info "EEPROM write refused"
	fi
	test_eeprom_dump_checksum
}

# pause_get NAME: Autonegotiate, RX or TX from ethtool -a
pause_get() { ethtool -a "$NETIF" | awk -v n="$1:" '$1 == n {print $2}'; }

# Pause statistics (QEMU sends and honours no pause frames: both 0), and a
# pause setting is refused or applied as asked (e1k refuses RX pause: the
# model ignores it)
test_pause_stats_reported() {
	local out an rx tx
	out=$(ethtool -I -a "$NETIF" 2>&1) || skip "no pause parameters (ethtool -a unsupported)"
	info "$out"
	echo "$out" | grep -q 'tx_pause_frames' ||
		skip "driver does not export pause statistics (ethtool -I -a)"
	echo "$out" | grep -qE 'tx_pause_frames: 0' || fail "tx_pause_frames not 0"
	echo "$out" | grep -qE 'rx_pause_frames: 0' || fail "rx_pause_frames not 0"
	an=$(pause_get Autonegotiate) rx=$(pause_get RX) tx=$(pause_get TX)
	if ethtool -A "$NETIF" rx on 2>/dev/null; then
		[ "$(pause_get RX)" = on ] || fail "RX pause accepted but reported $(pause_get RX)"
	fi
	ethtool -A "$NETIF" rx off tx off autoneg off || fail "turning pause off failed"
	[ "$(pause_get RX) $(pause_get TX)" = "off off" ] || fail "pause not reported off"
	ethtool -A "$NETIF" autoneg "$an" rx "$rx" tx "$tx" 2>/dev/null
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after the pause changes"
}

test_rmon_histogram_counts() {
	local b_rx b_tx a_rx a_tx
	std_stat rmon rx-rmon-etherStatsPkts512to1023Octets >/dev/null ||
		skip "driver does not export the rmon histogram (ethtool -S --groups rmon)"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	b_rx=$(std_stat rmon rx-rmon-etherStatsPkts512to1023Octets) || fail "no rx 512-1023 bucket"
	b_tx=$(std_stat rmon tx-rmon-etherStatsPkts512to1023Octets) || fail "no tx 512-1023 bucket"
	# 600 bytes of payload: 14 + 20 + 8 + 600 + 4 (FCS) = 646-byte frames
	ping -c 10 -i 0.05 -W 2 -s 600 "$REMOTE_V4" >/dev/null || fail "ping loss"
	a_rx=$(std_stat rmon rx-rmon-etherStatsPkts512to1023Octets)
	a_tx=$(std_stat rmon tx-rmon-etherStatsPkts512to1023Octets)
	info "rx 512-1023: $b_rx -> $a_rx, tx: $b_tx -> $a_tx"
	[ $((a_rx - b_rx)) -ge 10 ] || fail "rx bucket grew by $((a_rx - b_rx)), expected >= 10"
	[ $((a_tx - b_tx)) -ge 10 ] || fail "tx bucket grew by $((a_tx - b_tx)), expected >= 10"
}

test_eth_mac_stats_present() {
	local b a
	std_stat eth-mac eth-mac-FramesReceivedOK >/dev/null ||
		skip "driver does not export eth-mac statistics (ethtool -S --groups eth-mac)"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	b=$(std_stat eth-mac eth-mac-FramesReceivedOK) || fail "no FramesReceivedOK"
	std_stat eth-mac eth-mac-OctetsTransmittedOK >/dev/null || fail "no OctetsTransmittedOK"
	std_stat eth-mac eth-mac-FrameCheckSequenceErrors >/dev/null || fail "no FCS errors"
	std_stat eth-phy eth-phy-SymbolErrorDuringCarrier >/dev/null || fail "no eth-phy group"
	std_stat eth-ctrl eth-ctrl-UnsupportedOpcodesReceived >/dev/null ||
		fail "no eth-ctrl group"
	ping -c 5 -i 0.1 -W 2 "$REMOTE_V4" >/dev/null || fail "ping loss"
	a=$(std_stat eth-mac eth-mac-FramesReceivedOK)
	[ $((a - b)) -ge 5 ] || fail "FramesReceivedOK grew by $((a - b)), expected >= 5"
}

# qstat_delta NAME BEFORE AFTER: how much a qstats counter grew between two
# qstats.py outputs (0 where the driver does not report it)
qstat_delta() {
	local b a
	b=$(awk -v n="$1" '$1 == n {print $2}' <<< "$2")
	a=$(awk -v n="$1" '$1 == n {print $2}' <<< "$3")
	echo $((${a:-0} - ${b:-0}))
}

test_qstats_rx_checksum_verdicts() {
	# qstats say how the stack got each received frame's checksum: after
	# 4 MiB of TCP from the host, the device's verdicts where it checks
	# them (rx-csum-unnecessary), else none (rx-csum-none); never more
	# verdicts than frames
	local before after rx unn none bad n=$((4 * 1048576 / 1514)) idx
	require_host
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	idx=$(cat "/sys/class/net/$NETIF/ifindex")
	before=$("$E1K_SELFTEST_DIR/qstats.py" "$idx") || skip "no qstats: $before"
	grep -q '^rx-csum-\(unnecessary\|none\) ' <<< "$before" ||
		skip "qstats without RX checksum counters"
	sha256_rx 4
	after=$("$E1K_SELFTEST_DIR/qstats.py" "$idx") || fail "qstats gone: $after"
	rx=$(qstat_delta rx-packets "$before" "$after")
	unn=$(qstat_delta rx-csum-unnecessary "$before" "$after")
	none=$(qstat_delta rx-csum-none "$before" "$after")
	bad=$(qstat_delta rx-csum-bad "$before" "$after")
	info "rx-packets +$rx: rx-csum-unnecessary +$unn, rx-csum-none +$none, rx-csum-bad +$bad"
	[ $((unn + none + bad)) -le "$rx" ] || fail "more checksum verdicts than frames"
	if [ "$(feature_state rx-checksumming)" = on ] && tap_csum_is on; then
		[ "$unn" -ge "$n" ] || fail "the device checks TCP checksums, yet $unn frames verified"
	else
		[ "$none" -ge "$n" ] || fail "no device verdict, yet only $none frames without one"
	fi
}

test_stats_json_parses() {
	require_cmd jq
	local v n
	# Debian's ethtool 6.1 supports --json for -S with --groups (not plain -S)
	ethtool --json -S "$NETIF" --groups eth-mac rmon | jq -e . >/dev/null ||
		fail "JSON of --groups eth-mac rmon did not parse"
	if std_stat eth-mac eth-mac-FramesReceivedOK >/dev/null; then
		v=$(ethtool --json -S "$NETIF" --groups eth-mac rmon |
			jq '.[0]["eth-mac"].FramesReceivedOK') || fail "JSON did not parse"
		[ -n "$v" ] && [ "$v" != null ] || fail "FramesReceivedOK missing from JSON"
	else
		info "no eth-mac statistics"
	fi
	# as many histogram buckets as the text output lists
	n=$(ethtool -S "$NETIF" --groups rmon | grep -c 'rx-rmon-etherStatsPkts[0-9]*to[0-9]*Octets')
	if [ "$n" -gt 0 ]; then
		v=$(ethtool --json -S "$NETIF" --groups rmon | jq '.[0].rmon["rx-pktsNtoM"] | length')
		[ "$v" = "$n" ] || fail "rmon histogram has $v buckets in JSON, $n in text"
	else
		info "no rmon histogram"
	fi
	ethtool --json -k "$NETIF" | jq -e . >/dev/null || fail "ethtool --json -k did not parse"
}

# link_modes: the supported link modes ethtool lists, one a line
link_modes() {
	ethtool "$NETIF" | awk '/Supported link modes:/ {m = 1; sub(/.*:/, "")}
		m && /:/ {m = 0} m {for (i = 1; i <= NF; i++) print $i}'
}

# A forced speed/duplex the device does not list as supported is refused,
# and speed, duplex and autoneg stay as they were (e1k lists 1000baseT/Full
# only: what QEMU's model reports, whatever is asked)
test_link_ksettings_rejects_100_half() {
	local out before modes m tried=0
	out=$(ethtool "$NETIF")
	echo "$out" | grep -q 'Speed: [0-9]*Mb/s' || skip "no link speed reported (ethtool: Speed unknown)"
	modes=$(link_modes)
	[ -n "$modes" ] || skip "no supported link modes listed"
	info "supported: $(echo $modes)"
	before=$(echo "$out" | grep -E 'Speed:|Duplex:|Auto-negotiation:')
	for m in "100 half 100baseT/Half" "10 full 10baseT/Full" "10000 full 10000baseT/Full"; do
		set -- $m
		echo "$modes" | grep -qx "$3" && continue
		tried=$((tried + 1))
		ethtool -s "$NETIF" speed "$1" duplex "$2" autoneg off 2>/dev/null &&
			fail "$3 accepted though not supported"
	done
	[ $tried -gt 0 ] || skip "every mode tried is supported"
	out=$(ethtool "$NETIF" | grep -E 'Speed:|Duplex:|Auto-negotiation:')
	[ "$out" = "$before" ] || {
		info "before: $(echo $before)"
		info "after:  $(echo $out)"
		fail "link settings changed by rejected requests"
	}
	echo "$before" | grep -q 'Auto-negotiation: on' || return 0
	# shellcheck disable=SC2046 # speed and duplex, two words
	set -- $(echo "$before" | awk '/Speed:/ {sub(/Mb\/s/, "", $2); s = $2} /Duplex:/ {d = tolower($2)}
		END {print s, d}')
	ethtool -s "$NETIF" speed "$1" duplex "$2" autoneg on || fail "the current $1/$2 rejected"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after $1/$2"
}

test_nway_reset_link_returns() {
	local t0 t1 out
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
	t0=$(now_ms)
	out=$(ethtool -r "$NETIF" 2>&1) || {
		echo "$out" | grep -q 'not supported' && skip "no autoneg restart (ethtool -r unsupported)"
		fail "ethtool -r failed: $out"
	}
	wait_for "$(budget 5)" carrier_is "$NETIF" 1 || fail "no carrier $(budget 5) s after ethtool -r"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after ethtool -r"
	t1=$(now_ms)
	info "traffic back after $((t1 - t0)) ms"
}

# Wake-on-LAN modes not in "Supports Wake-on" are refused; a supported one
# reads back (e1k supports none: QEMU's model cannot wake the guest)
test_wol_reports_none() {
	local out sup old m
	out=$(ethtool "$NETIF")
	sup=$(echo "$out" | awk '/Supports Wake-on:/ {print $3}')
	[ -n "$sup" ] || skip "no Wake-on-LAN (ethtool reports no Supports Wake-on)"
	old=$(echo "$out" | awk '$1 == "Wake-on:" {print $2}')
	info "Supports Wake-on: $sup, Wake-on: $old"
	[ "${sup/d/}" != "" ] || [ "$old" = d ] || fail "WoL enabled ($old) though none supported"
	for m in g u; do
		if [ "${sup/$m/}" = "$sup" ]; then
			ethtool -s "$NETIF" wol $m 2>/dev/null && fail "wol $m accepted though not supported"
		else
			ethtool -s "$NETIF" wol $m || fail "supported wol $m refused"
			ethtool "$NETIF" | grep -qE "^[[:space:]]*Wake-on: $m$" || fail "wol $m not read back"
		fi
	done
	ethtool -s "$NETIF" wol "$old" 2>/dev/null
	return 0
}

test_identify_and_ts_info() {
	local out
	out=$(ethtool -p "$NETIF" 1 2>&1) || {
		echo "$out" | grep -q 'not supported' && skip "no identify (ethtool -p unsupported)"
		fail "ethtool -p failed: $out"
	}
	ethtool -T "$NETIF" | grep -q 'software-receive' || fail "no software RX timestamps"
	link_ready "$NETIF" "$REMOTE_V4" || fail "no traffic after identify"
}

ktap_main test_drvinfo_names_driver test_adaptive_rx_on_by_default \
	test_selftest_offline_passes test_selftest_online_passes \
	test_coalesce_set_get_roundtrip test_coalesce_fixed_value_survives_adaptive_watchdog \
	test_coalesce_rejects_out_of_range \
	test_ring_rejects_5000_unchanged test_ring_resize_keeps_traffic \
	test_regs_dump_nonempty test_eeprom_dump_checksum test_eeprom_write_unsupported \
	test_pause_stats_reported test_rmon_histogram_counts test_eth_mac_stats_present \
	test_stats_json_parses test_qstats_rx_checksum_verdicts \
	test_link_ksettings_rejects_100_half \
	test_nway_reset_link_returns test_wol_reports_none test_identify_and_ts_info
