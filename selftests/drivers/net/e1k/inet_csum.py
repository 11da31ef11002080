# SPDX-License-Identifier: GPL-2.0
"""The Internet checksum (RFC 1071), shared by the tests' packet builders
(tso_send.py in the guest) and checkers (host/*.py on the host)."""
import struct


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack(f'!{len(data) // 2}H', data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
