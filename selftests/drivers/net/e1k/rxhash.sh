#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RX hash (rxhash, ethtool -x/-X): the hash the device hands the stack is
# the Toeplitz hash of the flow under the key ethtool reports, over
# addresses and ports for TCP and over addresses alone for UDP, as
# ethtool -n rx-flow-hash says; rxhash off leaves hashing to the stack; a
# new key takes effect and a bad request is refused.  The hash is read
# from the net:napi_gro_receive_entry tracepoint (skb->hash as the driver
# set it) and recomputed by toeplitz.py.  Skips on a device without it.
. "$(dirname "$0")/lib.sh"

TR=/sys/kernel/tracing
EV=$TR/events/net/napi_gro_receive_entry

require_rxhash() {
	require_host
	ethtool -k "$NETIF" | grep -q '^receive-hashing: on' || skip "no RX hash on $NETIF"
	[ -d "$EV" ] || skip "no tracefs or no net:napi_gro_receive_entry"
	link_ready "$NETIF" "$REMOTE_V4" || fail "link not ready"
}

rss_key() { ethtool -x "$NETIF" 2>/dev/null | awk '/^RSS hash key:/ {getline; print; exit}'; }

# the_key: the RSS key, 40 bytes as xx:xx:..., or the test fails
the_key() {
	local key
	key=$(rss_key)
	[ "${#key}" = 119 ] || fail "ethtool -x: no 40-byte RSS hash key ('$key')"
	echo "$key"
}

# traced CMD...: run CMD with the tracepoint on; print "hash l4_hash"
# for each IPv4 (0x0800) or IPv6 (0x86dd) frame NETIF received meanwhile
traced() {
	echo 0 > $TR/tracing_on
	echo > $TR/trace
	echo 1 > "$EV/enable"
	echo 1 > $TR/tracing_on
	"$@"
	echo 0 > "$EV/enable"
	sed -n "s/.*dev=$NETIF .*protocol=\(0x0800\|0x86dd\) .*hash=\(0x[0-9a-f]*\) l4_hash=\([01]\).*/\2 \3/p" \
		$TR/trace
}

# flows: from the peer to us, a TCP connection over IPv4 (40021 -> 5021)
# and IPv6 (40023 -> 5023) and UDP datagrams (40022 -> 5022)
flows() {
	local job4 job6
	socat -u TCP4-LISTEN:5021,reuseaddr - > /dev/null &
	job4=$!
	socat -u TCP6-LISTEN:5023,reuseaddr - > /dev/null &
	job6=$!
	hostctl sh "head -c 256K /dev/zero | socat -u - TCP4:$LOCAL_V4:5021,sourceport=40021,reuseaddr,retry=50,interval=0.1 &&
		head -c 256K /dev/zero | socat -u - TCP6:[$LOCAL_V6]:5023,sourceport=40023,reuseaddr,retry=50,interval=0.1 &&
		for i in 1 2 3 4 5; do echo x | socat -u - UDP4:$LOCAL_V4:5022,sourceport=40022,reuseaddr 2>/dev/null; done; true" >&2 ||
		info "a host-side sender failed"
	wait "$job4" "$job6" 2>/dev/null
	sleep 0.2
}

expected() { # KEY: "hash l4_hash" for each flow of flows(), one a line
	local key=$1
	echo "$("$E1K_SELFTEST_DIR/toeplitz.py" "$key" "$REMOTE_V4" "$LOCAL_V4" 40021 5021) 1"
	echo "$("$E1K_SELFTEST_DIR/toeplitz.py" "$key" "$REMOTE_V6" "$LOCAL_V6" 40023 5023) 1"
	echo "$("$E1K_SELFTEST_DIR/toeplitz.py" "$key" "$REMOTE_V4" "$LOCAL_V4") 0"
}

# check_hashes KEY: every flow's frames carry the hash computed under KEY
check_hashes() {
	local key=$1 seen want n
	seen=$(traced flows)
	while read -r want; do
		n=$(grep -cx "$want" <<< "$seen")
		info "hash ${want% *} (l4_hash ${want#* }): $n frames"
		[ "$n" -gt 0 ] || { info "hashes seen: $(sort <<< "$seen" | uniq -c | tr '\n' ' ')"
			return 1; }
	done < <(expected "$key")
}

test_rxhash_matches_toeplitz() {
	local key
	require_rxhash
	key=$(the_key) || exit
	ethtool -x "$NETIF" | grep -q 'toeplitz: on' || fail "ethtool -x: hash function not Toeplitz"
	[ "$(ethtool -n "$NETIF" rx-flow-hash tcp4 | grep -c 'IP SA\|IP DA\|L4 bytes')" = 4 ] ||
		fail "ethtool -n rx-flow-hash tcp4 does not name the 4-tuple"
	[ "$(ethtool -n "$NETIF" rx-flow-hash udp4 | grep -c 'IP SA\|IP DA\|L4 bytes')" = 2 ] ||
		fail "ethtool -n rx-flow-hash udp4 does not name the 2-tuple"
	check_hashes "$key" || fail "a flow's hash is not its Toeplitz hash"
}

test_rxhash_off_leaves_it_to_the_stack() {
	local seen key
	require_rxhash
	key=$(the_key) || exit
	ethtool -K "$NETIF" rxhash off || fail "ethtool -K rxhash off refused"
	seen=$(traced flows)
	ethtool -K "$NETIF" rxhash on || fail "ethtool -K rxhash on refused"
	info "with rxhash off: $(sort <<< "$seen" | uniq -c | tr '\n' ' ')"
	[ -n "$seen" ] || fail "no IP frame traced"
	grep -qv '^0x00000000 0$' <<< "$seen" && fail "a hash reached the stack with rxhash off"
	check_hashes "$key" || fail "the hash did not come back with rxhash on"
}

test_rxhash_new_key_takes_effect() {
	local old new
	require_rxhash
	old=$(the_key) || exit
	new=$(od -An -tx1 -N40 /dev/urandom | tr -s ' \n' ':' | sed 's/^://; s/:$//')
	ethtool -X "$NETIF" hkey "$new" || fail "ethtool -X hkey refused"
	[ "$(rss_key)" = "$new" ] || { ethtool -X "$NETIF" hkey "$old"; fail "ethtool -x does not show the new key"; }
	check_hashes "$new" || { ethtool -X "$NETIF" hkey "$old"; fail "hashes do not follow the new key"; }
	ethtool -X "$NETIF" hkey "$old" || fail "restoring the key refused"
	check_hashes "$old" || fail "hashes do not follow the restored key"
}

test_rxhash_bad_requests_refused() {
	local key
	require_rxhash
	key=$(the_key) || exit
	ethtool -X "$NETIF" hfunc xor 2>/dev/null && fail "hfunc xor accepted"
	ethtool -X "$NETIF" equal 2 2>/dev/null && fail "an indirection table over 2 rings accepted (1 ring)"
	ethtool -X "$NETIF" hkey 00:11:22:33 2>/dev/null && fail "a 4-byte key accepted"
	[ "$(rss_key)" = "$key" ] || fail "a refused request changed the key"
	ethtool -X "$NETIF" equal 1 || fail "the one-ring table refused"
	check_hashes "$key" || fail "hashing broken after the refused requests"
}

ktap_main test_rxhash_matches_toeplitz test_rxhash_off_leaves_it_to_the_stack \
	test_rxhash_new_key_takes_effect test_rxhash_bad_requests_refused
