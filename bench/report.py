#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise one `make bench` run: bench/report.py RESULTS_DIR.

Reads samples.tsv, errors.tsv and meta.txt written by bench/run.sh and
writes results.json (every sample), results.md (median [min-max] per driver,
ratios, goals) and chart.dat + chart.gp for gnuplot.  Standard library only.
"""

import json
import os
import statistics
import sys

# metric -> (label, unit, higher_is_better)
METRICS = [
    ('tcp_tx_mbps', 'TCP TX, MTU 1500', 'Mbit/s', True),
    ('tcp_rx_mbps', 'TCP RX, MTU 1500', 'Mbit/s', True),
    ('tcp_tx_mbps_mtu9000', 'TCP TX, MTU 9000', 'Mbit/s', True),
    ('tcp_rx_mbps_mtu9000', 'TCP RX, MTU 9000', 'Mbit/s', True),
    ('pktgen_pps_b1', 'pktgen 60 B TX, burst 1', 'pkt/s', True),
    ('pktgen_pps_b32', 'pktgen 60 B TX, burst 32', 'pkt/s', True),
    ('udp_tx_pps', 'UDP 64 B TX (delivered)', 'pkt/s', True),
    ('udp_rx_pps', 'UDP 64 B RX (delivered)', 'pkt/s', True),
    ('xdp_drop_pps', 'XDP drop, 64 B (e1000: best of generic XDP and tc)', 'pkt/s', True),
    ('xdp_pass_pps', 'XDP pass, 64 B (e1000: generic)', 'pkt/s', True),
    ('xdp_tx_pps', 'XDP TX bounce, 64 B (e1000: generic)', 'pkt/s', True),
    ('xdp_drop_generic_pps', 'generic XDP drop, 64 B', 'pkt/s', True),
    ('tc_drop_pps', 'tc ingress drop, 64 B', 'pkt/s', True),
    ('pingpong_avg_us', 'ping-pong RTT avg', 'us', False),
    ('pingpong_p50_us', 'ping-pong RTT p50', 'us', False),
    ('pingpong_p99_us', 'ping-pong RTT p99', 'us', False),
    ('tcp_tx_cpu_per_gbps', 'guest CPU per Gbit/s, TCP TX', 'cores/(Gbit/s)', False),
    ('tcp_rx_irqs_per_s', 'NIC interrupts/s, TCP RX', 'irq/s', None),
    ('mem_ifup_kb', 'memory used by ifup (down->up), default rings', 'KiB', False),
    ('mem_load_up_kb', 'memory used by load + ifup, default rings', 'KiB', False),
]
DRIVERS = ['e1k', 'e1000', 'virtio', 'base', 'e1k-82574l', 'e1000e']
# goal: (name, metrics, against, op, threshold) on the e1k/against ratio
GOALS = [
    ('TCP TX >= 1.5x e1000', ['tcp_tx_mbps'], 'e1000', '>=', 1.5),
    ('TCP RX >= 1.5x e1000', ['tcp_rx_mbps'], 'e1000', '>=', 1.5),
    ('MTU 9000 TCP >= 1.5x e1000', ['tcp_tx_mbps_mtu9000', 'tcp_rx_mbps_mtu9000'],
     'e1000', '>=', 1.5),
    ('pktgen pps >= 2x e1000', ['pktgen_pps_b1', 'pktgen_pps_b32'], 'e1000', '>=', 2.0),
    ('UDP RX pps >= 1.5x e1000', ['udp_rx_pps'], 'e1000', '>=', 1.5),
    ('XDP drop >= 3x e1000 best drop', ['xdp_drop_pps'], 'e1000', '>=', 3.0),
    ('ping-pong avg <= 0.8x e1000', ['pingpong_avg_us'], 'e1000', '<=', 0.8),
    ('ping-pong p99 <= 0.8x e1000', ['pingpong_p99_us'], 'e1000', '<=', 0.8),
]
# the 82574L (issue #21): e1k-82574l = e1k on NIC=e1000e, against the in-tree
# e1000e on the same model and against virtio-net
GOALS_82574L = [
    ('TCP RX >= 1.3x e1000e', ['tcp_rx_mbps'], 'e1000e', '>=', 1.3),
    ('XDP drop >= 3x e1000e best drop', ['xdp_drop_pps'], 'e1000e', '>=', 3.0),
    ('TCP TX and RX >= 0.9x virtio', ['tcp_tx_mbps', 'tcp_rx_mbps'], 'virtio', '>=', 0.9),
    ('ping-pong avg <= 1.1x virtio', ['pingpong_avg_us'], 'virtio', '<=', 1.1),
]


def fnum(v):
    try:
        return float(v)
    except ValueError:
        return None


def fmt(v):
    if v is None:
        return 'n/a'
    a = abs(v)
    if a >= 1000:
        return f'{v:,.0f}'
    if a >= 100:
        return f'{v:.0f}'
    if a >= 10:
        return f'{v:.1f}'
    return f'{v:.2f}'


def main():
    d = sys.argv[1]
    meta = {}
    for line in open(os.path.join(d, 'meta.txt')):
        k, _, v = line.rstrip('\n').partition('=')
        meta[k] = v
    samples, errors = [], []
    for line in open(os.path.join(d, 'samples.tsv')):
        drv, rnd, m, v = line.rstrip('\n').split('\t', 3)
        samples.append({'driver': drv, 'round': int(rnd), 'metric': m,
                        'value': fnum(v) if not m.startswith('info_') else v})
    for line in open(os.path.join(d, 'errors.tsv')):
        drv, rnd, m, why = (line.rstrip('\n').split('\t', 3) + [''] * 4)[:4]
        errors.append({'driver': drv, 'round': int(rnd), 'metric': m, 'error': why})

    vals = {}
    for s in samples:
        if isinstance(s['value'], float):
            vals.setdefault((s['metric'], s['driver']), []).append(s['value'])
    med = {k: statistics.median(v) for k, v in vals.items()}

    def ratio(m, other, mine='e1k'):
        a, b = med.get((m, mine)), med.get((m, other))
        return a / b if a is not None and b else None

    def check(goal_list, mine):
        out = []
        for name, ms, other, op, thr in goal_list:
            rs = {m: ratio(m, other, mine) for m in ms}
            ok = all(r is not None and (r >= thr if op == '>=' else r <= thr)
                     for r in rs.values())
            out.append({'goal': name, 'met': ok, 'ratios': rs})
        return out

    # BASE=<rev>: the same e1k from an older revision, in the same rounds
    base = meta.get('base')
    summary = {}
    rows = []
    for m, label, unit, hib in METRICS:
        e = vals.get((m, 'e1k'))
        rng = f'{fmt(med[(m, "e1k")])} [{fmt(min(e))}–{fmt(max(e))}]' if e else 'n/a'
        r1, r2 = ratio(m, 'e1000'), ratio(m, 'virtio')
        summary[m] = {'label': label, 'unit': unit, 'higher_is_better': hib,
                      'median': {x: med.get((m, x)) for x in DRIVERS},
                      'samples': {x: vals.get((m, x), []) for x in DRIVERS},
                      'e1k_over_e1000': r1, 'e1k_over_virtio': r2}
        row = (f'| {label} ({unit}) | {rng} | {fmt(med.get((m, "e1000")))} | '
               f'{fmt(med.get((m, "virtio")))} | {fmt(r1)} | {fmt(r2)} |')
        if base:
            r3 = ratio(m, 'base')
            summary[m]['e1k_over_base'] = r3
            row += f' {fmt(med.get((m, "base")))} | {fmt(r3)} |'
        rows.append(row)

    goals = check(GOALS, 'e1k')
    # the 82574L: its own table, its own goals, when the run had it
    rows574, goals574 = [], []
    if any(k[1] == 'e1k-82574l' for k in vals):
        worst = []
        for m, label, unit, hib in METRICS:
            e = vals.get((m, 'e1k-82574l'))
            rng = (f'{fmt(med[(m, "e1k-82574l")])} [{fmt(min(e))}–{fmt(max(e))}]'
                   if e else 'n/a')
            r1, r2 = ratio(m, 'e1000e', 'e1k-82574l'), ratio(m, 'virtio', 'e1k-82574l')
            summary[m]['e1k_82574l_over_e1000e'] = r1
            summary[m]['e1k_82574l_over_virtio'] = r2
            rows574.append(f'| {label} ({unit}) | {rng} | {fmt(med.get((m, "e1000e")))} | '
                           f'{fmt(med.get((m, "virtio")))} | {fmt(r1)} | {fmt(r2)} |')
            if hib is not None and r1 is not None and not m.startswith('mem_'):
                worst.append((r1 if hib else 1 / r1, m))
        goals574 = check(GOALS_82574L, 'e1k-82574l')
        if worst:
            r, m = min(worst)
            goals574.insert(0, {'goal': 'no metric worse than 0.95x e1000e',
                                'met': r >= 0.95, 'ratios': {m: r}})
    tcp_frac = {m: ratio(m, 'virtio') for m in
                ['tcp_tx_mbps', 'tcp_rx_mbps', 'tcp_tx_mbps_mtu9000', 'tcp_rx_mbps_mtu9000']}

    loads = [s['value'] for s in samples if s['metric'] == 'info_host_loadavg']
    json.dump({'meta': meta, 'samples': samples, 'errors': errors, 'summary': summary,
               'goals': goals, 'goals_82574l': goals574,
               'e1k_fraction_of_virtio_tcp': tcp_frac},
              open(os.path.join(d, 'results.json'), 'w'), indent=1)

    md = [f'# make bench {meta.get("stamp", "")}', '',
          f'{meta.get("rounds")} rounds, one boot per (driver, round), drivers alternated; '
          f'{meta.get("bench_t")} s per throughput test.  Host: {meta.get("cpu_model")}, '
          f'{meta.get("host_cpus")} CPUs, kernel {meta.get("host_kernel")}; '
          f'{meta.get("qemu")}, {meta.get("accel")}, guest SMP {meta.get("smp")}, '
          f'{meta.get("mem")} MiB; guest kernel {meta.get("guest_kernel")}; '
          f'tree {meta.get("git")}, e1k.ko md5 {meta.get("e1k_ko_md5")}.', '',
          f'Host load average (1 min): start {meta.get("loadavg_start", "").split(" ")[0]}, '
          f'end {meta.get("loadavg_end", "").split(" ")[0]}; before/after each boot: '
          f'{", ".join(loads)}.  Elapsed {meta.get("elapsed_s")} s.', '',
          'e1k = NIC=e1000 DRIVER=e1k, e1000 = NIC=e1000 DRIVER=e1000 (in-tree), '
          'virtio = NIC=virtio-net.  Ratios are of medians; for RTT, CPU and memory lower is better.',
          '']
    # the 8254x table and goals only when the run had e1k or e1000 on it
    if any(k[1] in ('e1k', 'e1000', 'base') for k in vals):
        md += [
          '| metric | e1k median [min–max] | e1000 median | virtio median | e1k/e1000 | e1k/virtio |'
          + (f' base ({base}) median | e1k/base |' if base else ''),
          '|---|---|---|---|---|---|' + ('---|---|' if base else '')] + rows
    if base:
        # oriented so that < 1 means this tree is worse than the base
        worse = []
        for m, label, unit, hib in METRICS:
            r = ratio(m, 'base')
            if hib is None or r is None or m.startswith('mem_'):
                continue
            r = r if hib else 1 / r
            if r < 0.9:
                worse.append(f'{label} {fmt(r)}×')
        md += ['', f'## This tree vs base {base} (same rounds)', '',
               '- worse by more than 10 %: ' + (', '.join(worse) if worse else 'none')]
    if any(k[1] == 'e1k' for k in vals):
        md += ['', '## Goals (e1k vs in-tree e1000, medians)', '']
        for g in goals:
            rs = ', '.join(f'{m} {fmt(r)}×' for m, r in g['ratios'].items())
            md.append(f'- {"MET" if g["met"] else "NOT MET"}: {g["goal"]} ({rs})')
        md.append('- e1k TCP as a fraction of virtio-net: ' +
                  ', '.join(f'{m} {fmt(r)}' for m, r in tcp_frac.items()))
    if rows574:
        md += ['', '## The 82574L (NIC=e1000e on q35)', '',
               'e1k-82574l = NIC=e1000e DRIVER=e1k, e1000e = NIC=e1000e DRIVER=e1000e '
               '(in-tree), virtio as above; XDP rows of e1000e are its generic XDP or tc.', '',
               '| metric | e1k-82574l median [min–max] | e1000e median | virtio median '
               '| e1k/e1000e | e1k/virtio |', '|---|---|---|---|---|---|'] + rows574
        md += ['', '### Goals (issue #21, medians; the worst ratio oriented > 1 = better)', '']
        for g in goals574:
            rs = ', '.join(f'{m} {fmt(r)}×' for m, r in g['ratios'].items())
            md.append(f'- {"MET" if g["met"] else "NOT MET"}: {g["goal"]} ({rs})')
    if errors:
        md += ['', '## Errors', '']
        md += [f'- {e["driver"]} round {e["round"]} {e["metric"]}: {e["error"]}' for e in errors]
    open(os.path.join(d, 'results.md'), 'w').write('\n'.join(md) + '\n')

    # chart: e1k's ratio to each other driver of the run, per metric,
    # oriented so that >1 is better for e1k (lower-is-better metrics
    # inverted); a driver the run did not include gets no bars
    others = [(o, t) for o, t in (('e1000', 'e1k / e1000'), ('virtio', 'e1k / virtio-net'),
                                  ('base', f'e1k / base {base}'))
              if any(ratio(m, o) for m, _, _, hib in METRICS if hib is not None)]
    chart_dat = os.path.join(d, 'chart.dat')
    if not others:
        if os.path.exists(chart_dat):
            os.remove(chart_dat)
        return
    with open(chart_dat, 'w') as f:
        f.write('# metric ' + ' '.join(f'e1k_vs_{o}' for o, _ in others) +
                ' (>1: e1k better)\n')
        for m, label, unit, hib in METRICS:
            if hib is None or m.startswith('mem_'):
                continue  # virtio's ifup allocates ~nothing; a memory ratio means little
            rs = [ratio(m, o) for o, _ in others]
            if not hib:
                rs = [1 / r if r else None for r in rs]
            f.write(f'"{label}" ' + ' '.join(str(r) if r else 'NaN' for r in rs) + '\n')
    colors = ['#1f77b4', '#ff7f0e', '#2ca02c']
    plots = ', \\\n     '.join(
        f'"{"chart.dat" if i == 0 else ""}" using {i + 2}{":xtic(1)" if i == 0 else ""} '
        f'title "{t}" lc rgb "{colors[i]}"' for i, (o, t) in enumerate(others))
    with open(os.path.join(d, 'chart.gp'), 'w') as f:
        f.write(f'''set terminal pngcairo size 1100,600 font ",10"
set output "chart.png"
set title "e1k relative to the other drivers ({meta.get("stamp", "")}, medians of {meta.get("rounds")} rounds; >1 = e1k better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "ratio (RTT and CPU inverted)"
set xtics rotate by -30 left
set grid ytics
set key top right
set rmargin 12
set bmargin 7
set yrange [0:*]
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 2 lc rgb "black"
plot {plots}
''')

if __name__ == '__main__':
    main()
