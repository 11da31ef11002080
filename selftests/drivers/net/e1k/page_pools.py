#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""List a device's page pools, as `ynl --family netdev --dump page-pool-get`
would, without ynl (the guest has no kernel tree):

    page_pools.py IFINDEX

One line per pool: "<id> inflight <pages> detached <0|1>".  A pool the
driver destroyed stays listed, detached, for as long as pages it handed
out are not back: after a device's rings are gone, a detached pool with
pages in flight is a page leak (or a page still held by a socket).
Exit 4 (skip) if the kernel cannot list page pools (before 6.8).
"""

import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NETDEV_CMD_PAGE_POOL_GET = 5
PP_ID, PP_IFINDEX, PP_INFLIGHT, PP_DETACH_TIME = 1, 2, 4, 6
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3


def attrs(data):
    """{type: payload} of a run of netlink attributes"""
    out = {}
    while len(data) >= 4:
        alen, atype = struct.unpack_from('=HH', data)
        out[atype & 0x3fff] = data[4:alen]
        data = data[(alen + 3) & ~3:]
    return out


def uint(b):
    return int.from_bytes(b, sys.byteorder)


def request(s, ftype, flags, cmd, payload=b''):
    body = struct.pack('=BBH', cmd, 1, 0) + payload
    s.send(struct.pack('=IHHII', 16 + len(body), ftype, flags, 1, 0) + body)
    msgs = []
    while True:
        data = s.recv(65536)
        while data:
            mlen, mtype = struct.unpack_from('=IH', data)
            msg, data = data[16:mlen], data[(mlen + 3) & ~3:]
            if mtype == NLMSG_DONE:
                return msgs
            if mtype == NLMSG_ERROR:
                err = struct.unpack_from('=i', msg)[0]
                if err:
                    raise OSError(-err, os.strerror(-err))
                return msgs
            msgs.append(attrs(msg[4:]))
            if not flags & NLM_F_DUMP:
                return msgs


def nla(atype, payload):
    """one netlink attribute, padded"""
    a = struct.pack('=HH', 4 + len(payload), atype) + payload
    return a + b'\0' * (-len(a) % 4)


def netdev_dump(cmd, what, payload=b''):
    """the messages of a dump of the netdev genetlink family's CMD; exits 4
    (skip), naming WHAT, where the kernel has no such family (before 6.3)
    or no such command"""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    try:
        fam = request(s, GENL_ID_CTRL, NLM_F_REQUEST, CTRL_CMD_GETFAMILY,
                      nla(CTRL_ATTR_FAMILY_NAME, b'netdev\0'))
    except OSError:
        print('no netdev netlink family')
        sys.exit(4)
    fid = struct.unpack('=H', fam[0][CTRL_ATTR_FAMILY_ID][:2])[0]
    try:
        return request(s, fid, NLM_F_REQUEST | NLM_F_DUMP, cmd, payload)
    except OSError as e:
        print('no', what + ':', e)
        sys.exit(4)


def main():
    ifindex = int(sys.argv[1])
    # the family came in 6.3, its page pools only in 6.8
    pools = netdev_dump(NETDEV_CMD_PAGE_POOL_GET, 'page-pool-get')
    for p in pools:
        if PP_IFINDEX in p and uint(p[PP_IFINDEX]) == ifindex:
            print(uint(p[PP_ID]), 'inflight', uint(p.get(PP_INFLIGHT, b'\0')),
                  'detached', int(PP_DETACH_TIME in p))
    return 0


if __name__ == '__main__':
    sys.exit(main())
