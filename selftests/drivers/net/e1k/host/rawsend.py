#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send COUNT raw Ethernet frames out of IFACE through an AF_PACKET socket.

    rawsend.py IFACE DST_MAC COUNT [VID]

The frames carry the sender's MAC as source, the local experimental
ethertype 0x88b5 and, with VID, an in-band 802.1Q tag (so no VLAN device
and no tag offload is involved on the sending side).
"""

import socket
import struct
import sys
import time


def mac(text):
    return bytes(int(b, 16) for b in text.split(':'))


def main():
    iface, dst, count = sys.argv[1], mac(sys.argv[2]), int(sys.argv[3])
    vid = int(sys.argv[4]) if len(sys.argv) > 4 else None
    with open(f'/sys/class/net/{iface}/address') as f:
        src = mac(f.read().strip())
    hdr = dst + src
    if vid is not None:
        hdr += struct.pack('!HH', 0x8100, vid)
    frame = hdr + struct.pack('!H', 0x88b5) + b'e1k-rxfilter'.ljust(64, b'\0')
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    for _ in range(count):
        s.send(frame)
        time.sleep(0.001)
    print(count)


if __name__ == '__main__':
    main()
