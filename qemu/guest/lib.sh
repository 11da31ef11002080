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

# nic_irqs [IFACE]: the interrupt lines of IFACE's PCI function (virtio-net's
# netdev sits on a virtio device below it): its MSI/MSI-X vectors when it
# has any, else its INTx pin, which other devices may share.  With MSI-X the
# function's irq file still names the pin, which the NIC no longer raises.
nic_irqs() {
	local d
	d=$(readlink -f "/sys/class/net/${1:-eth0}/device")
	[ -e "$d/irq" ] || d=$(dirname "$d")
	if [ -n "$(ls "$d/msi_irqs" 2>/dev/null)" ]; then
		ls "$d/msi_irqs"
	else
		cat "$d/irq"
	fi
}

# nic_irq_count [IFACE]: interrupts taken so far on nic_irqs, all CPUs
nic_irq_count() {
	awk -v l="$(nic_irqs "$@" | tr '\n' ' ')" \
		'BEGIN {n = split(l, a, " "); for (i = 1; i <= n; i++) w[a[i] ":"] = 1}
		 $1 in w {for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i} END {print s + 0}' \
		/proc/interrupts
}
