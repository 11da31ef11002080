#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: e1k vs the in-tree e1000 vs virtio-net, host topology.
# ROUNDS rounds (default 3); each round boots one VM per driver, alternating
# e1k, e1000, virtio-net, and runs bench/guest.sh, which measures every
# metric in that boot.  Results: results/bench-<UTC timestamp>/ with
# results.json (every sample), results.md (medians and ratios), chart.png,
# and per-boot console logs; results/latest points at the newest.
#
# Knobs: ROUNDS=3  BENCH_T=4 (seconds per throughput test)
#        BENCH_DRIVERS="e1k e1000 virtio"; also e1k-82574l and e1000e: e1k
#        and the in-tree driver on the 82574L (NIC=e1000e, q35), reported
#        in a table of their own.  SMP, MEM, ACCEL as for qemu/vm
#        BASE=<git rev>  also e1k as built from that revision ("base"), in
#                        the same rounds: is this change slower?
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
BENCH_T=${BENCH_T:-4}
BENCH_DRIVERS=${BENCH_DRIVERS:-e1k e1000 virtio}
BASE=${BASE:-}
. "$top/bench/base.sh"
if [ -n "$BASE" ]; then
	base_rev=$(base_resolve "$top" "$BASE" "make bench") || exit 2
	case " $BENCH_DRIVERS " in *" base "*) ;; *) BENCH_DRIVERS="$BENCH_DRIVERS base" ;; esac
fi
PY=/usr/bin/python3

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=$top/results/bench-$stamp
mkdir -p "$out/logs"
ln -sfn "bench-$stamp" "$top/results/latest"
start=$SECONDS
echo "make bench: $ROUNDS rounds x [$BENCH_DRIVERS], ${BENCH_T}s per test -> $out"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Boot from a private snapshot of qemu/, bench/ and e1k.ko: bash reads a script as
# it runs, and other people edit qemu/vm and rebuild e1k.ko while a bench
# runs; every boot of one bench must use the same harness and module.
snap=$top/build/bench-tree.$stamp
mkdir -p "$snap/drivers/net/ethernet/e1k" "$snap/selftests"
cp -r "$top/qemu" "$top/bench" "$snap/"
# Stripped of debug info, as distributions ship modules (INSTALL_MOD_STRIP):
# insmod of the 5 MB unstripped file moved MemAvailable by megabytes either
# way, and the memory rows are to measure the driver, not the loader.
strip --strip-debug -o "$snap/drivers/net/ethernet/e1k/e1k.ko" \
	"$top/drivers/net/ethernet/e1k/e1k.ko"
# the guest's helpers (qemu/guest/lib.sh sources them from the payload)
mkdir -p "$snap/selftests/drivers/net/e1k"
cp "$top/selftests/drivers/net/e1k/helpers.sh" "$snap/selftests/drivers/net/e1k/"
vm=$snap/qemu/vm
if [ -n "$BASE" ]; then
	# the baseline module, from its revision's sources, for the same kernel
	base_ko=$(base_build "$top" "$base_rev" "$snap/base") || exit 1
	strip --strip-debug "$base_ko"
fi
"$top/selftests/drivers/net/e1k/xdp/build.sh" "$snap/xdp-progs"
export BUILD=$top/build
trap 'rm -rf "$snap"' EXIT

# machine, QEMU, kernel, load: recorded once, load also per boot
{
	echo "stamp=$stamp"
	echo "host_kernel=$(uname -r)"
	echo "cpu_model=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)"
	echo "host_cpus=$(nproc)"
	echo "qemu=$(qemu-system-x86_64 --version | head -n1)"
	echo "guest_kernel=$(cat "$top/build/kver" 2>/dev/null)"
	echo "accel=${ACCEL:-tcg}"
	echo "smp=${SMP:-2}"
	echo "mem=${MEM:-1024}"
	echo "git=$(git -C "$top" describe --always --dirty 2>/dev/null)"
	echo "rounds=$ROUNDS"
	echo "bench_t=$BENCH_T"
	echo "e1k_ko_md5=$(md5sum < "$snap/drivers/net/ethernet/e1k/e1k.ko" | cut -c1-12)"
	[ -z "$BASE" ] || echo "base=$base_rev"
	echo "loadavg_start=$(loadavg)"
} > "$out/meta.txt"

: > "$out/samples.tsv"   # driver round metric value
: > "$out/errors.tsv"    # driver round metric reason
for r in $(seq 1 "$ROUNDS"); do
	for d in $BENCH_DRIVERS; do
		ko=$snap/drivers/net/ethernet/e1k/e1k.ko
		case $d in
		e1k) nic=e1000 drv=e1k ;;
		e1000) nic=e1000 drv=e1000 ;;
		e1000e) nic=e1000e drv=e1000e ;;	# the in-tree driver on the 82574L
		e1k-82574l) nic=e1000e drv=e1k ;;
		virtio) nic=virtio-net drv=e1k ;;
		base) nic=e1000 drv=e1k ko=$base_ko ;;
		*) echo "unknown driver $d"; continue ;;
		esac
		log=$out/logs/$d-r$r.log
		l0=$(loadavg)
		t0=$SECONDS
		NIC=$nic DRIVER=$drv TOPO=host E1K_BENCH_T=$BENCH_T E1K_RUN_TAG=bench E1K_KO=$ko \
			VM_TIMEOUT=${VM_TIMEOUT:-500} \
			E1K_PAYLOAD="$snap/xdp-progs $snap/bench/pktgen.sh" \
			"$vm" -f "$snap/bench/guest.sh" > "$log" 2>&1
		rc=$?
		l1=$(loadavg)
		n=$(grep -c '^BENCH ' "$log")
		awk -v d="$d" -v r="$r" '$1=="BENCH"{print d "\t" r "\t" $2 "\t" $3}' "$log" >> "$out/samples.tsv"
		awk -v d="$d" -v r="$r" '$1=="BENCH-ERR"{m=$2; $1=$2=""; sub(/^ +/,""); print d "\t" r "\t" m "\t" $0}' \
			"$log" >> "$out/errors.tsv"
		printf '%s\t%s\tinfo_host_loadavg\t%s\n' "$d" "$r" "${l0%% *}/${l1%% *}" >> "$out/samples.tsv"
		printf '%s\t%s\tinfo_boot_seconds\t%s\n' "$d" "$r" $((SECONDS - t0)) >> "$out/samples.tsv"
		[ "$rc" = 0 ] || printf '%s\t%s\tvm\texit status %s\n' "$d" "$r" "$rc" >> "$out/errors.tsv"
		echo "round $r $d: rc=$rc, $n values, $((SECONDS - t0)) s, load $l0 -> $l1"
	done
done
echo "loadavg_end=$(loadavg)" >> "$out/meta.txt"
echo "elapsed_s=$((SECONDS - start))" >> "$out/meta.txt"

$PY "$top/bench/report.py" "$out" || echo "report.py failed"
if [ -f "$out/chart.dat" ]; then
	(cd "$out" && gnuplot chart.gp) || echo "gnuplot failed"
fi
echo
cat "$out/results.md" 2>/dev/null
echo
echo "make bench: done in $((SECONDS - start)) s -> $out (results/latest)"
