#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send hostile frames at the guest from the host side of its tap.

    flood.py IFACE DST_MAC DST_IP COUNT

Kinds: runts, oversized frames (beyond MTU 1500 and beyond the jumbo limit),
random bytes, VLAN tags the guest never joined, IPv4 with a bad header
checksum, UDP and TCP with bad checksums, IPv4 headers that lie about their
length.  Prints one line per kind: "<kind> <frames sent>".
"""

import os
import random
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from inet_csum import csum  # noqa: E402


def ipv4(src, dst, proto, payload, bad_csum=False, total=None, ihl=5):
    hdr = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, total or 20 + len(payload),
                      random.getrandbits(16), 0, 64, proto, 0, src, dst)
    c = csum(hdr)
    if bad_csum:
        c ^= 0x5a5a
    return hdr[:10] + struct.pack('!H', c) + hdr[12:] + payload


def main():
    ifname, dmac, dip, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    dst = bytes.fromhex(dmac.replace(':', ''))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    src = bytes.fromhex(open(f'/sys/class/net/{ifname}/address').read().strip().replace(':', ''))
    sip = socket.inet_aton('192.0.2.1')
    dipb = socket.inet_aton(dip)
    eth = dst + src
    rnd = random.Random(1)

    def udp(bad):
        payload = os.urandom(64)
        u = struct.pack('!HHHH', 4000, 9, 8 + len(payload), 0) + payload
        pseudo = sip + dipb + struct.pack('!BBH', 0, 17, len(u))
        c = csum(pseudo + u)
        if bad:
            # a zero UDP checksum means "none" and passes: one payload in
            # 65,536 would turn the spoiled sum into that
            c = (c ^ 0x1234) or 0x4321
        return u[:6] + struct.pack('!H', c or 0xffff) + u[8:]

    def tcp_bad():
        t = struct.pack('!HHIIBBHHH', 4000, 9, 1, 0, 5 << 4, 0x02, 1024, 0xdead, 0)
        return t

    kinds = {
        'runt_14': lambda: eth + b'\x08\x00',
        'runt_30': lambda: eth + b'\x08\x00' + os.urandom(16),
        'oversize_1600': lambda: eth + b'\x08\x00' + os.urandom(1586),
        'oversize_9000': lambda: eth + b'\x08\x00' + os.urandom(8986),
        'random_bytes': lambda: eth + os.urandom(rnd.randint(2, 1500)),
        'unknown_vlan': lambda: eth + struct.pack('!HH', 0x8100, 1234) + b'\x08\x00' +
        ipv4(sip, dipb, 17, udp(False)),
        'ipv4_bad_hdr_csum': lambda: eth + b'\x08\x00' + ipv4(sip, dipb, 17, udp(False), True),
        'udp_bad_csum': lambda: eth + b'\x08\x00' + ipv4(sip, dipb, 17, udp(True)),
        'tcp_bad_csum': lambda: eth + b'\x08\x00' + ipv4(sip, dipb, 6, tcp_bad()),
        'ipv4_len_lies': lambda: eth + b'\x08\x00' + ipv4(sip, dipb, 17, udp(False), total=4000),
        'ipv4_ihl_short': lambda: eth + b'\x08\x00' + ipv4(sip, dipb, 17, udp(False), ihl=3),
    }
    # a packet socket refuses frames beyond the tap's MTU: lift it while
    # flooding so oversized frames reach the wire
    mtu = open(f'/sys/class/net/{ifname}/mtu').read().strip()
    subprocess.run(['ip', 'link', 'set', ifname, 'mtu', '9100'], check=True)
    try:
        send_all(s, kinds, count)
    finally:
        subprocess.run(['ip', 'link', 'set', ifname, 'mtu', mtu], check=True)


def send_all(s, kinds, count):
    for name, make in kinds.items():
        sent = 0
        for i in range(count):
            # paced, so the tap's queue never overflows and every frame
            # reaches the guest: the guest asserts on exact counts
            if i % 32 == 31:
                time.sleep(0.005)
            try:
                s.send(make())
                sent += 1
            except OSError:
                pass        # the tap's queue is full: count only what went
        print(name, sent)


if __name__ == '__main__':
    main()
