#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Host side of the guest's request channel.

The guest writes one request per line to its second serial port (ttyS1),
which QEMU connects to a unix socket; this daemon answers each request on the
same line-oriented channel:

    guest: REQ <id> <verb> [base64 of the arguments]
    host:  RSP <id> <rc> <base64 of the output>

Verbs:
    link up|down [dev]    QMP set_link on the NIC (default: the DUT, nic0)
    unplug [dev]          QMP device_del, waits for DEVICE_DELETED
    plug [dev]            QMP device_add with the device's original options
    sh <command>          run a shell command in the host netns, wait for it
                          (cwd: the project root, so tools are found by path)
    bg <command>          start it in the background, answer with a job id
    wait <job>            wait for a background job, answer with its rc/output
    kill <job>            stop a background job
    qmp <json>            a raw QMP command; answers with the JSON reply
    wake_in <seconds>     QMP system_wakeup after that long: the guest asks
                          before it suspends to RAM, since it cannot ask
                          while asleep
"""

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.file = self.sock.makefile('rwb', buffering=0)
        self.events = []
        self.lock = threading.Lock()     # wake_in's timer thread shares it
        self._read()                     # greeting
        self.cmd('qmp_capabilities')

    def _read(self):
        line = self.file.readline()
        if not line:
            raise EOFError('QMP closed')
        return json.loads(line)

    def cmd(self, command, **args):
        msg = {'execute': command}
        if args:
            msg['arguments'] = args
        with self.lock:
            self.file.write(json.dumps(msg).encode() + b'\n')
            while True:
                reply = self._read()
                if 'event' in reply:
                    self.events.append(reply)
                    continue
                return reply

    def wait_event(self, name, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for ev in self.events:
                if ev['event'] == name:
                    self.events.remove(ev)
                    return ev
            self.sock.settimeout(max(0.1, deadline - time.time()))
            try:
                self.events.append(self._read())
            except socket.timeout:
                pass
            finally:
                self.sock.settimeout(None)
        return None


def connect_retry(path, timeout=60):
    deadline = time.time() + timeout
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def main():
    ctl_path, qmp_path, netns, devs_json, log_path = sys.argv[1:6]
    devs = json.loads(devs_json)      # id -> device_add arguments
    log = open(log_path, 'a', buffering=1)
    ctl = connect_retry(ctl_path)
    for _ in range(600):
        if os.path.exists(qmp_path):
            break
        time.sleep(0.1)
    qmp = Qmp(qmp_path)
    jobs = {}
    # host-side helpers are named relative to the project root
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    nsexec = ['ip', 'netns', 'exec', netns] if netns else []

    def run(cmdline, background=False):
        argv = nsexec + ['/bin/bash', '-c', cmdline]
        if background:
            return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True, cwd=top)
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=900, cwd=top)
        return p.returncode, p.stdout

    def handle(verb, arg):
        if verb == 'link':
            words = arg.split()
            dev = words[1] if len(words) > 1 else 'nic0'
            r = qmp.cmd('set_link', name=dev, up=(words[0] == 'up'))
            return (0 if 'return' in r else 1), json.dumps(r).encode()
        if verb == 'unplug':
            dev = arg or 'nic0'
            r = qmp.cmd('device_del', id=dev)
            if 'return' not in r:
                return 1, json.dumps(r).encode()
            ev = qmp.wait_event('DEVICE_DELETED', 60)
            return (0 if ev else 1), json.dumps(ev).encode()
        if verb == 'plug':
            dev = arg or 'nic0'
            r = qmp.cmd('device_add', **devs[dev])
            return (0 if 'return' in r else 1), json.dumps(r).encode()
        if verb == 'sh':
            return run(arg)
        if verb == 'bg':
            job = str(len(jobs) + 1)
            jobs[job] = run(arg, background=True)
            return 0, job.encode()
        if verb == 'wait':
            p = jobs.pop(arg)
            out, _ = p.communicate(timeout=900)
            return p.returncode, out
        if verb == 'kill':
            p = jobs.pop(arg)
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            out, _ = p.communicate(timeout=60)
            return 0, out
        if verb == 'wake_in':
            threading.Timer(float(arg), qmp.cmd, ('system_wakeup',)).start()
            return 0, b''
        if verb == 'qmp':
            msg = json.loads(arg)
            r = qmp.cmd(msg['execute'], **msg.get('arguments', {}))
            return (0 if 'return' in r else 1), json.dumps(r).encode()
        return 127, b'unknown verb ' + verb.encode()

    buf = b''
    while True:
        data = ctl.recv(4096)
        if not data:
            break
        buf += data.replace(b'\r', b'')
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            words = line.decode(errors='replace').strip().split(' ', 3)
            if len(words) < 3 or words[0] != 'REQ':
                continue
            rid, verb = words[1], words[2]
            arg = base64.b64decode(words[3]).decode() if len(words) > 3 else ''
            log.write(f'{time.strftime("%T")} REQ {rid} {verb} {arg}\n')
            try:
                rc, out = handle(verb, arg)
            except Exception as e:      # report, never die: the guest waits
                rc, out = 126, repr(e).encode()
                log.write(f'{time.strftime("%T")} error: {e!r}\n')
            log.write(f'{time.strftime("%T")} RSP {rid} {rc}\n')
            ctl.sendall(f'RSP {rid} {rc} '.encode() + base64.b64encode(out[-65536:]) + b'\n')
    for p in jobs.values():
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


if __name__ == '__main__':
    main()
