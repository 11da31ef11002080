#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make run`: boot one VM (TOPO=host, NIC=e1000, DRIVER=e1k unless told
# otherwise), bring the link up, ping, run iperf3 both ways, show ethtool,
# and print a short report.  Exit status is the guest script's.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
export NIC=${NIC:-e1000} DRIVER=${DRIVER:-e1k} TOPO=host E1K_NOUP=1
echo "make run: NIC=$NIC DRIVER=$DRIVER TOPO=$TOPO ACCEL=${ACCEL:-tcg}"
exec "$top/qemu/vm" -f "$top/qemu/guest/report.sh"
