#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench-ab BASE=<rev>`: is this tree's e1k slower than BASE's?  One VM
# (NIC=e1000 by default, host topology) loads the two modules in turn,
# ROUNDS=8 times, and measures the small-frame TX paths and TCP each time.
# Unlike `make bench`, which boots once per driver and round, both modules
# share one boot: a boot's luck (IRQ and task placement, TCG's code cache)
# then weighs on both alike.  Results: results/ab-<stamp>.txt.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BASE=${BASE:?"make bench-ab: name the revision to compare with: BASE=<rev>"}
ROUNDS=${ROUNDS:-8}
. "$top/bench/base.sh"
base_rev=$(base_resolve "$top" "$BASE" "make bench-ab") || exit 2

work=$(mktemp -d "$top/build/ab.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ab"
base_ko=$(base_build "$top" "$base_rev" "$work/base") || exit 1
# the names sort base before this tree; ab-guest.sh alternates the order
cp "$base_ko" "$work/ab/a-base.ko"
cp "$top/drivers/net/ethernet/e1k/e1k.ko" "$work/ab/b-tree.ko"

mkdir -p "$top/results"
out=$top/results/ab-$(date -u +%Y%m%dT%H%M%SZ).txt
echo "make bench-ab: $ROUNDS rounds, base $base_rev vs this tree ($(git -C "$top" \
	describe --always --dirty)), NIC=${NIC:-e1000} -> $out"
NIC=${NIC:-e1000} TOPO=host E1K_RUN_TAG=ab E1K_AB_ROUNDS=$ROUNDS \
	E1K_BENCH_T=${BENCH_T:-4} VM_TIMEOUT=$((ROUNDS * 150 + 120)) \
	E1K_PAYLOAD="$work/ab $top/bench/pktgen.sh" \
	"$top/qemu/vm" -f "$top/bench/ab-guest.sh" > "$work/console.log" 2>&1 ||
	{ tail -n 20 "$work/console.log"; echo "make bench-ab: the VM failed"; exit 1; }

grep '^AB ' "$work/console.log" | tr -d '\r' | /usr/bin/python3 -c '
import statistics, sys
v = {}
for line in sys.stdin:
    _, rnd, mod, metric, val = line.split()
    v.setdefault(metric, {}).setdefault(rnd, {})[mod] = float(val)
print("| metric | base median [min-max] | tree median [min-max] | tree/base "
      "| tree ahead in |")
print("|---|---|---|---|---|")
for m, rounds in v.items():
    pairs = [(r["a-base"], r["b-tree"]) for r in rounds.values() if len(r) == 2]
    if not pairs:
        continue
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"| {m} | {ma:,.0f} [{min(a):,.0f}-{max(a):,.0f}] "
          f"| {mb:,.0f} [{min(b):,.0f}-{max(b):,.0f}] | {mb / ma:.2f} "
          f"| {sum(y > x for x, y in pairs)}/{len(pairs)} rounds |")
' | tee "$out"
