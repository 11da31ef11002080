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
    unplug [dev]          QMP device_del, waits up to 60 s for the device's
                          DEVICE_DELETED
    plug [dev]            QMP device_add with the device's original options
    sh <command>          run a shell command in the host netns, wait for it
                          (cwd: the project root, so tools are found by path)
    bg <command>          start it in the background, answer with a job id
    wait <job>            wait for a background job, answer with its rc/output
    kill <job>            stop a background job
    qmp <json>            a raw QMP command; answers with the JSON reply
    save <name>\n<text>   write text into the run folder as <name> (the
                          guest's dmesg, kept with the console log)
    event <NAME> [secs]   wait (default 60 s) for QMP event NAME, or take one
                          already queued; answers with its JSON, rc 1 on a
                          timeout (which leaves the QMP connection usable)
    wake_in <seconds>     QMP system_wakeup after that long: the guest asks
                          before it suspends to RAM, since it cannot ask
                          while asleep
    profile start         (E1K_PROFILE=1 boots) snapshot QEMU's per-thread
                          CPU time; with "start trace", also turn on the MMIO,
                          IOAPIC and NIC interrupt trace events
    profile stop [gsi]    turn them off; answer with "qemu_thread <name>
                          <user ms> <sys ms>" per thread and, if traced,
                          "mmio read|write <register> <count>" for the NIC's
                          BAR and "irq_raise <count>": the e1000e and virtio
                          models' MSI/MSI-X sends plus raises of IOAPIC pin gsi
"""

import base64
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time


class Qmp:
    """A QMP connection with its own line buffer: reads wait in select(), so
    a wait that times out leaves the socket as it was (a socket.makefile()
    reader is unusable after its first timeout)."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buf = b''
        self.events = []
        self.lock = threading.Lock()     # wake_in's timer thread shares it
        self._read()                     # greeting
        self.cmd('qmp_capabilities')

    def _read(self, timeout=None):
        """The next message; None if none is complete within timeout s."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            while b'\n' in self.buf:
                line, self.buf = self.buf.split(b'\n', 1)
                if line.strip():
                    return json.loads(line)
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                ready, _, _ = select.select([self.sock], [], [], left)
                if not ready:
                    return None
            data = self.sock.recv(65536)
            if not data:
                raise EOFError('QMP closed')
            self.buf += data

    def cmd(self, command, **args):
        msg = {'execute': command}
        if args:
            msg['arguments'] = args
        with self.lock:
            self.sock.sendall(json.dumps(msg).encode() + b'\n')
            while True:
                reply = self._read()
                if 'event' in reply:
                    self.events.append(reply)
                    continue
                return reply

    def wait_event(self, name, timeout, **data):
        """The first event NAME (queued or new) whose data has these items;
        None after timeout seconds.  The lock is taken per short read, so a
        timer's command is not held up by a long wait."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                for ev in self.events:
                    if ev['event'] == name and all(
                            ev.get('data', {}).get(k) == v for k, v in data.items()):
                        self.events.remove(ev)
                        return ev
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                msg = self._read(min(left, 0.5))
                if msg is not None and 'event' in msg:
                    self.events.append(msg)
                    del self.events[:-1000]     # nobody waits for old ones


# 8254x and 82574L register offsets, for naming MMIO accesses in profiles
E1K_REGS = {0x0: 'CTRL', 0x8: 'STATUS', 0x14: 'EERD', 0x18: 'CTRL_EXT', 0x20: 'MDIC',
            0xc0: 'ICR', 0xc4: 'ITR', 0xc8: 'ICS', 0xd0: 'IMS', 0xd8: 'IMC', 0xdc: 'EIAC',
            0xe4: 'IVAR', 0xe8: 'EITR0', 0xec: 'EITR1', 0xf0: 'EITR2', 0x100: 'RCTL',
            0x400: 'TCTL', 0x2800: 'RDBAL', 0x2810: 'RDH', 0x2818: 'RDT',
            0x2820: 'RDTR', 0x282c: 'RADV', 0x3800: 'TDBAL', 0x3810: 'TDH',
            0x3818: 'TDT', 0x3820: 'TIDV', 0x382c: 'TADV', 0x5000: 'RXCSUM'}
# MMIO regions of the NIC models: e1000 and e1000e BAR0 by register;
# virtio-net's modern BAR by region (common, isr, device, notify)
NIC_MMIO = ("name 'e1000-mmio'", "name 'e1000e-mmio'", "name 'virtio-pci-")
# interrupts the e1000e and virtio models send, MSI, MSI-X and INTx
# (the e1000 model's INTx is counted at the IO-APIC: ioapic_set_irq)
IRQ_EVENTS = ('e1000e_irq_msi_notify ', 'e1000e_irq_msix_notify_vec ', 'virtio_notify ')
TRACE_EVENTS = ('memory_region_ops_read', 'memory_region_ops_write', 'ioapic_set_irq',
                'e1000e_irq_msi_notify', 'e1000e_irq_msix_notify_vec', 'virtio_notify')


def reg_name(off):
    if off in E1K_REGS:
        return E1K_REGS[off]
    if 0x4000 <= off < 0x4100:
        return 'stats'
    if 0x5200 <= off < 0x5400:
        return 'MTA'
    if 0x5400 <= off < 0x5480:
        return 'RA'
    if 0x5600 <= off < 0x5800:
        return 'VFTA'
    return f'0x{off:x}'


def thread_cpu(pid):
    """{thread name: (user ms, sys ms)} of a process, threads of one name summed"""
    hz = os.sysconf('SC_CLK_TCK')
    out = {}
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f'/proc/{pid}/task/{tid}/stat') as f:
                st = f.read()
        except OSError:
            continue
        name = st[st.index('(') + 1:st.rindex(')')]
        fields = st[st.rindex(')') + 2:].split()
        u, s = int(fields[11]) * 1000 // hz, int(fields[12]) * 1000 // hz
        pu, ps = out.get(name, (0, 0))
        out[name] = (pu + u, ps + s)
    return out


def trace_counts(path, offset, gsi):
    """MMIO accesses to the NIC's BAR and IRQ raises logged after offset"""
    counts = {}
    raises = 0
    with open(path, errors='replace') as f:
        f.seek(offset)
        for line in f:
            if 'memory_region_ops_' in line and any(n in line for n in NIC_MMIO):
                kind = 'read' if 'ops_read' in line else 'write'
                if "name 'virtio-pci-" in line:
                    reg = 'virtio-' + line.split("name 'virtio-pci-")[1].split('-')[0]
                else:
                    # absolute address; BAR0 is 128 KiB and aligned to its size
                    reg = reg_name(int(line.split(' addr ')[1].split()[0], 16) & 0x1ffff)
                key = (kind, reg)
                counts[key] = counts.get(key, 0) + 1
            elif any(e in line for e in IRQ_EVENTS):
                raises += 1
            elif 'ioapic_set_irq' in line and gsi is not None:
                # "ioapic_set_irq vector: <pin> level: <0|1>"
                w = line.replace(':', ' ').split()
                i = w.index('vector')
                if int(w[i + 1]) == gsi and w[i + 3] == '1':
                    raises += 1
    lines = [f'mmio {k[0]} {k[1]} {n}' for k, n in sorted(counts.items())]
    lines.append(f'irq_raise {raises}')
    return lines


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

    qemu_pid = os.environ.get('E1K_QEMU_PID')
    trace_file = os.environ.get('E1K_TRACE_FILE')
    prof = {}

    def set_trace(on):
        for ev in TRACE_EVENTS:
            r = qmp.cmd('trace-event-set-state', name=ev, enable=on)
            if 'return' not in r:
                raise RuntimeError(f'trace-event-set-state {ev}: {r}')

    def profile(arg):
        words = arg.split()
        if not qemu_pid:
            return 1, b'not an E1K_PROFILE=1 boot'
        if words[:1] == ['start']:
            prof.clear()
            prof['trace'] = 'trace' in words[1:]
            if prof['trace']:
                if not trace_file:
                    return 1, b'no trace file'
                prof['offset'] = os.path.getsize(trace_file)
                set_trace(True)
            prof['cpu'] = thread_cpu(qemu_pid)
            return 0, b''
        if words[:1] == ['stop'] and 'cpu' in prof:
            cpu = thread_cpu(qemu_pid)
            lines = []
            if prof['trace']:
                set_trace(False)
                time.sleep(0.5)     # the log backend flushes per event
                gsi = int(words[1]) if len(words) > 1 else None
                lines = trace_counts(trace_file, prof['offset'], gsi)
            for name, (u, s) in sorted(cpu.items()):
                u0, s0 = prof['cpu'].get(name, (0, 0))
                lines.append(f'qemu_thread {name.replace(" ", "_")} {u - u0} {s - s0}')
            prof.clear()
            return 0, ('\n'.join(lines) + '\n').encode()
        return 1, b'usage: profile start [trace] | profile stop [gsi]'

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
            ev = qmp.wait_event('DEVICE_DELETED', 60, device=dev)
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
        if verb == 'profile':
            return profile(arg)
        if verb == 'event':
            words = arg.split()
            ev = qmp.wait_event(words[0], float(words[1]) if len(words) > 1 else 60)
            return (0 if ev else 1), (json.dumps(ev).encode() if ev else
                                      f'no {words[0]} event within the timeout'.encode())
        if verb == 'save':
            name, _, text = arg.partition('\n')
            with open(os.path.join(os.path.dirname(log_path), os.path.basename(name)), 'w') as f:
                f.write(text)
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
            shown = arg.partition('\n')[0] if verb == 'save' else arg
            log.write(f'{time.strftime("%T")} REQ {rid} {verb} {shown}\n')
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
