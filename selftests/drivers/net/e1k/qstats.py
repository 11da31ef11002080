#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A device's queue statistics summed over its queues, as
`ynl --family netdev --dump qstats-get` would, without ynl:

    qstats.py IFINDEX

One "<name> <value>" line per counter the driver reports (rx-packets,
rx-csum-unnecessary, ...; the uapi names).  Exit 4 (skip) if the kernel or
the driver has no qstats (before 6.8, or no netdev_stat_ops).
Without a scope the kernel sums the queues and the driver's base.
"""

import sys

from page_pools import netdev_dump, nla, uint

NETDEV_CMD_QSTATS_GET = 12
QSTATS_IFINDEX = 1
# include/uapi/linux/netdev.h, from NETDEV_A_QSTATS_RX_PACKETS (8) on
NAMES = ['rx-packets', 'rx-bytes', 'tx-packets', 'tx-bytes', 'rx-alloc-fail',
         'rx-hw-drops', 'rx-hw-drop-overruns', 'rx-csum-complete',
         'rx-csum-unnecessary', 'rx-csum-none', 'rx-csum-bad',
         'rx-hw-gro-packets', 'rx-hw-gro-bytes', 'rx-hw-gro-wire-packets',
         'rx-hw-gro-wire-bytes', 'rx-hw-drop-ratelimits', 'tx-hw-drops',
         'tx-hw-drop-errors', 'tx-csum-none', 'tx-needs-csum',
         'tx-hw-gso-packets', 'tx-hw-gso-bytes', 'tx-hw-gso-wire-packets',
         'tx-hw-gso-wire-bytes', 'tx-hw-drop-ratelimits', 'tx-stop', 'tx-wake']


def main():
    ifindex = int(sys.argv[1])
    # no qstats-get before 6.8; EOPNOTSUPP from a driver without qstats
    msgs = netdev_dump(NETDEV_CMD_QSTATS_GET, 'qstats',
                       nla(QSTATS_IFINDEX, ifindex.to_bytes(4, sys.byteorder)))
    got = [m for m in msgs if uint(m.get(QSTATS_IFINDEX, b'\0')) == ifindex]
    if not got:
        print('no qstats for ifindex', ifindex)
        return 4
    for i, name in enumerate(NAMES):
        if i + 8 in got[0]:
            print(name, uint(got[0][i + 8]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
