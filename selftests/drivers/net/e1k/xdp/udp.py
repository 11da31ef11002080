#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""UDP traffic for xdp.sh, run inside the guest.

  udp.py send HOST N [PORT]        send N datagrams, 2 ms apart
  udp.py echo HOST N [PORT]        send N and print how many came back
  udp.py recv ADDR N TIMEOUT [PORT]   print how many arrived at ADDR:PORT
  udp.py sniff IFNAME N TIMEOUT [PORT]  print how many UDP frames to PORT
                                   crossed IFNAME (AF_PACKET, any MAC/IP)
Counting stops at N or after TIMEOUT seconds of silence.
"""
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003


def send(host, n, port, sock=None):
    sock = sock or socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(n):
        sock.sendto(b"e1k-xdp-%06d" % i, (host, port))
        time.sleep(0.002)
    return sock


# The sender is started after "ready" and python takes seconds to start on
# a debug kernel under TCG: the first datagram gets FIRST_WAIT, later ones
# end the count after a gap of TIMEOUT.
FIRST_WAIT = 20


def count(sock, n, timeout, match=lambda pkt: True):
    got = 0
    while got < n:
        wait = timeout if got else max(timeout, FIRST_WAIT)
        ready, _, _ = select.select([sock], [], [], wait)
        if not ready:
            break
        if match(sock.recv(65535)):
            got += 1
    return got


def udp_to_port(port):
    def match(frame):
        if len(frame) < 42 or frame[12:14] != b"\x08\x00" or frame[23] != 17:
            return False
        ihl = (frame[14] & 0xF) * 4
        return struct.unpack("!H", frame[14 + ihl + 2:14 + ihl + 4])[0] == port
    return match


def main(argv):
    mode = argv[1]
    port = 9999
    if mode in ("send", "echo"):
        host, n = argv[2], int(argv[3])
        if len(argv) > 4:
            port = int(argv[4])
        sock = send(host, n, port)
        if mode == "echo":
            print(count(sock, n, 3))
        return 0
    where, n, timeout = argv[2], int(argv[3]), float(argv[4])
    if len(argv) > 5:
        port = int(argv[5])
    if mode == "recv":
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((where, port))
        print("ready", flush=True)
        print(count(sock, n, timeout))
    elif mode == "sniff":
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        sock.bind((where, 0))
        print("ready", flush=True)
        print(count(sock, n, timeout, udp_to_port(port)))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
