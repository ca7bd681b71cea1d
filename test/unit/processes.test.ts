import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { isAlive, killTrees, sightNow, signalEach, waitUntilGone } from '../../src/core/kill';
import { silentLogger } from '../../src/core/log';
import {
  clusterIdArg,
  listOwnProcesses,
  matchProfileProcesses,
  parseIppEnvironment,
  profileDirArg,
  roleOf,
  type IppEnvironment,
} from '../../src/core/processRoles';
import { childrenByParent, listWithPsList, readProcText, readProcTextSync, type ProcessRecord } from '../../src/core/processTable';
import { startTicks, stillRunning } from '../processStart';

const rec = (pid: number, ppid: number, cmd: string, uid = 1000, startSec = 100): ProcessRecord => ({
  pid,
  ppid,
  uid,
  cpu: 0,
  memory: 0,
  cmd,
  startTime: new Date(startSec * 1000),
});
const options = {
  uid: 1000,
  readArgv: (r: ProcessRecord) => r.cmd.split(' '),
  readCwd: () => '/work',
  readEnvironment: () => undefined,
  startedAt: (r: ProcessRecord) => r.startTime?.getTime(),
};
const ctl = (pid: number, ppid: number, dir: string, t = 100) =>
  rec(pid, ppid, `/usr/bin/python3 -m ipyparallel.controller --profile-dir ${dir} --cluster-id`, 1000, t);
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
  assert.deepEqual(
    m.schedulers.map((p) => p.pid),
    [11, 12],
  );
  assert.deepEqual(
    m.engines.map((p) => p.pid),
    [20, 30],
  );
  assert.deepEqual(
    m.nannies.map((p) => p.pid),
    [21, 31],
  );
  assert.equal(m.orphans.length, 0);
  assert.equal(m.all.length, 7);
});

test('matching is exact: …/vm never matches …/vm2, other users or tail -f of a log', () => {
  const dir = '/s/ipyparallel/u/vm';
  const table = [
    ctl(10, 1, `${dir}2`),
    ctl(11, 10, `${dir}2`),
    eng(20, `${dir}2`),
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
  assert.deepEqual(
    m.engines.map((p) => p.pid),
    [30],
  );
  assert.deepEqual(
    m.orphans.map((p) => p.pid),
    [20],
  );
});

test('the warm process is standby; what it forked are engines and (by their name) nannies, also once their engine is gone; without the controller, orphans', () => {
  const dir = '/p';
  // Forked processes keep the warm process's command line; only the warm process reads a pipe on stdin.
  const warm = (pid: number, ppid: number, t = 102) => rec(pid, ppid, `/usr/bin/python3 /ext/dist/ipp_standby.py --profile-dir=${dir} --cluster-id=`, 1000, t);
  const waiting = new Set([40, 50]);
  const nannies = new Set([61, 71, 81]);
  const withStdin = {
    ...options,
    isWaitingStandby: (pid: number) => waiting.has(pid),
    readName: (pid: number) => (nannies.has(pid) ? 'ipp-nanny' : 'python3'),
  };
  const table = [
    ctl(10, 1, dir),
    ctl(11, 10, dir),
    eng(20, dir),
    nanny(21, 20),
    warm(40, 5), // the warm process, a child of the editor
    warm(60, 40, 103), // an engine it forked, and that engine's nanny
    warm(61, 60, 103),
    warm(70, 1, 103), // forked by a warm process since gone, with its nanny
    warm(71, 70, 103),
    warm(81, 1, 103), // the nanny of an engine that just died, not yet gone: no engine
    warm(50, 5, 50), // started before this controller: it serves none
  ];
  const m = matchProfileProcesses(table, dir, withStdin);
  assert.deepEqual(
    m.engines.map((p) => p.pid),
    [20, 60, 70],
  );
  assert.deepEqual(
    m.nannies.map((p) => p.pid),
    [21, 61, 71],
  );
  assert.deepEqual(
    m.standby.map((p) => p.pid),
    [40],
  );
  assert.deepEqual(
    m.orphans.map((p) => p.pid),
    [50, 81],
  );
  assert.deepEqual(m.all.map((p) => p.pid).sort(), [10, 11, 20, 21, 40, 50, 60, 61, 70, 71, 81]);
  const dead = matchProfileProcesses(table.slice(2), dir, withStdin);
  assert.deepEqual(dead.orphans.map((p) => p.pid).sort(), [20, 21, 40, 50, 60, 61, 70, 71, 81]);
});

test('the controller named in the cluster file is live even before it forks schedulers', () => {
  const m = matchProfileProcesses([ctl(10, 1, '/p')], '/p', { ...options, controllerPidHints: [10] });
  assert.equal(m.controller?.pid, 10);
  assert.equal(m.orphans.length, 0);
});

// ipyparallel 8 and 9: argv is only `python -m ipyparallel.<role>`; the profile travels in the environment.
const KEY = 'e3b0c44298fc1c149afbf4c8996fb924';
const environ = (dir: string, clusterId = '') => `PATH=/usr/bin\0IPP_PROFILE_DIR=${dir}\0IPP_CLUSTER_ID=${clusterId}\0IPP_CONNECTION_INFO={"key": "${KEY}"}\0`;
const ctl9 = (pid: number, ppid: number, t = 100) => rec(pid, ppid, '/venv/bin/python -m ipyparallel.controller', 1000, t);
const eng9 = (pid: number, t = 101) => rec(pid, 1, '/venv/bin/python -m ipyparallel.engine', 1000, t);
const nanny9 = (pid: number, ppid: number) => rec(pid, ppid, '/venv/bin/python -m ipyparallel.engine.nanny');
function withEnvironments(envs: Record<number, string>) {
  return { ...options, readEnvironment: (pid: number): IppEnvironment | undefined => (envs[pid] ? parseIppEnvironment(envs[pid]) : undefined) };
}

test('only the profile and cluster id are read from an environment: never the key', () => {
  assert.deepEqual(parseIppEnvironment(environ('/p', 'x')), { profileDir: '/p', clusterId: 'x' });
  assert.equal(parseIppEnvironment('PATH=/bin\0HOME=/root\0'), undefined);
  assert.equal(clusterIdArg(['-m', 'ipyparallel.engine', '--profile-dir', '/p', '--cluster-id', '', '--log-level=20']), '');
  assert.equal(clusterIdArg(['-m', 'ipyparallel.engine', '--cluster-id=lab']), 'lab');
  assert.equal(clusterIdArg(['-m', 'ipyparallel.engine']), undefined);
});

test('8.x/9.x: a running cluster is matched by IPP_PROFILE_DIR, exactly, and nothing of the key is kept', () => {
  const dir = '/s/ipyparallel/u/vm';
  const table = [ctl9(10, 1), ctl9(11, 10), eng9(20), nanny9(21, 20), eng9(30), nanny9(31, 30), ctl9(40, 1), ctl9(41, 40), eng9(50)];
  const envs: Record<number, string> = {
    10: environ(dir),
    11: environ(dir),
    20: environ(dir),
    21: environ(dir),
    30: environ(dir),
    31: environ(dir),
    40: environ(`${dir}2`),
    41: environ(`${dir}2`),
    50: environ(`${dir}2`),
  };
  const m = matchProfileProcesses(table, dir, withEnvironments(envs));
  assert.equal(m.controller?.pid, 10);
  assert.deepEqual(
    m.schedulers.map((p) => p.pid),
    [11],
  );
  assert.deepEqual(
    m.engines.map((p) => p.pid),
    [20, 30],
  );
  assert.deepEqual(
    m.nannies.map((p) => p.pid),
    [21, 31],
  );
  assert.deepEqual(m.orphans, []);
  assert.equal(m.all.length, 6, 'the sibling profile …/vm2 was matched');
  assert.ok(!JSON.stringify(m).includes(KEY), 'the key reached the match result');
});

test('8.x/9.x: after kill -9 of the controller, schedulers, engines and nannies (by environment) are orphans', () => {
  const dir = '/p';
  const table = [ctl9(11, 1), eng9(20), nanny9(21, 20), nanny9(22, 1)];
  const m = matchProfileProcesses(table, dir, {
    ...withEnvironments({ 11: environ(dir), 20: environ(dir), 21: environ(dir), 22: environ(dir) }),
    controllerPidHints: [10],
  });
  assert.equal(m.controller, undefined);
  assert.deepEqual(m.orphans.map((p) => p.pid).sort(), [11, 20, 21, 22]);
});

test('several clusters in one profile: each has its own controller and engines; another live cluster is never an orphan', () => {
  const dir = '/p';
  const table = [ctl(10, 1, dir), ctl(11, 10, dir), eng(20, dir), ctl9(40, 1), ctl9(41, 40), eng9(50), nanny9(51, 50), ctl9(60, 1), eng9(70)];
  const envs = {
    40: environ(dir, 'lab'),
    41: environ(dir, 'lab'),
    50: environ(dir, 'lab'),
    51: environ(dir, 'lab'),
    60: environ(dir, 'gone'),
    70: environ(dir, 'gone'),
  };
  const m = matchProfileProcesses(table, dir, withEnvironments(envs));
  assert.equal(m.clusterId, '');
  assert.equal(m.controller?.pid, 10);
  assert.deepEqual(
    m.engines.map((p) => p.pid),
    [20],
  );
  assert.deepEqual(
    m.otherClusters.map((c) => [c.clusterId, c.controller?.pid, c.engines.map((e) => e.pid), c.nannies.map((n) => n.pid)]),
    [['lab', 40, [50], [51]]],
  );
  // A controller without schedulers is not live: cluster "gone" is what kill -9 left behind.
  assert.deepEqual(
    m.orphans.map((p) => [p.pid, p.clusterId]),
    [
      [60, 'gone'],
      [70, 'gone'],
    ],
  );
  const lab = matchProfileProcesses(table, dir, { ...withEnvironments(envs), clusterId: 'lab' });
  assert.equal(lab.controller?.pid, 40);
  assert.deepEqual(
    lab.otherClusters.map((c) => c.clusterId),
    [''],
  );
});

// Real processes: fake ipyparallel command lines (python sleeping), matched through ps-list and /proc.
const children: ChildProcess[] = [];
const tempDirs: string[] = [];
after(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});
/** A temporary folder named as a profile's path could be (spaces, non-ASCII), removed after this file's tests. */
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};

function fakeEngine(profileDir: string): ChildProcess {
  // The real interpreter, not a pyenv shim: a shim's exec would change the command line after the scan.
  const child = spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(60)', '-m', 'ipyparallel.engine', '--profile-dir', profileDir], { stdio: 'ignore' });
  children.push(child);
  return child;
}

test('real process table: exact profile match with spaces and non-ASCII in the path, then a verified tree kill', async () => {
  const base = tempDir('ipp unit é-');
  const dir = path.join(base, 'ipyparallel', 'u', 'vm');
  const mine = fakeEngine(dir);
  const sibling = fakeEngine(`${dir}2`);
  await new Promise((r) => setTimeout(r, 300));
  const matched = matchProfileProcesses(await listOwnProcesses(), dir, { uid: process.getuid!() });
  assert.deepEqual(
    matched.all.map((p) => p.pid),
    [mine.pid],
  );
  assert.equal(matched.orphans.length, 1, 'an engine without a controller is an orphan');
  const report = await killTrees([sightNow(mine.pid!)], silentLogger, 1000);
  assert.deepEqual(report.terminated, [mine.pid]);
  assert.equal(isAlive(mine.pid!), false);
  assert.equal(isAlive(sibling.pid!), true, 'the sibling profile was touched');
});

test('killTrees escalates to SIGKILL for a process that ignores SIGTERM', async () => {
  const stubborn = spawn('python3', ['-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print("ready", flush=True); time.sleep(60)'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(stubborn);
  await new Promise((r) => stubborn.stdout!.once('data', r));
  const report = await killTrees([sightNow(stubborn.pid!)], silentLogger, 300);
  assert.deepEqual(report.killed, [stubborn.pid]);
  assert.deepEqual(report.survivors, []);
});

test('killTrees ends a child that ignores SIGTERM after its parent exited on it (re-parented, out of the tree)', async () => {
  // The root exits on SIGTERM; its child ignores it, as a solver or a pool worker that a task started may.
  const code = [
    'import subprocess, sys, time',
    'child = subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print(flush=True); time.sleep(60)"], stdout=subprocess.PIPE)',
    'child.stdout.readline()',
    'print(child.pid, flush=True)',
    'time.sleep(60)',
  ].join('\n');
  const root = spawn('python3', ['-c', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(root);
  const childPid = Number(await new Promise<string>((resolve) => root.stdout!.once('data', (d: Buffer) => resolve(d.toString()))));
  const seen = new Map([root.pid!, childPid].map((pid) => [pid, startTicks(pid)]));
  try {
    await killTrees([sightNow(root.pid!)], silentLogger, 500);
    assert.deepEqual(stillRunning(seen), [], 'still running after killTrees');
  } finally {
    for (const pid of stillRunning(seen)) process.kill(pid, 'SIGKILL');
  }
});

test('real process table: an 8.x/9.x-style engine is found by its environment only', async () => {
  const dir = tempDir('ipp env é-');
  const child = spawn('python3', ['-c', 'import time; time.sleep(60)', '-m', 'ipyparallel.engine'], {
    stdio: 'ignore',
    env: { ...process.env, IPP_PROFILE_DIR: dir, IPP_CLUSTER_ID: '', IPP_CONNECTION_INFO: `{"key": "${KEY}"}` },
  });
  children.push(child);
  await new Promise((r) => setTimeout(r, 300));
  const matched = matchProfileProcesses(await listOwnProcesses(), dir, { uid: process.getuid!() });
  assert.deepEqual(
    matched.all.map((p) => p.pid),
    [child.pid],
  );
  assert.ok(!JSON.stringify(matched).includes(KEY));
  assert.equal(matchProfileProcesses(await listOwnProcesses(), `${dir}2`, { uid: process.getuid!() }).all.length, 0);
  child.kill('SIGKILL');
});

test('the /proc scan and ps-list agree on our processes (pid, parent, owner, command line)', async () => {
  const dir = tempDir('ipp agree ü-');
  const child = fakeEngine(dir);
  await new Promise((r) => setTimeout(r, 300));
  const fast = (await listOwnProcesses()).find((p) => p.pid === child.pid);
  const portable = (await listWithPsList(/ipyparallel/)).find((p) => p.pid === child.pid);
  assert.ok(fast && portable, 'the fake engine was not found');
  assert.deepEqual([fast.ppid, fast.uid], [portable.ppid, portable.uid]);
  // ps prints non-ASCII as '?' in the C locale; /proc keeps the path exact.
  assert.ok(fast.cmd.endsWith(`--profile-dir ${dir}`), fast.cmd);
  assert.equal(fast.cmd.replace(/[^\p{ASCII}]/gu, '').length, portable.cmd.replace(/\?/g, '').length);
  assert.ok(Math.abs(fast.startTime!.getTime() - portable.startTime!.getTime()) < 1500);
  assert.ok(fast.memory > 0);
  child.kill('SIGKILL');
});

test('/proc files are read whole: a command line of about 100 KB (many read buffers), a status file', async () => {
  const long = 'ü'.repeat(50_000) + '-end';
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', long], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const expected = `${process.execPath}\0-e\0setTimeout(() => {}, 30000)\0${long}\0`;
    assert.equal(await readProcText(`/proc/${child.pid}/cmdline`), expected);
    assert.equal(readProcTextSync(`/proc/${child.pid}/cmdline`), expected);
    assert.equal(readProcTextSync('/proc/self/status').split('\n')[0], `Name:\t${fs.readFileSync('/proc/self/comm', 'utf8').trim()}`);
  } finally {
    child.kill('SIGKILL');
  }
});

test('a pid that is no longer the process seen (another start time: pid reuse) is never signalled', async () => {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((r) => setTimeout(r, 100));
  const seen = sightNow(child.pid!);
  const report = await killTrees([{ ...seen, startedAt: seen.startedAt! - 10_000 }], silentLogger, 300);
  assert.deepEqual(report, { terminated: [], killed: [], survivors: [] });
  signalEach([{ ...seen, cmd: 'python3 -m ipyparallel.engine' }], 'SIGTERM', silentLogger);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(isAlive(child.pid!), true, 'a process other than the one seen was signalled');
  assert.deepEqual((await killTrees([seen], silentLogger, 1000)).terminated, [child.pid]);
});

test('a tree kill goes on after EPERM: the other members of the tree still end', async () => {
  const shell = spawn('sh', ['-c', 'sleep 60 & sleep 60 & echo ready; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(shell);
  await new Promise((r) => shell.stdout!.once('data', r));
  const sleepers = childrenByParent().get(shell.pid!) ?? [];
  assert.equal(sleepers.length, 2);
  const refused: number[] = [];
  const send = (pid: number, signal: NodeJS.Signals) => {
    if (pid === sleepers[0]) {
      refused.push(pid);
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    }
    process.kill(pid, signal);
  };
  await killTrees([sightNow(shell.pid!)], silentLogger, 1000, send);
  assert.ok(refused.length > 0, 'the refusing process was never tried');
  assert.deepEqual((await waitUntilGone([sightNow(sleepers[1])], 2000)).length, 0, 'the tree kill stopped at the first EPERM');
  assert.equal(isAlive(shell.pid!), false);
  process.kill(sleepers[0], 'SIGKILL');
});

test('CPU is the load over the last interval, not the lifetime average: an engine idle after busy work shows ~0%', async () => {
  // Spins until it has used 0.6 s of CPU (however long a loaded machine makes that take), says so, then idles.
  const code = 'while (process.cpuUsage().user < 600000); console.log("idle"); setTimeout(() => {}, 60000); // ipyparallel.engine stand-in';
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await new Promise((resolve) => child.stdout!.once('data', resolve));
    const cpuOf = async () => (await listOwnProcesses()).find((r) => r.pid === child.pid)!.cpu;
    const lifetime = await cpuOf(); // the first sight of a process: its lifetime average
    assert.ok(lifetime > 10, `lifetime ${lifetime}`);
    await new Promise((r) => setTimeout(r, 1200));
    const recent = await cpuOf();
    assert.ok(recent < 5 && recent < lifetime / 2, `over the last interval ${recent}, lifetime ${lifetime}`);
  } finally {
    child.kill('SIGKILL');
  }
});
