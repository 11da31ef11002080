#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn two `make check` outputs (DRIVER=e1k and DRIVER=e1000) into the
markdown table of docs/testing.md: one row per test case, one column per
driver.   compare-table.py E1K_OUTPUT E1000_OUTPUT"""

import re
import sys

LINE = re.compile(r'^(not )?ok \d+ (\S+): (\S+?)(?: # (.*))?$')


def results(path):
    out = {}
    for line in open(path, errors='replace'):
        m = LINE.match(line.rstrip())
        if not m:
            continue
        notok, suite, case, directive = m.groups()
        if notok:
            r = 'FAIL'
        elif directive and directive.startswith('SKIP'):
            r = 'skip'
        else:
            r = 'pass'
        out[(suite, case)] = r
    return out


def main():
    a, b = results(sys.argv[1]), results(sys.argv[2])
    keys = list(a) + [k for k in b if k not in a]
    print('| suite | test | e1k | in-tree e1000 |')
    print('|---|---|---|---|')
    for k in keys:
        print(f'| {k[0]} | {k[1]} | {a.get(k, "-")} | {b.get(k, "-")} |')


if __name__ == '__main__':
    main()
