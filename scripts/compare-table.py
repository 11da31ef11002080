#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn `make check` outputs (a results folder's ktap.txt, or the stream)
into the markdown table of docs/testing.md: one row per test case, one
column per run.

    compare-table.py [--by-case] LABEL=KTAP LABEL=KTAP ...

e.g. e1k=build/results/A/ktap.txt e1000=build/results/B/ktap.txt.  Rows are
(suite, case); --by-case matches rows on the case alone, for runs of the
same files under different suite names (E1K_SUITES ad-hoc suites).
"""

import re
import sys

# make check's stream: each suite a nested KTAP subtest ("# Subtest: <suite>",
# then indented "ok N <file>:<case>" lines); results.json has the same
HEADER = re.compile(r'^\s*# Subtest: (\S+)$')
LINE = re.compile(r'^\s+(not )?ok \d+ (\S+?)(?: # (.*))?$')


def results(path):
    out = {}
    suite = None
    for line in open(path, errors='replace'):
        line = line.rstrip()
        h = HEADER.match(line)
        if h:
            suite = h.group(1)
            continue
        m = LINE.match(line)
        if not m or suite is None:
            continue
        notok, case, directive = m.groups()
        if notok:
            r = 'FAIL'
        elif directive and directive.startswith('SKIP'):
            r = 'skip'
        else:
            r = 'pass'
        out[(suite, case)] = r
    return out


def main():
    args = sys.argv[1:]
    by_case = '--by-case' in args
    runs = [a.split('=', 1) for a in args if a != '--by-case']
    cols = []
    for label, path in runs:
        r = results(path)
        cols.append((label, {(k[1] if by_case else k): v for k, v in r.items()}))
    keys = []
    for _, r in cols:
        keys += [k for k in r if k not in keys]
    head = ['test'] if by_case else ['suite', 'test']
    print('| ' + ' | '.join(head + [c for c, _ in cols]) + ' |')
    print('|' + '---|' * (len(head) + len(cols)))
    for k in keys:
        name = [k] if by_case else list(k)
        print('| ' + ' | '.join(name + [r.get(k, '-') for _, r in cols]) + ' |')


if __name__ == '__main__':
    main()
