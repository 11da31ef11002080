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

# Chipset registers that QEMU resets on S3 wake-up and its SeaBIOS (1.16,
# QEMU 7.2) does not program again, as real firmware does from its S3 boot
# script; Linux expects them back.  Seen here, config space before and after
# an S3: on q35 the ICH9 LPC's ACPI I/O block is off (PMBASE, ACPI_CNTL), so
# the guest's S5 write powers nothing off and no ACPI hot-plug event (GPE)
# arrives; its PIRQ routing and RCBA are off, and so is the MCH's ECAM
# (PCIEXBAR: extended config space reads as zeros).  On pc, the PIIX3's
# PIRQ routing is off, which a kernel booted with acpi=noirq never sets up
# again: the NIC's INTx is lost.
#   function vendor:device offset (4 bytes each)
E1K_S3_CHIPSET="
00:00.0 8086:29c0 0x60
00:1f.0 8086:2918 0x40
00:1f.0 8086:2918 0x44
00:1f.0 8086:2918 0x60
00:1f.0 8086:2918 0x68
00:1f.0 8086:2918 0xf0
00:01.0 8086:7000 0x60
"

# hex_read FILE OFFSET LEN: LEN bytes of FILE at OFFSET, as hex.  With dd,
# not od -j: od reads its way to the offset, and every read of /dev/port
# below it would be a port access.
hex_read() {
	dd if="$1" bs=1 skip="$2" count="$3" status=none | od -An -tx1 -v | tr -d ' \n'
}

# hex_write FILE OFFSET HEX BS: write the bytes HEX at OFFSET in accesses of
# BS bytes (OFFSET a multiple of BS)
hex_write() {
	local tmp
	tmp=$(mktemp)
	printf '%b' "$(sed 's/../\\x&/g' <<< "$3")" > "$tmp"
	dd if="$tmp" of="$1" bs="$4" seek=$(($2 / $4)) conv=notrunc status=none
	rm -f "$tmp"
}

# s3_chipset_save: the registers above, "function offset hex" lines
s3_chipset_save() {
	local fn id off d
	while read -r fn id off; do
		d=/sys/bus/pci/devices/0000:$fn
		[ -n "$fn" ] && [ -e "$d/config" ] || continue
		[ "$(sed 's/^0x//' "$d/vendor"):$(sed 's/^0x//' "$d/device")" = "$id" ] || continue
		echo "$fn $off $(hex_read "$d/config" $((off)) 4)"
	done <<< "$E1K_S3_CHIPSET"
}

# s3_chipset_restore SAVED: write back what the wake-up reset (one aligned
# 4-byte write each, as firmware would); the restored registers go to stdout
s3_chipset_restore() {
	local fn off val d
	while read -r fn off val; do
		[ -n "$fn" ] || continue
		d=/sys/bus/pci/devices/0000:$fn/config
		[ "$(hex_read "$d" $((off)) 4)" = "$val" ] && continue
		hex_write "$d" $((off)) "$val" 4
		echo "chipset register $fn $off"
	done <<< "$1"
}

# s3_gpe_en: the port and contents of the ACPI GPE0 enable registers, the
# second half of the GPE0 block ("port hex").  The kernel writes them while
# it resumes, before s3_chipset_restore gives the block its I/O ports back:
# those writes are lost, and with them the hot-plug GPE.
s3_gpe_en() {
	local r lo hi
	r=$(awk '/ACPI GPE0_BLK/ {print $1; exit}' /proc/ioports)
	[ -n "$r" ] && [ -e /dev/port ] || return 0
	lo=$((0x${r%-*}))
	hi=$((0x${r#*-}))
	lo=$((lo + (hi - lo + 1) / 2))
	echo "$lo $(hex_read /dev/port $lo $((hi - lo + 1)))"
}

# s3_gpe_en_restore SAVED: write the GPE enable bytes back, a byte at a
# time (the registers' own width), if the wake-up lost them
s3_gpe_en_restore() {
	local port val
	read -r port val <<< "$1"
	[ -n "$val" ] || return 0
	[ "$(s3_gpe_en)" = "$1" ] && return 0
	hex_write /dev/port "$port" "$val" 1
	printf 'GPE enable %#x\n' "$port"
}

# s3_sleep SECONDS: suspend to RAM, woken by QMP system_wakeup that long
# after; returns the suspend's status once the chipset is set up again
s3_sleep() {
	local regs gpe rc
	regs=$(s3_chipset_save)
	gpe=$(s3_gpe_en)
	hostctl wake_in "$1" >/dev/null || return 1
	echo mem > /sys/power/state
	rc=$?
	{
		s3_chipset_restore "$regs"
		s3_gpe_en_restore "$gpe"
	} | sed 's/^/# S3: restored /'
	return $rc
}
