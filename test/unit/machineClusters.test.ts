// Discovery of every cluster of this user on this machine, on fixture trees: profiles with cluster files
// (sound, corrupt and hostile), fake process tables, and parents that come and go.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { Adoptions } from '../../src/core/adoptions';
import { describeParent, ipythonProfiles, leftByItsStarter, ParentMemory, scanMachineClusters, type MachineScanInputs } from '../../src/core/machineClusters';
import { silentLogger } from '../../src/core/log';
import type { ProcessRecord } from '../../src/core/processTable';
import { removeDeadClusterFiles } from '../../src/core/staleFiles';

const UID = 1000;
const rec = (pid: number, ppid: number, argv: string[], uid = UID, startSec = 100): ProcessRecord => ({
  pid,
  ppid,
  uid,
  cpu: 0,
  memory: 0,
  cmd: argv.join(' '),
  startTime: new Date(startSec * 1000),
});
const argvOf = new Map<number, string[]>();
const proc = (pid: number, ppid: number, module: string, profileDir: string, clusterId: string, uid = UID, startSec = 100) => {
  const argv = ['/usr/bin/python3', '-m', module, `--profile-dir=${profileDir}`, `--cluster-id=${clusterId}`];
  argvOf.set(pid, argv);
  return rec(pid, ppid, argv, uid, startSec);
};
const readers: MachineScanInputs['readers'] = {
  readArgv: (r) => argvOf.get(r.pid) ?? r.cmd.split(' '),
  readCwd: () => '/',
  readEnvironment: () => undefined,
  isWaitingStandby: () => false,
  readName: () => undefined,
  startedAt: (r) => r.startTime?.getTime(),
};

/** An IPython directory with the given profiles, each with its cluster files (id → JSON text). */
function ipythonDir(profiles: Record<string, Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-machine-'));
  for (const [name, files] of Object.entries(profiles)) {
    fs.mkdirSync(path.join(dir, name, 'security'), { recursive: true });
    for (const [id, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name, 'security', `cluster-${id}.json`), text);
  }
  return dir;
}
const clusterFile = (controllerPid: number, n: number, kind = 'local', extra = '') =>
  `{"cluster": {"n": ${n}}, "controller": {"state": {"pid": ${controllerPid}}}, "engines": {"class": "${kind}", "sets": {"s1": {"n": ${n}${extra}}}}}`;

function scan(dir: string, table: ProcessRecord[], parents = new ParentMemory(), readParent?: (pid: number) => string[] | undefined) {
  return scanMachineClusters({ profileDirs: ipythonProfiles(dir), table, parents, uid: UID, readers, readParent: readParent ?? (() => undefined) });
}
const summary = (found: ReturnType<typeof scan>) =>
  found.map((c) => [path.basename(c.profileDir), c.clusterId, c.state, c.engines, c.launcher, c.controllerPid].join(' '));

test("a notebook's cluster, a shell's second profile and a sibling profile sharing a prefix: each with its id and engine count", () => {
  const dir = ipythonDir({ profile_default: { '1700-abcd': clusterFile(4242, 2) }, profile_vm: { x: clusterFile(5000, 1) }, profile_vm2: {} });
  const p = (name: string) => path.join(dir, name);
  const table = [
    proc(4242, 4000, 'ipyparallel.controller', p('profile_default'), '1700-abcd'),
    proc(4243, 4242, 'ipyparallel.controller', p('profile_default'), '1700-abcd'),
    proc(4250, 1, 'ipyparallel.engine', p('profile_default'), '1700-abcd', UID, 101),
    proc(4251, 1, 'ipyparallel.engine', p('profile_default'), '1700-abcd', UID, 101),
    proc(5000, 1, 'ipyparallel.controller', p('profile_vm'), 'x'),
    proc(5001, 5000, 'ipyparallel.controller', p('profile_vm'), 'x'),
    proc(5010, 1, 'ipyparallel.engine', p('profile_vm'), 'x', UID, 101),
    proc(6000, 1, 'ipyparallel.controller', p('profile_vm2'), ''),
    proc(6001, 6000, 'ipyparallel.controller', p('profile_vm2'), ''),
    proc(6010, 1, 'ipyparallel.engine', p('profile_vm2'), '', UID, 101),
    proc(6011, 1, 'ipyparallel.engine', p('profile_vm2'), '', UID, 101),
    proc(6012, 1, 'ipyparallel.engine', p('profile_vm2'), '', UID, 101),
  ];
  assert.deepEqual(summary(scan(dir, table)), [
    'profile_default 1700-abcd running 2 local 4242',
    'profile_vm x running 1 local 5000',
    'profile_vm2  running 3 local 6000',
  ]);
});

test('a cluster of another user is never listed, even in a profile of ours', () => {
  const dir = ipythonDir({ profile_default: {} });
  const p = path.join(dir, 'profile_default');
  const table = [proc(7000, 1, 'ipyparallel.controller', p, 'theirs', 2000), proc(7001, 7000, 'ipyparallel.controller', p, 'theirs', 2000)];
  assert.deepEqual(summary(scan(dir, table)), []);
});

test('a profile outside every scanned folder is found by what its processes name', () => {
  const dir = ipythonDir({});
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-elsewhere-'));
  const table = [proc(7100, 1, 'ipyparallel.controller', elsewhere, 'z'), proc(7101, 7100, 'ipyparallel.controller', elsewhere, 'z')];
  assert.deepEqual(
    scan(dir, table).map((c) => [c.profileDir, c.clusterId, c.state]),
    [[elsewhere, 'z', 'running']],
  );
});

test('a dead controller: its left engines are orphaned; a file alone is stale; a batch job may still run, so orphaned too', () => {
  const dir = ipythonDir({
    profile_a: { left: clusterFile(8000, 2), gone: clusterFile(8100, 2), job: clusterFile(8200, 4, 'slurm', ', "job_id": "12"') },
  });
  const p = path.join(dir, 'profile_a');
  const table = [proc(8010, 1, 'ipyparallel.engine', p, 'left', UID, 101)];
  assert.deepEqual(summary(scan(dir, table)), [
    'profile_a gone stale 0 local 8100',
    'profile_a job orphaned 4 slurm 8200',
    'profile_a left orphaned 1 local 8000',
  ]);
});

test('corrupt and hostile cluster files (bad JSON, a link to /dev/zero, a FIFO, 9 MiB) are passed over, without blocking; sound ones beside them are listed', () => {
  const dir = ipythonDir({ profile_h: { bad: '{"cluster": ', sound: clusterFile(9000, 1), number: '42' } });
  const security = path.join(dir, 'profile_h', 'security');
  fs.symlinkSync('/dev/zero', path.join(security, 'cluster-zero.json'));
  execFileSync('mkfifo', [path.join(security, 'cluster-fifo.json')]);
  fs.writeFileSync(path.join(security, 'cluster-huge.json'), `{"x": "${'a'.repeat(9 << 20)}"}`);
  const started = performance.now();
  assert.deepEqual(summary(scan(dir, [])), ['profile_h sound stale 0 local 9000']);
  assert.ok(performance.now() - started < 5000, 'the scan blocked');
});

test('a cluster file naming a bystander as its controller does not make it running', () => {
  const dir = ipythonDir({ profile_f: { forged: clusterFile(process.pid, 2) } });
  const bystander = rec(process.pid, 1, ['node', 'bystander.js']);
  assert.deepEqual(
    scan(dir, [bystander]).map((c) => [c.clusterId, c.state, c.processes.length]),
    [['forged', 'stale', 0]],
  );
});

test("the controller's parent: a kernel while it runs, still named once it is gone and the controller re-parented", () => {
  const dir = ipythonDir({ profile_default: {} });
  const p = path.join(dir, 'profile_default');
  const kernel = ['/usr/bin/python3', '-m', 'ipykernel_launcher', '-f', '/run/kernel-1.json'];
  const parents = new ParentMemory();
  const table = (ppid: number) => [proc(4242, ppid, 'ipyparallel.controller', p, 'nb'), proc(4243, 4242, 'ipyparallel.controller', p, 'nb')];
  const readParent = (pid: number) => (pid === 4000 ? kernel : undefined);
  assert.deepEqual(scan(dir, table(4000), parents, readParent)[0].startedBy, { pid: 4000, alive: true, what: 'a Jupyter kernel' });
  const left = scan(dir, table(1), parents, () => undefined)[0];
  assert.deepEqual(left.startedBy, { pid: 4000, alive: false, what: 'a Jupyter kernel' });
  assert.equal(leftByItsStarter(left), true, 'a cluster its kernel left is not offered to Kill Orphans');
  // First seen already re-parented (to init): the parent is gone, and unknown.
  const daemon = scan(dir, table(1), new ParentMemory(), readParent)[0];
  assert.deepEqual(daemon.startedBy, { pid: null, alive: false, what: null });
  // A daemon (ipcluster --daemonize) lets go of its parent on purpose: not an orphan.
  assert.equal(leftByItsStarter(daemon), false);
});

test('parents are named by what they run', () => {
  assert.equal(describeParent(['/usr/bin/python3', '-m', 'ipyparallel.cluster', 'start']), 'ipcluster');
  assert.equal(describeParent(['/usr/bin/python3', '/usr/local/bin/jupyter-lab']), 'a Jupyter server');
  assert.equal(describeParent(['/bin/bash']), 'bash');
});

test('an adoption lasts while its very controller runs, across a reload (a new store reader), and is dropped once it is gone', async () => {
  const saved = new Map<string, unknown>();
  const store = { get: (key: string) => saved.get(key), update: async (key: string, value: unknown) => void saved.set(key, value) };
  let running = true;
  const adoption = { profileDir: '/home/u/.ipython/profile_default', clusterId: '1700-abcd', controllerPid: 4242, controllerStartedAt: 5000 };
  await new Adoptions(store, () => running).adopt('file:///w', adoption);
  const reloaded = new Adoptions(store, () => running);
  assert.deepEqual(reloaded.of('file:///w'), adoption);
  assert.equal(reloaded.folderOf(adoption.profileDir, adoption.clusterId), 'file:///w');
  running = false;
  assert.equal(reloaded.of('file:///w'), undefined);
  assert.deepEqual(saved.get('ippEngines.adoptions'), {}, 'the record of a gone controller was kept');
});

test('what the store holds is checked: malformed adoptions are ignored', () => {
  const junk = { a: null, b: { profileDir: 1 }, c: { profileDir: '/p', clusterId: 'x', controllerPid: -1, controllerStartedAt: null }, d: 'x' };
  const adoptions = new Adoptions({ get: () => junk, update: async () => undefined }, () => true);
  assert.deepEqual(
    ['a', 'b', 'c', 'd', 'e'].map((f) => adoptions.of(f)),
    [undefined, undefined, undefined, undefined, undefined],
  );
});

test('an adoption is tied to the controller by pid and start time: a reused pid is not the same controller', () => {
  const adoptions = new Adoptions({
    get: () => ({ f: { profileDir: '/p', clusterId: 'x', controllerPid: process.pid, controllerStartedAt: 1 } }),
    update: async () => undefined,
  });
  assert.equal(adoptions.of('f'), undefined);
});

test("stopping a cluster of a profile that is not the workspace's removes that cluster's file only, not the other dead ones there", () => {
  const dir = ipythonDir({ profile_nb: { a: clusterFile(1, 1), b: clusterFile(2, 1) } });
  const profileDir = path.join(dir, 'profile_nb');
  const none = { all: [] } as unknown as Parameters<typeof removeDeadClusterFiles>[1];
  removeDeadClusterFiles({ profileDir, workspaceFolder: profileDir, clusterId: 'a', foreignProfile: true }, none, new Set(), silentLogger);
  assert.deepEqual(fs.readdirSync(path.join(profileDir, 'security')).sort(), ['cluster-b.json']);
  // The workspace's own profile: every dead cluster's file goes, as before a start.
  removeDeadClusterFiles({ profileDir, workspaceFolder: profileDir, clusterId: 'a' }, none, new Set(), silentLogger);
  assert.deepEqual(fs.readdirSync(path.join(profileDir, 'security')), []);
});
