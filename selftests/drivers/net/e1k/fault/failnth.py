#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fail e1k's allocations one at a time, during one operation after another.

  failnth.py scope MODULE.ko           print e1k's .text range (start end)
  failnth.py symbol NAME               print a kernel function's range
  failnth.py walk bind PCI_ADDR        probe (write to e1k's sysfs bind file)
  failnth.py walk up IFACE             open (SIOCSIFFLAGS)
  failnth.py walk rings IFACE RX TX    ring resize (ETHTOOL_SRINGPARAM)
  failnth.py walk selftest IFACE       offline self-test (ETHTOOL_TEST)
  failnth.py walk mtu IFACE MTU        MTU change (SIOCSIFMTU)

A walk runs the operation with its 1st, 2nd, 3rd, ... allocation failed
until a run makes fewer allocations than that, checking after each run that
the operation's result matches the device's state, and putting the device
back for the next run.  Past the first DENSE allocations only every STEP-th
is failed: those are the RX ring's pages, one call site repeated per buffer.
Open also fails its last TAIL allocations, STEP or not: its IRQ requests.

/proc/thread-self/fail-nth counts only this thread's calls into failslab and
fail_page_alloc that pass their stack filter (set to e1k's .text by the
caller), so the operations run in this process.  Prints "ALLOCS FAILED
ERRNO-COUNTS" on success; exits 1 with the reason otherwise.
"""
import array
import collections
import errno
import fcntl
import os
import re
import socket
import struct
import sys

SIOCGIFFLAGS, SIOCSIFFLAGS, SIOCETHTOOL = 0x8913, 0x8914, 0x8946
SIOCGIFMTU, SIOCSIFMTU = 0x8921, 0x8922
ETHTOOL_GRINGPARAM, ETHTOOL_SRINGPARAM, ETHTOOL_TEST = 0x10, 0x11, 0x1a
ETH_TEST_FL_OFFLINE, ETH_TEST_FL_FAILED = 1, 2
SELFTESTS = 5
IFF_UP = 0x1
DENSE, STEP, TAIL, MAX_NTH = 24, 16, 8, 4000
DRV = '/sys/bus/pci/drivers/e1k/'


def text_range(ko):
    """e1k's loaded .text: its start from sysfs, its size from the ELF."""
    with open(ko, 'rb') as f:
        elf = f.read()
    shoff, = struct.unpack_from('<Q', elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', elf, 0x3a)

    def sect(i):
        # name, type, flags, addr, offset, size
        return struct.unpack_from('<IIQQQQ', elf, shoff + i * shentsize)
    stroff = sect(shstrndx)[4]
    for i in range(shnum):
        name_off, _, _, _, _, size = sect(i)
        end = elf.index(b'\0', stroff + name_off)
        if elf[stroff + name_off:end] == b'.text':
            with open('/sys/module/e1k/sections/.text') as s:
                start = int(s.read(), 16)
            return start, start + size
    raise SystemExit('no .text in ' + ko)


def symbol_range(name):
    """From /proc/kallsyms: NAME's address up to the next symbol's."""
    addrs, start = [], None
    with open('/proc/kallsyms') as f:
        for line in f:
            a, t, n = line.split()[:3]
            if t in 'tT':
                addrs.append(int(a, 16))
                if n == name:
                    start = int(a, 16)
    if start is None:
        raise SystemExit('no symbol ' + name)
    return start, min(a for a in addrs if a > start)


SOCK = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)


def ifreq(name, fmt='', *vals):
    return struct.pack('16s' + fmt, name.encode(), *vals).ljust(40, b'\0')


def flags(name):
    return struct.unpack_from('H', fcntl.ioctl(SOCK, SIOCGIFFLAGS, ifreq(name)), 16)[0]


def set_up(name, up):
    f = flags(name)
    fcntl.ioctl(SOCK, SIOCSIFFLAGS, ifreq(name, 'H', f | IFF_UP if up else f & ~IFF_UP))


def irqs(name):
    """Lines of /proc/interrupts with a handler named NAME or NAME-<vector>."""
    pat = re.compile(r'(\s|,)%s(-\S+)?(,|$)' % re.escape(name))
    with open('/proc/interrupts') as f:
        return [' '.join(line.split()) for line in f if pat.search(line.rstrip())]


def ringparam(name):
    """struct ethtool_ringparam in a buffer the kernel reads and writes."""
    ring = array.array('I', [ETHTOOL_GRINGPARAM] + [0] * 8)
    fcntl.ioctl(SOCK, SIOCETHTOOL, ifreq(name, 'Q', ring.buffer_info()[0]))
    return ring


def rings(name):
    # cmd, rx/rx_mini/rx_jumbo/tx max, rx, rx_mini, rx_jumbo, tx pending
    r = ringparam(name)
    return r[5], r[8]


def set_rings_req(name, rx, tx):
    """A ready request, so that arming fail-nth and calling allocate nothing."""
    ring = ringparam(name)
    ring[0], ring[5], ring[8] = ETHTOOL_SRINGPARAM, rx, tx
    req = ifreq(name, 'Q', ring.buffer_info()[0])
    return ring, req


class Walk:
    def __init__(self):
        self.ctl = os.open('/proc/thread-self/fail-nth', os.O_RDWR)

    def run(self, nth, call):
        """Call with the nth filtered allocation failed: (fired, errno, the
        number of allocations made if it did not fire)."""
        os.write(self.ctl, str(nth).encode())
        err = 0
        try:
            call()
        except OSError as e:
            err = e.errno
        left = int(os.pread(self.ctl, 32, 0) or b'0')
        os.write(self.ctl, b'0')
        return not left, err, nth - left

    def step(self, n, call, check, errs):
        """One run with the nth allocation failed, checked; (fired, errno,
        allocations made)."""
        fired, err, allocs = self.run(n, call)
        if fired:
            errs[errno.errorcode.get(err, str(err)) if err else 'ok'] += 1
        try:
            check(fired, err)
        except AssertionError as e:
            raise SystemExit('allocation %d: %s' % (n, e))
        if not fired and err:
            raise SystemExit('failed with %s with nothing injected' %
                             errno.errorcode.get(err, err))
        return fired, err, allocs

    def walk(self, call, check, undo=None):
        """check(fired, err) raises on a wrong state and restores the device
        after an injected failure.  With undo (which reverses a successful
        call), the last TAIL allocations are failed too, whatever STEP
        skipped: what an operation does last (open: request its IRQs) is
        where a late failure must unwind the most."""
        n, failed, errs = 1, 0, collections.Counter()
        top = 0     # the highest allocation failed: a run may make fewer
        while n <= MAX_NTH:
            fired, _, allocs = self.step(n, call, check, errs)
            if not fired:
                break
            failed, top = failed + 1, n
            n = n + 1 if n < DENSE else n + STEP
        else:
            raise SystemExit('still allocating after %d' % MAX_NTH)
        tail = [m for m in range(max(DENSE, allocs - TAIL) + 1, allocs + 1)
                if (m - DENSE) % STEP]
        if undo and tail:
            for m in tail:
                undo()
                fired, _, _ = self.step(m, call, check, errs)
                failed += fired
                top = max(top, m) if fired else top
            # and the operation as the walk found it: done, nothing injected
            undo()
            try:
                call()
            except OSError as e:
                raise SystemExit('failed with %s after the tail, with nothing injected' %
                                 errno.errorcode.get(e.errno, e.errno))
            check(False, 0)
        return max(allocs, top), failed, errs


def walk_bind(w, addr):
    fd = os.open(DRV + 'bind', os.O_WRONLY)

    def check(fired, err):
        bound = os.path.exists(DRV + addr)
        assert bound == (err == 0), 'bind returned %s but the device is %sbound' % (
            errno.errorcode.get(err, err), '' if bound else 'not ')
        if fired and bound:
            with open(DRV + 'unbind', 'w') as f:
                f.write(addr)
    return w.walk(lambda: os.write(fd, addr.encode()), check)


def walk_up(w, name):
    req_up = ifreq(name, 'H', flags(name) | IFF_UP)

    def check(fired, err):
        up = bool(flags(name) & IFF_UP)
        assert up == (err == 0), 'open returned %s but the interface is %s' % (
            errno.errorcode.get(err, err), 'up' if up else 'down')
        if fired and up:
            set_up(name, False)
        # open requests its IRQs one vector after the other: a failure
        # after the first must free what came before it
        left = irqs(name) if not up or fired else []
        assert not left, 'down after open returned %s, yet IRQs requested: %s' % (
            errno.errorcode.get(err, err) if err else 'ok', '; '.join(left))
    set_up(name, False)
    return w.walk(lambda: fcntl.ioctl(SOCK, SIOCSIFFLAGS, req_up), check,
                  lambda: set_up(name, False))


def walk_rings(w, name, rx, tx):
    old = rings(name)
    ring_new, req_new = set_rings_req(name, rx, tx)  # ring_new: the buffer req points to

    def check(fired, err):
        now = rings(name)
        want = (rx, tx) if err == 0 else old
        assert now == want, 'resize returned %s, rings %s, expected %s' % (
            errno.errorcode.get(err, err), now, want)
        assert flags(name) & IFF_UP, 'the interface went down'
        if fired and err == 0:
            _, req_old = set_rings_req(name, *old)
            fcntl.ioctl(SOCK, SIOCETHTOOL, req_old)
    return w.walk(lambda: fcntl.ioctl(SOCK, SIOCETHTOOL, req_new), check)


def walk_selftest(w, name):
    """Every allocation of the offline self-test failed in turn: the test
    may report a failure, but the interface stays up with its rings."""
    old = rings(name)
    # struct ethtool_test: cmd, flags, reserved, len, then len u64 results
    test = array.array('I', [ETHTOOL_TEST, ETH_TEST_FL_OFFLINE, 0, SELFTESTS] +
                       [0] * (2 * SELFTESTS))
    req = ifreq(name, 'Q', test.buffer_info()[0])

    def check(fired, err):
        assert err == 0, 'self-test returned %s' % errno.errorcode.get(err, err)
        assert flags(name) & IFF_UP, 'the interface went down'
        assert rings(name) == old, 'rings %s, expected %s' % (rings(name), old)
        if not fired:
            assert not test[1] & ETH_TEST_FL_FAILED, 'failed with nothing injected'
        test[1] = ETH_TEST_FL_OFFLINE
    return w.walk(lambda: fcntl.ioctl(SOCK, SIOCETHTOOL, req), check)


def mtu(name):
    return struct.unpack_from('i', fcntl.ioctl(SOCK, SIOCGIFMTU, ifreq(name)), 16)[0]


def walk_mtu(w, name, new):
    old = mtu(name)
    req_new, req_old = ifreq(name, 'i', new), ifreq(name, 'i', old)

    def check(fired, err):
        want = new if err == 0 else old
        assert mtu(name) == want, 'MTU change returned %s, MTU %d, expected %d' % (
            errno.errorcode.get(err, err), mtu(name), want)
        assert flags(name) & IFF_UP, 'the interface went down'
        if fired and err == 0:
            fcntl.ioctl(SOCK, SIOCSIFMTU, req_old)
    return w.walk(lambda: fcntl.ioctl(SOCK, SIOCSIFMTU, req_new), check)


def main():
    if sys.argv[1] == 'scope':
        print('%x %x' % text_range(sys.argv[2]))
        return
    if sys.argv[1] == 'symbol':
        print('%x %x' % symbol_range(sys.argv[2]))
        return
    what, args, w = sys.argv[2], sys.argv[3:], Walk()
    if what == 'bind':
        res = walk_bind(w, args[0])
    elif what == 'up':
        res = walk_up(w, args[0])
    elif what == 'rings':
        res = walk_rings(w, args[0], int(args[1]), int(args[2]))
    elif what == 'selftest':
        res = walk_selftest(w, args[0])
    elif what == 'mtu':
        res = walk_mtu(w, args[0], int(args[1]))
    else:
        raise SystemExit('unknown operation ' + what)
    allocs, failed, errs = res
    print(allocs, failed, ','.join('%s:%d' % kv for kv in sorted(errs.items())))


if __name__ == '__main__':
    main()
