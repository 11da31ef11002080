# SPDX-License-Identifier: GPL-2.0
# Guest-side helpers, sourced by tests: /payload/lib.sh.

E1K_REQ_SEQ=0

# hostctl VERB [ARGS...]: ask the host side (qemu/hostd.py) for an action and
# wait for it.  Prints the action's output, returns its exit status.
#   hostctl link down|up [nic0|nic1]    hostctl unplug|plug [nic0]
#   hostctl sh 'cmd in host netns'      hostctl bg 'cmd' -> job; wait|kill JOB
#   hostctl qmp '{"execute": ...}'      hostctl event NAME [secs] (QMP event)
hostctl() {
	local id fd tag rid rc out verb=$1
	shift
	E1K_REQ_SEQ=$((E1K_REQ_SEQ + 1))
	id=$BASHPID.$E1K_REQ_SEQ
	exec {fd}<>/dev/ttyS1
	printf 'REQ %s %s %s\n' "$id" "$verb" "$(printf '%s' "$*" | base64 -w0)" >&"$fd"
	rc=124
	while read -r -t 1200 -u "$fd" tag rid rc out; do
		[ "$tag" = RSP ] && [ "$rid" = "$id" ] && break
		rc=124
	done
	exec {fd}>&-
	[ -n "$out" ] && printf '%s' "$out" | base64 -d
	return "$rc"
}

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
