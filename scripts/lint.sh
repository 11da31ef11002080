#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make lint`: checkpatch --strict over the driver and headers, sparse
# (C=2) and a W=1 build.  Any finding fails.  -Werror comes from here
# (KCFLAGS), not from Kbuild, which DKMS builds on users' compilers.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
kver=$(cat "$top/build/kver")
kdir=/usr/src/linux-headers-$kver
mod=$top/drivers/net/ethernet/e1k
cp=$top/build/linux-source/scripts/checkpatch.pl
rc=0

# CAMELCASE: the standard-stats structs use the IEEE 802.3 names
echo "lint: checkpatch --strict"
# e1k_compat.h is where version checks belong, so only there are they allowed.
files=$(ls "$mod"/*.[ch] "$top"/include/*.h | grep -v -e "\.mod\.c$" -e "/e1k_compat\.h$")
ignore=FILE_PATH_CHANGES,SPDX_LICENSE_TAG,CAMELCASE
if ! perl "$cp" --no-tree --strict --quiet --show-types --max-line-length=100 \
	--ignore "$ignore" -f $files; then
	rc=1
fi
if ! perl "$cp" --no-tree --strict --quiet --show-types --max-line-length=100 \
	--ignore "$ignore,LINUX_VERSION_CODE,CONSTANT_COMPARISON" -f "$mod/e1k_compat.h"; then
	rc=1
fi

echo "lint: sparse (C=2) and W=1"
# a fresh copy, so every file is compiled and the tree's e1k.ko is untouched
lint=$top/build/lint
rm -rf "$lint"
mkdir -p "$lint/drivers/net/ethernet"
cp -r "$mod" "$lint/drivers/net/ethernet/"
cp -r "$top/include" "$lint/"
find "$lint" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
out=$(make -s -C "$kdir" M="$lint/drivers/net/ethernet/e1k" W=1 C=2 KCFLAGS=-Werror \
	modules 2>&1) || rc=1
# the kernel's own headers trip sparse in places we do not own
mine=$(echo "$out" | grep -E "^$lint/" | sed "s|$lint/||" || true)
if [ -n "$mine" ]; then
	echo "$mine"
	rc=1
fi
# The oldest supported kernel: everything it lacks goes through
# e1k_compat.h, so a W=1 build there catches a new API used unguarded.
kver_old=$(cat "$top/build/kver-old" 2>/dev/null || true)
if [ -z "$kver_old" ] || [ ! -d "/usr/src/linux-headers-$kver_old" ]; then
	echo "lint: no 6.1 headers (run make deps)"
	rc=1
else
	echo "lint: W=1 against $kver_old"
	find "$lint" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
	out=$(make -s -C "/usr/src/linux-headers-$kver_old" M="$lint/drivers/net/ethernet/e1k" \
		W=1 KCFLAGS=-Werror modules 2>&1) || rc=1
	mine=$(echo "$out" | grep -E "warning|error" || true)
	if [ -n "$mine" ]; then
		echo "$mine"
		rc=1
	fi
fi
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
