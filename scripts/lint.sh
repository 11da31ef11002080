#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make lint`: checkpatch --strict over the driver and headers, sparse
# (C=2) and a W=1 build.  Any finding fails.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
kver=$(cat "$top/build/kver")
kdir=/usr/src/linux-headers-$kver
mod=$top/drivers/net/ethernet/e1k
cp=$top/build/linux-source/scripts/checkpatch.pl
rc=0

# CAMELCASE: the standard-stats structs use the IEEE 802.3 names
echo "lint: checkpatch --strict"
files=$(ls "$mod"/*.[ch] "$top"/include/*.h | grep -v "\.mod\.c$")
if ! perl "$cp" --no-tree --strict --quiet --show-types --max-line-length=100 \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,CAMELCASE -f $files; then
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
out=$(make -s -C "$kdir" M="$lint/drivers/net/ethernet/e1k" W=1 C=2 modules 2>&1) || rc=1
# the kernel's own headers trip sparse in places we do not own
mine=$(echo "$out" | grep -E "^$lint/" | sed "s|$lint/||" || true)
if [ -n "$mine" ]; then
	echo "$mine"
	rc=1
fi
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
