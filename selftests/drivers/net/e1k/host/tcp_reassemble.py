#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Capture the TCP segments the guest sends to 192.0.2.1 and reassemble them.

    tcp_reassemble.py [--ready FILE] [--timeout S] [--idle S] IFACE PORT_LO PORT_HI BYTES

Collects the IPv4 TCP segments to 192.0.2.1 whose destination port is in
PORT_LO..PORT_HI arriving on IFACE, one flow per port.  Checks every
segment's IPv4 header and TCP checksums, counts segments without payload,
and puts each flow's payload together by sequence number.  A frame the tap
took with its checksum still to be filled in (TP_STATUS_CSUMNOTREADY: a
NIC model that hands TSO and checksums to the host through a virtio-net
header, such as QEMU's e1000e) is a whole GSO packet: its TCP checksum
field must then hold the pseudo-header sum the host completes.  Prints
"listening on IFACE" (and creates FILE) once the socket captures; stops
once BYTES distinct payload bytes arrived (plus a second for trailing
frames), after S seconds without a frame, or after --timeout.  Then, per
flow seen:
    flow PORT LEN SHA256 SEGMENTS EMPTY BADCSUM HOLES CONFLICTS PARTIAL
LEN is the span from the lowest to the highest sequence number, HOLES the
bytes of it never received (hashed as zeros), CONFLICTS the bytes received
twice with different values, PARTIAL the frames whose checksum the host
completes.  Last line: "total FLOWS SEGMENTS BYTES".
"""

import argparse
import hashlib
import os
import signal
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from inet_csum import csum  # noqa: E402

ETH_P_IP = 0x0800
SO_RCVBUFFORCE = 33
PACKET_OUTGOING = 4
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_CSUMNOTREADY = 1 << 3
AUXDATA = struct.Struct('=IIIHHHH')     # struct tpacket_auxdata
DST = socket.inet_aton('192.0.2.1')


class Flow:
    def __init__(self):
        self.segs = []          # (seq, payload)
        self.empty = 0
        self.bad = 0
        self.partial = 0

    def assemble(self):
        """(bytes, holes, conflicts), relative to the lowest sequence number"""
        if not self.segs:
            return b'', 0, 0
        base = self.segs[0][0]
        rel = [(((seq - base + (1 << 31)) & 0xffffffff) - (1 << 31), d) for seq, d in self.segs]
        lo = min(r for r, _ in rel)
        end = max(r + len(d) for r, d in rel) - lo
        data = bytearray(end)
        have = bytearray(end)
        conflicts = 0
        for r, d in rel:
            o = r - lo
            for i, b in enumerate(d):
                if have[o + i] and data[o + i] != b:
                    conflicts += 1
                data[o + i] = b
                have[o + i] = 1
        return bytes(data), end - sum(have), conflicts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ready', help='file to create once capturing')
    ap.add_argument('--timeout', type=float, default=60)
    ap.add_argument('--idle', type=float, default=5)
    ap.add_argument('ifname')
    ap.add_argument('port_lo', type=int)
    ap.add_argument('port_hi', type=int)
    ap.add_argument('bytes', type=int)
    a = ap.parse_args()
    # hostctl kill, or the VM's end, must not leave FILE behind
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    try:
        s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
    except OSError:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 << 20)
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((a.ifname, 0))
    s.settimeout(0.2)
    print('listening on', a.ifname, flush=True)
    if a.ready:
        with open(a.ready, 'w') as f:
            f.write('listening\n')

    flows = {}
    seen = set()                # (port, seq) of every payload byte
    start = time.monotonic()
    last = None
    done_at = None
    try:
        while True:
            now = time.monotonic()
            if now - start > a.timeout:
                break
            if last is not None and now - last > a.idle:
                break
            if done_at is not None and now - done_at > 1:
                break
            try:
                frame, anc, _, addr = s.recvmsg(1 << 17, socket.CMSG_SPACE(AUXDATA.size))
            except socket.timeout:
                continue
            status = 0
            for level, kind, data in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA:
                    status = AUXDATA.unpack_from(data)[0]
            if addr[2] == PACKET_OUTGOING or len(frame) < 34:
                continue
            if struct.unpack_from('!H', frame, 12)[0] != ETH_P_IP:
                continue
            ip = frame[14:]
            ihl = (ip[0] & 0xf) * 4
            if ip[0] >> 4 != 4 or ihl < 20 or ip[9] != socket.IPPROTO_TCP or ip[16:20] != DST:
                continue
            tot = struct.unpack_from('!H', ip, 2)[0]
            if tot > len(ip) or tot < ihl + 20:
                continue
            ip = ip[:tot]           # the wire pads short frames
            tcp = ip[ihl:]
            sport, dport, seq = struct.unpack_from('!HHI', tcp, 0)
            if not a.port_lo <= dport <= a.port_hi:
                continue
            last = now
            fl = flows.setdefault(dport, Flow())
            pseudo = ip[12:20] + struct.pack('!BBH', 0, socket.IPPROTO_TCP, len(tcp))
            if status & TP_STATUS_CSUMNOTREADY:
                # the field holds the folded pseudo-header sum (0 and
                # 0xffff are the same in ones' complement)
                fl.partial += 1
                want = ~csum(pseudo) & 0xffff
                have = struct.unpack_from('!H', tcp, 16)[0]
                if csum(ip[:ihl]) or (want != have and {want, have} - {0, 0xffff}):
                    fl.bad += 1
            elif csum(ip[:ihl]) or csum(pseudo + tcp):
                fl.bad += 1
            doff = (tcp[12] >> 4) * 4
            payload = tcp[doff:]
            fl.segs.append((seq, payload))
            if not payload:
                fl.empty += 1
            for i in range(len(payload)):
                seen.add((dport, (seq + i) & 0xffffffff))
            if done_at is None and len(seen) >= a.bytes:
                done_at = now
    finally:
        if a.ready:
            try:
                os.unlink(a.ready)
            except OSError:
                pass

    total = 0
    for port in sorted(flows):
        fl = flows[port]
        data, holes, conflicts = fl.assemble()
        total += len(data)
        print('flow', port, len(data), hashlib.sha256(data).hexdigest(), len(fl.segs),
              fl.empty, fl.bad, holes, conflicts, fl.partial)
    print('total', len(flows), sum(len(f.segs) for f in flows.values()), total)


if __name__ == '__main__':
    main()
