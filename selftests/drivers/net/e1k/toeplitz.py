#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""toeplitz.py KEY SRC DST [SPORT DPORT]

The Toeplitz hash of a flow as a NIC computes its RSS hash (Microsoft's
RSS specification): over the source and destination address, then the
source and destination port for a 4-tuple, with KEY as `ethtool -x` prints
it (xx:xx:...).  Prints 0x%08x, as the net tracepoints print skb->hash.
"""
import ipaddress
import sys


def toeplitz(key: bytes, data: bytes) -> int:
    k = int.from_bytes(key, 'big')
    klen = len(key) * 8
    if len(data) * 8 + 32 > klen:
        raise ValueError('key too short for the input')
    h = 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (k >> (klen - 32 - i)) & 0xffffffff
    return h


def main(argv):
    if len(argv) not in (4, 6):
        sys.exit(__doc__)
    key = bytes(int(b, 16) for b in argv[1].split(':'))
    data = ipaddress.ip_address(argv[2]).packed + ipaddress.ip_address(argv[3]).packed
    if len(argv) == 6:
        data += int(argv[4]).to_bytes(2, 'big') + int(argv[5]).to_bytes(2, 'big')
    print(f'0x{toeplitz(key, data):08x}')


if __name__ == '__main__':
    main(sys.argv)
