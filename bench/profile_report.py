#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""profile.md from the console logs of bench/profile.sh.

usage: profile_report.py RESULTS_DIR DRIVER...

Reads RESULTS_DIR/<driver>.log ("PROF <workload> <key> <values...>" lines
from bench/profile-guest.sh and qemu/hostd.py) and prints one markdown table
per workload, a column per driver.
"""

import collections
import os
import sys

WORKLOADS = ('tcp_tx', 'tcp_rx', 'udp_rx', 'pktgen', 'pingpong')
DRIVER_PREFIXES = ('e1k_', 'e1000_', 'e1000e_', 'virtnet_')
IDLE = ('pv_native_safe_halt', 'default_idle', 'acpi_idle_do_entry', 'native_safe_halt',
        'cpuidle_enter_state', 'intel_idle', 'do_idle', 'default_idle_call')


def parse(path):
    d = collections.defaultdict(lambda: collections.defaultdict(list))
    with open(path, errors='replace') as f:
        for line in f:
            w = line.split()
            if len(w) >= 3 and w[0] == 'PROF':
                d[w[1]][w[2]].append(w[3:])
    return d


def one(d, w, key, i=0, conv=int, default=None):
    try:
        return conv(d[w][key][0][i])
    except (KeyError, IndexError, ValueError):
        return default


def summed(rows):
    """[(name, percent)] summed over commands, largest first"""
    c = collections.Counter()
    for p, name in rows:
        c[name] += float(p.rstrip('%'))
    return c.most_common()


def mmio_rows(r, d, w, n):
    reads = collections.Counter()
    writes = collections.Counter()
    for kind, reg, cnt in d[w].get('mmio', []):
        (reads if kind == 'read' else writes)[reg] += int(cnt)
    r['MMIO reads per 1000 packets'] = f'{sum(reads.values()) * 1000 / n:.0f}'
    r['MMIO writes per 1000 packets'] = f'{sum(writes.values()) * 1000 / n:.0f}'
    top = [(c, f'{reg} {k}') for k, ctr in (('r', reads), ('w', writes)) for reg, c in ctr.items()]
    top.sort(reverse=True)
    r['busiest registers (per 1000 packets)'] = ', '.join(
        f'{name} {c * 1000 / n:.0f}' for c, name in top[:5]) or '-'
    irq = one(d, w, 'irq_raise')
    if irq is not None:
        r['IRQ raises by the model per 1000 packets'] = f'{irq * 1000 / n:.1f}'
    gi = one(d, w, 'guest_irqs')
    if gi is not None:
        r['guest interrupts per 1000 packets'] = f'{gi * 1000 / n:.1f}'


def qemu_rows(r, d, w):
    secs = one(d, w, 'seconds', conv=float)
    pu = d[w].get('packets_untraced', [])
    if not secs or not pu:
        return
    nu = int(pu[0][0]) + int(pu[0][1])
    r['packets/s, untraced pass (TX+RX)'] = f'{nu / secs:,.0f}'
    thr = collections.Counter()
    sys_ms = 0
    for name, u, s in d[w].get('qemu_thread', []):
        thr[name] += int(u) + int(s)
        sys_ms += int(s)
    busy = [(ms, name) for name, ms in thr.items() if ms >= 10]
    busy.sort(reverse=True)
    r['QEMU CPU by thread (ms per s)'] = ', '.join(
        f'{name} {ms / secs:.0f}' for ms, name in busy) or '-'
    total = sum(thr.values())
    if total:
        r['QEMU CPU in the host kernel'] = f'{sys_ms * 100 / total:.0f}%'
    if nu:
        r['QEMU CPU per 1000 packets (ms)'] = f'{total * 1000 / nu:.1f}'


def perf_rows(r, d, w):
    comm = d[w].get('comm', [])
    if comm:
        r['guest samples by command'] = ', '.join(f'{c} {p}' for p, c in comm[:4])
    dso = summed(d[w].get('dso', []))
    if dso:
        r['guest samples by object (perf excluded)'] = ', '.join(
            f'{o} {p:.1f}%' for o, p in dso[:4])
    syms = summed(d[w].get('sym', []))
    if syms:
        idle = sum(p for s, p in syms if s in IDLE)
        r['guest samples in the idle loop'] = f'{idle:.1f}%'
        drv = [(s, p) for s, p in syms if s.startswith(DRIVER_PREFIXES)]
        r['driver functions (e1k_*, e1000*_*, virtnet_*)'] = f'{sum(p for s, p in drv):.1f}%'
        hot = [(s, p) for s, p in syms if s not in IDLE]
        r['hottest guest symbols'] = ', '.join(f'{s} {p:.1f}%' for s, p in hot[:8])


def col(d, w):
    """the rows of one driver's column for workload w"""
    r = collections.OrderedDict()
    pk = d[w].get('packets', [])
    if not pk:
        return r
    tx, rx = int(pk[0][0]), int(pk[0][1])
    r['packets in the traced pass (TX / RX)'] = f'{tx:,} / {rx:,}'
    mmio_rows(r, d, w, max(tx + rx, 1))
    qemu_rows(r, d, w)
    perf_rows(r, d, w)
    return r


def mmio_per_1000(d, w):
    pk = d[w].get('packets', [])
    n = int(pk[0][0]) + int(pk[0][1]) if pk else 0
    if not n:
        return None
    return sum(int(c) for _, _, c in d[w].get('mmio', [])) * 1000 / n


def goals(data):
    """issue #21: e1k's MMIO accesses per packet <= 0.5x the in-tree e1000e's"""
    if 'e1k-82574l' not in data or 'e1000e' not in data:
        return
    print('## Goal: MMIO accesses per 1000 packets, e1k-82574l <= 0.5x e1000e\n')
    print('| workload | e1k-82574l | e1000e | ratio | |')
    print('|---|---|---|---|---|')
    for w in WORKLOADS:
        a, b = mmio_per_1000(data['e1k-82574l'], w), mmio_per_1000(data['e1000e'], w)
        if a is None or not b:
            continue
        print(f'| {w} | {a:.0f} | {b:.0f} | {a / b:.2f} | {"met" if a / b <= 0.5 else "NOT MET"} |')
    print()


def main():
    out, drivers = sys.argv[1], sys.argv[2:]
    data = {}
    for drv in drivers:
        p = os.path.join(out, drv + '.log')
        if os.path.exists(p):
            data[drv] = parse(p)
    with open(os.path.join(out, 'meta.txt')) as f:
        meta = [m for m in f.read().split('\n') if m]
    print(f'# Profile {os.path.basename(out)}\n')
    print(' · '.join(meta))
    print()
    goals(data)
    for w in WORKLOADS:
        cols = {drv: col(d, w) for drv, d in data.items()}
        rows = []
        for c in cols.values():
            rows += [k for k in c if k not in rows]
        if not rows:
            continue
        print(f'## {w}\n')
        print('| | ' + ' | '.join(cols) + ' |')
        print('|---' * (len(cols) + 1) + '|')
        for k in rows:
            print(f'| {k} | ' + ' | '.join(c.get(k, '-') for c in cols.values()) + ' |')
        print()


if __name__ == '__main__':
    main()
