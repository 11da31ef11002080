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

echo "lint: checkpatch --strict"
files=$(ls "$mod"/*.[ch] "$top"/include/*.h)
if ! perl "$cp" --no-tree --strict --quiet --show-types --max-line-length=100 \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f $files; then
	rc=1
fi

echo "lint: sparse (C=2) and W=1"
make -s -C "$kdir" M="$mod" clean
out=$(make -s -C "$kdir" M="$mod" W=1 C=2 modules 2>&1) || rc=1
# the kernel's own headers trip sparse in places we do not own
mine=$(echo "$out" | grep -E "^($mod|$top/include)/" || true)
if [ -n "$mine" ]; then
	echo "$mine"
	rc=1
fi
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
