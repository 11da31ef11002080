#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""results.json and junit.xml of one `make check` run.

selftests/results.py RESULTS_DIR reads RESULTS_DIR/results.tsv, one line
per test case (suite, case, pass|fail|skip, reason) as selftests/run.sh
relayed it, and writes beside it results.json (totals, per suite, per
case) and junit.xml (one testsuite per suite), for CIs that read either.
Standard library only.
"""

import json
import os
import sys
import xml.etree.ElementTree as ET


def main():
    d = sys.argv[1]
    suites = {}
    for line in open(os.path.join(d, 'results.tsv'), errors='replace'):
        suite, case, status, reason = (line.rstrip('\n').split('\t') + [''] * 4)[:4]
        suites.setdefault(suite, []).append({'name': case, 'status': status, 'reason': reason})

    def totals(cases):
        return {s: sum(c['status'] == s for c in cases) for s in ('pass', 'fail', 'skip')}

    everything = [c for cases in suites.values() for c in cases]
    out = {'stamp': os.path.basename(os.path.normpath(d)), 'totals': totals(everything),
           'suites': [{'name': s, 'totals': totals(c), 'cases': c,
                       'logs': s.replace('/', '-') if s != 'harness' else 'harness'}
                      for s, c in suites.items()]}
    with open(os.path.join(d, 'results.json'), 'w') as f:
        json.dump(out, f, indent=1)

    t = out['totals']
    root = ET.Element('testsuites', name='e1k make check', tests=str(len(everything)),
                      failures=str(t['fail']), skipped=str(t['skip']))
    for s, cases in suites.items():
        st = totals(cases)
        ts = ET.SubElement(root, 'testsuite', name=s, tests=str(len(cases)),
                           failures=str(st['fail']), skipped=str(st['skip']))
        for c in cases:
            tc = ET.SubElement(ts, 'testcase', classname=s, name=c['name'])
            if c['status'] == 'fail':
                ET.SubElement(tc, 'failure', message=c['reason'] or 'failed')
            elif c['status'] == 'skip':
                ET.SubElement(tc, 'skipped', message=c['reason'])
    ET.ElementTree(root).write(os.path.join(d, 'junit.xml'), encoding='unicode',
                               xml_declaration=True)


if __name__ == '__main__':
    main()
