#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send flows of tiny TCP segments for GRO to merge into GSO packets.

    tso_send.py [--plan] [--sizes LIST] [--counts LIST] [--min-len N]
                [--max-len N] [--flows S:K:R,...] IFACE DST_MAC SRC_IP DST_IP PORT0

Flow i goes to TCP port PORT0 + i: k segments of s payload bytes, then for
some flows one shorter segment of r bytes (0 < r < s), with consecutive
sequence numbers, flag ACK only, DF set, the IP id incrementing by one and
a fixed TTL: what GRO merges into one packet with gso_size s.  For every
size s in --sizes and count k in --counts there is a flow with r = 0 (the
payload an exact multiple of s), and, where s allows, flows with r = s - 1
(k = 2, 3 and 16) and r = 1 (k = 7); --min-len and --max-len leave out
those of fewer or more payload bytes.  --flows adds flows of exactly S:K:R.

The frames go out through a PACKET_TX_RING, so IP and TCP headers and the
payload sit in page fragments: veth copies them into a fresh page for the
peer and GRO appends that page to the merged packet's frags.  (A plain
send() gives a linear kmalloc'ed skb, which GRO chains on a frag_list; a
device without NETIF_F_FRAGLIST then gets the packet segmented in software
and its TSO path never runs.)  Whole flows are sent in bursts of at most
BURST frames, one send() each: the netem slot on IFACE releases a burst at
once, and the peer's NAPI poll (budget 64) sees all of it.

The payload is a deterministic pseudo-random function of the port, so
--plan prints what a send would without sending anything.  Output, one line
per flow and a total:
    flow PORT S K R LEN SHA256
    total FLOWS SEGMENTS BYTES BURSTS
"""

import argparse
import hashlib
import mmap
import random
import socket
import struct
import sys

from inet_csum import csum

SOL_PACKET = 263
PACKET_VERSION = 10
PACKET_TX_RING = 13
TPACKET_V2 = 1
TP_STATUS_AVAILABLE = 0
TP_STATUS_SEND_REQUEST = 1
TP_STATUS_WRONG_FORMAT = 4
# tpacket2_hdr is 32 bytes; TX data starts at tp_hdrlen - sizeof(sockaddr_ll)
TP2_DATA = 32
FRAME = 2048            # two frames a page: a frame never crosses a page
BLOCK = 4096
BURST = 64              # NAPI budget, dev_tx_weight and the netem slot
SPORT = 33000
TTL = 64
IP_DF = 0x4000
TCP_ACK = 0x10
ACK_SEQ = 0x12345678
WINDOW = 8192


def int_list(text):
    out = []
    for part in text.split(','):
        if '-' in part:
            lo, hi = part.split('-')
            out.extend(range(int(lo), int(hi) + 1))
        elif part:
            out.append(int(part))
    return out


def plan(sizes, counts, extra, min_len, max_len):
    flows = []
    for s in sizes:
        for k in counts:
            flows.append((s, k, 0))
            if s > 1 and k in (2, 3, 16):
                flows.append((s, k, s - 1))
            if s > 2 and k == 7:
                flows.append((s, k, 1))
    flows = [f for f in flows if min_len <= f[0] * f[1] + f[2] <= max_len]
    flows.extend(extra)
    for s, k, r in flows:
        if s < 1 or k < 1 or r < 0 or r >= s or s > 1460:
            sys.exit(f'bad flow {s}:{k}:{r}')
        # GRO appends one page fragment per segment: at most 17 in all
        if k + (r > 0) > 17:
            sys.exit(f'flow {s}:{k}:{r}: more than 17 segments')
    return flows


class Flow:
    def __init__(self, port, s, k, r):
        self.port, self.s, self.k, self.r = port, s, k, r
        rnd = random.Random(port)
        self.payload = rnd.randbytes(k * s + r)
        self.isn = rnd.getrandbits(32)
        self.ipid = rnd.getrandbits(16)

    def sizes(self):
        return [self.s] * self.k + ([self.r] if self.r else [])

    def frames(self, eth, src, dst):
        off = 0
        for i, n in enumerate(self.sizes()):
            data = self.payload[off:off + n]
            seq = (self.isn + off) & 0xffffffff
            tcp = struct.pack('!HHIIBBHHH', SPORT, self.port, seq, ACK_SEQ,
                              5 << 4, TCP_ACK, WINDOW, 0, 0) + data
            pseudo = src + dst + struct.pack('!BBH', 0, socket.IPPROTO_TCP, len(tcp))
            tcp = tcp[:16] + struct.pack('!H', csum(pseudo + tcp)) + tcp[18:]
            ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp),
                             (self.ipid + i) & 0xffff, IP_DF, TTL,
                             socket.IPPROTO_TCP, 0, src, dst)
            ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
            yield eth + ip + tcp
            off += n


def send(ifname, bursts, nframes):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    s.setsockopt(SOL_PACKET, PACKET_VERSION, TPACKET_V2)
    per_block = BLOCK // FRAME
    blocks = (nframes + per_block - 1) // per_block
    # a frame per segment, none reused: no frame is rewritten while the
    # kernel may still read it
    s.setsockopt(SOL_PACKET, PACKET_TX_RING,
                 struct.pack('IIII', BLOCK, blocks, FRAME, blocks * per_block))
    # send() waits until the burst left netem; never forever
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack('ll', 10, 0))
    s.bind((ifname, 0))
    ring = mmap.mmap(s.fileno(), BLOCK * blocks, mmap.MAP_SHARED,
                     mmap.PROT_READ | mmap.PROT_WRITE)
    slot = 0
    for burst in bursts:
        first = slot
        want = 0
        for frame in burst:
            base = slot * FRAME
            ring[base + TP2_DATA:base + TP2_DATA + len(frame)] = frame
            struct.pack_into('I', ring, base + 4, len(frame))      # tp_len
            struct.pack_into('I', ring, base, TP_STATUS_SEND_REQUEST)
            want += len(frame)
            slot += 1
        sent = s.send(b'')
        for i in range(first, slot):
            st = struct.unpack_from('I', ring, i * FRAME)[0]
            if st == TP_STATUS_WRONG_FORMAT:
                sys.exit(f'frame {i}: wrong format')
        if sent != want:
            sys.exit(f'burst of {len(burst)} frames: sent {sent} of {want} bytes')
    ring.close()
    s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--plan', action='store_true', help='print the flows, send nothing')
    ap.add_argument('--sizes', default='1-16')
    ap.add_argument('--counts', default='2,3,7,16')
    ap.add_argument('--flows', default='', help='more flows, S:K:R,...')
    ap.add_argument('--min-len', type=int, default=0,
                    help='leave out --sizes/--counts flows of fewer payload bytes')
    ap.add_argument('--max-len', type=int, default=1 << 20,
                    help='... and of more')
    ap.add_argument('ifname')
    ap.add_argument('dst_mac')
    ap.add_argument('src_ip')
    ap.add_argument('dst_ip')
    ap.add_argument('port0', type=int)
    a = ap.parse_args()

    extra = [tuple(int(x) for x in f.split(':')) for f in a.flows.split(',') if f]
    flows = [Flow(a.port0 + i, *f)
             for i, f in enumerate(plan(int_list(a.sizes), int_list(a.counts), extra,
                                           a.min_len, a.max_len))]

    # whole flows, at most BURST frames a burst
    bursts = []
    for f in flows:
        if bursts and sum(len(g.sizes()) for g in bursts[-1]) + len(f.sizes()) <= BURST:
            bursts[-1].append(f)
        else:
            bursts.append([f])
    nframes = sum(len(f.sizes()) for f in flows)

    if not a.plan:
        eth = bytes.fromhex(a.dst_mac.replace(':', ''))
        with open(f'/sys/class/net/{a.ifname}/address') as fh:
            eth += bytes.fromhex(fh.read().strip().replace(':', ''))
        eth += b'\x08\x00'
        src, dst = socket.inet_aton(a.src_ip), socket.inet_aton(a.dst_ip)
        send(a.ifname, [[fr for f in b for fr in f.frames(eth, src, dst)] for b in bursts],
             nframes)

    for f in flows:
        print('flow', f.port, f.s, f.k, f.r, len(f.payload),
              hashlib.sha256(f.payload).hexdigest())
    print('total', len(flows), nframes, sum(len(f.payload) for f in flows), len(bursts))


if __name__ == '__main__':
    main()
