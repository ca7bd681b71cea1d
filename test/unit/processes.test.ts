import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { isAlive, killTrees } from '../../src/core/kill';
import { silentLogger } from '../../src/core/log';
import { listOwnProcesses, listWithPsList, matchProfileProcesses, profileDirArg, roleOf, type ProcessRecord } from '../../src/core/processes';

const rec = (pid: number, ppid: number, cmd: string, uid = 1000, startSec = 100): ProcessRecord => ({ pid, ppid, uid, cpu: 0, memory: 0, cmd, startTime: new Date(startSec * 1000) });
const options = { uid: 1000, readCwd: () => '/work', startedAt: (r: ProcessRecord) => r.startTime?.getTime() };
const ctl = (pid: number, ppid: number, dir: string, t = 100) => rec(pid, ppid, `/usr/bin/python3 -m ipyparallel.controller --profile-dir ${dir} --cluster-id`, 1000, t);
const eng = (pid: number, dir: string, t = 101) => rec(pid, 1, `/usr/bin/python3 -m ipyparallel.engine --profile-dir ${dir} --cluster-id`, 1000, t);
const nanny = (pid: number, ppid: number) => rec(pid, ppid, '/usr/bin/python3 -m ipyparallel.engine.nanny');

test('roles and --profile-dir come from argv, in both spellings', () => {
  assert.equal(roleOf(['/usr/bin/python3', '-m', 'ipyparallel.controller', '--profile-dir', '/p']), 'controller');
  assert.equal(roleOf(['/usr/bin/python3', '/usr/bin/ipengine', '--profile-dir=/p']), 'engine');
  assert.equal(roleOf(['tail', '-f', '/p/log/ipengine-1.log']), undefined);
  assert.equal(profileDirArg(['x', '--profile-dir=/a b/c']), '/a b/c');
  assert.equal(profileDirArg(['x', '--profile-dir', '/a/c']), '/a/c');
});

test('a running cluster: controller, its schedulers, engines and their nannies', () => {
  const dir = '/s/ipyparallel/u/vm';
  const table = [ctl(10, 1, dir), ctl(11, 10, dir), ctl(12, 10, dir), eng(20, dir), nanny(21, 20), eng(30, dir), nanny(31, 30)];
  const m = matchProfileProcesses(table, dir, options);
  assert.equal(m.controller?.pid, 10);
  assert.deepEqual(m.schedulers.map((p) => p.pid), [11, 12]);
  assert.deepEqual(m.engines.map((p) => p.pid), [20, 30]);
  assert.deepEqual(m.nannies.map((p) => p.pid), [21, 31]);
  assert.equal(m.orphans.length, 0);
  assert.equal(m.all.length, 7);
});

test('matching is exact: …/vm never matches …/vm2, other users or tail -f of a log', () => {
  const dir = '/s/ipyparallel/u/vm';
  const table = [
    ctl(10, 1, `${dir}2`), ctl(11, 10, `${dir}2`), eng(20, `${dir}2`),
    rec(40, 1, `tail -f ${dir}/log/ipengine-1.log`),
    rec(41, 1, `/usr/bin/python3 -m ipyparallel.engine --profile-dir ${dir}`, 0),
    eng(42, '/other/sandbox/ipyparallel/u/vm'),
  ];
  assert.equal(matchProfileProcesses(table, dir, options).all.length, 0);
});

test('a relative --profile-dir is resolved against the process working directory', () => {
  const table = [rec(50, 1, '/usr/bin/python3 -m ipyparallel.engine --profile-dir ipyparallel/u/vm')];
  const m = matchProfileProcesses(table, '/work/ipyparallel/u/vm', { ...options, readArgv: (r) => r.cmd.split(' ') });
  assert.equal(m.all.length, 1);
});

test('after kill -9 of the controller, schedulers, engines and nannies are orphans', () => {
  const dir = '/p';
  const table = [ctl(11, 1, dir), ctl(12, 1, dir), eng(20, dir), nanny(21, 20)];
  const m = matchProfileProcesses(table, dir, { ...options, controllerPidHints: [10] });
  assert.equal(m.controller, undefined);
  assert.deepEqual(m.orphans.map((p) => p.pid).sort(), [11, 12, 20, 21]);
});

test('engines older than the live controller belong to a previous one: orphans', () => {
  const dir = '/p';
  const table = [ctl(10, 1, dir, 200), ctl(11, 10, dir, 200), eng(20, dir, 100), eng(30, dir, 201)];
  const m = matchProfileProcesses(table, dir, options);
  assert.deepEqual(m.engines.map((p) => p.pid), [30]);
  assert.deepEqual(m.orphans.map((p) => p.pid), [20]);
});

test('the controller named in the cluster file is live even before it forks schedulers', () => {
  const m = matchProfileProcesses([ctl(10, 1, '/p')], '/p', { ...options, controllerPidHints: [10] });
  assert.equal(m.controller?.pid, 10);
  assert.equal(m.orphans.length, 0);
});

// Real processes: fake ipyparallel command lines (python sleeping), matched through ps-list and /proc.
const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.kill('SIGKILL')));

function fakeEngine(profileDir: string): ChildProcess {
  const child = spawn('python3', ['-c', 'import time; time.sleep(60)', '-m', 'ipyparallel.engine', '--profile-dir', profileDir], { stdio: 'ignore' });
  children.push(child);
  return child;
}

test('real process table: exact profile match with spaces and non-ASCII in the path, then a verified tree kill', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp unit é-'));
  const dir = path.join(base, 'ipyparallel', 'u', 'vm');
  const mine = fakeEngine(dir);
  const sibling = fakeEngine(`${dir}2`);
  await new Promise((r) => setTimeout(r, 300));
  const matched = matchProfileProcesses(await listOwnProcesses(), dir, { uid: process.getuid!() });
  assert.deepEqual(matched.all.map((p) => p.pid), [mine.pid]);
  assert.equal(matched.orphans.length, 1, 'an engine without a controller is an orphan');
  const report = await killTrees([mine.pid!], silentLogger, 1000);
  assert.deepEqual(report.terminated, [mine.pid]);
  assert.equal(isAlive(mine.pid!), false);
  assert.equal(isAlive(sibling.pid!), true, 'the sibling profile was touched');
});

test('killTrees escalates to SIGKILL for a process that ignores SIGTERM', async () => {
  const stubborn = spawn('python3', ['-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print("ready", flush=True); time.sleep(60)'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(stubborn);
  await new Promise((r) => stubborn.stdout!.once('data', r));
  const report = await killTrees([stubborn.pid!], silentLogger, 300);
  assert.deepEqual(report.killed, [stubborn.pid]);
  assert.deepEqual(report.survivors, []);
});

test('the /proc scan and ps-list agree on our processes (pid, parent, owner, command line)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp agree ü-'));
  const child = fakeEngine(dir);
  await new Promise((r) => setTimeout(r, 300));
  const fast = (await listOwnProcesses()).find((p) => p.pid === child.pid);
  const portable = (await listWithPsList()).find((p) => p.pid === child.pid);
  assert.ok(fast && portable, 'the fake engine was not found');
  assert.deepEqual([fast.ppid, fast.uid], [portable.ppid, portable.uid]);
  // ps prints non-ASCII as '?' in the C locale; /proc keeps the path exact.
  assert.ok(fast.cmd.endsWith(`--profile-dir ${dir}`), fast.cmd);
  assert.equal(fast.cmd.replace(/[^\x00-\x7f]/g, '').length, portable.cmd.replace(/\?/g, '').length);
  assert.ok(Math.abs(fast.startTime!.getTime() - portable.startTime!.getTime()) < 1500);
  assert.ok(fast.memory > 0);
  child.kill('SIGKILL');
});
