# SPDX-License-Identifier: GPL-2.0
# The QEMU host layer, /payload/lib.sh in the guest: hostctl, the channel to
# qemu/hostd.py (link flap, hot-unplug, S3 wake-up, host-side traffic).  The
# tests reach the host only through it, and skip where it is absent (an
# installed suite on a real machine); the plain helpers are the suite's own.
. /payload/selftests/drivers/net/e1k/helpers.sh

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

