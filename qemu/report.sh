#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make run`: boot one VM (TOPO=host, NIC=e1000, DRIVER=e1k unless told
# otherwise), bring the link up, ping, run iperf3 both ways, show ethtool,
# and print a short report.  Exit status is the guest script's
# (qemu/guest/report.sh): non-zero when any step of the report failed, 125
# when the guest never finished.  E1K_IPERF_PORT=N (qemu/guest/report.sh)
# points iperf3 at another port: the report's own test of a failing step.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
export NIC=${NIC:-e1000} DRIVER=${DRIVER:-e1k} TOPO=host E1K_NOUP=1
echo "make run: NIC=$NIC DRIVER=$DRIVER TOPO=$TOPO ACCEL=${ACCEL:-tcg}"
exec "$top/qemu/vm" -f "$top/qemu/guest/report.sh"
