# SPDX-License-Identifier: GPL-2.0
# The baseline module of `make bench BASE=<rev>` and `make bench-ab`, sourced
# by bench/run.sh and bench/ab.sh: BASE's e1k.ko, built from that revision's
# sources for the same guest kernel and with the same flags as this tree's.

# base_resolve TOP REV CALLER: prints REV as a short commit id, or tells
# CALLER's user that REV is no commit of this tree and fails
base_resolve() {
	git -C "$1" rev-parse --short "$2^{commit}" 2>/dev/null ||
		{ echo "$3: BASE=$2 is no commit of this tree" >&2; return 2; }
}

# base_build TOP REV DIR: builds REV's e1k.ko under DIR and prints its path
base_build() {
	mkdir -p "$3" &&
		git -C "$1" archive "$2" drivers include | tar -x -C "$3" &&
		make -s -C "/usr/src/linux-headers-$(cat "$1/build/kver")" \
			M="$3/drivers/net/ethernet/e1k" modules >/dev/null ||
		{ echo "cannot build e1k.ko of $2" >&2; return 1; }
	echo "$3/drivers/net/ethernet/e1k/e1k.ko"
}
