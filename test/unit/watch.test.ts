import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Burst } from '../../src/core/debounce';
import { buildSnapshot, type SnapshotInputs } from '../../src/core/snapshot';
import type { ProfileProcess, ProfileProcesses } from '../../src/core/processRoles';
import { StalenessTracker } from '../../src/core/staleness';
import { sourceMatcher } from '../../src/core/watchMatch';
import { statusBarView } from '../../src/views/statusBarView';

test('a burst of 50 events is delivered once, with all of them', async () => {
  const deliveries: number[][] = [];
  const burst = new Burst<number>(
    () => 30,
    (items) => deliveries.push(items),
  );
  for (let i = 0; i < 50; i++) burst.push(i);
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(deliveries.length, 1);
  assert.equal(deliveries[0].length, 50);
  burst.push(1);
  burst.dispose();
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(deliveries.length, 1, 'a disposed burst delivered');
});

test('source matching: include minus exclude, startup sources, nothing outside the folder', () => {
  const match = sourceMatcher('/ws', ['EXOSIMS/**/*.py', 'Local/**/*.py'], ['**/__pycache__/**', 'EXOSIMS/tests/**'], ['Local/00-path.py', 'Extra/startup.py']);
  assert.equal(match('/ws/EXOSIMS/Prototypes/SurveySimulation.py'), true);
  assert.equal(match('/ws/Local/10-threads.py'), true);
  assert.equal(match('/ws/Extra/startup.py'), true);
  assert.equal(match('/ws/README.md'), false);
  assert.equal(match('/ws/EXOSIMS/notes.txt'), false);
  assert.equal(match('/ws/EXOSIMS/tests/test_x.py'), false);
  assert.equal(match('/ws/EXOSIMS/__pycache__/x.py'), false);
  assert.equal(match('/other/EXOSIMS/a.py'), false);
  assert.equal(sourceMatcher('/ws', [], [], [])('/ws/EXOSIMS/a.py'), false);
});

test("nothing in the folder's profile counts, even where the globs would match it (a restart's startup copies)", () => {
  const match = sourceMatcher('/ws', ['**/*.py'], [], ['Local/00-path.py'], '/ws/ipyparallel/me/host');
  assert.equal(match('/ws/ipyparallel/me/host/startup/00-path.py'), false);
  assert.equal(match('/ws/ipyparallel/me/host'), false);
  assert.equal(match('/ws/ipyparallel/me/host-sibling/x.py'), true, 'a sibling sharing the prefix is not the profile');
  assert.equal(match('/ws/Local/00-path.py'), true);
});

test('an engine is stale only for files changed after it started, per folder', () => {
  const tracker = new StalenessTracker();
  tracker.record('ws', '/ws/b.py', 2000);
  tracker.record('ws', '/ws/a.py', 1000);
  tracker.record('ws', '/ws/a.py', 900); // a trailing event for an older change
  tracker.record('other', '/other/c.py', 3000);
  assert.deepEqual(tracker.staleFiles('ws', 500), ['/ws/a.py', '/ws/b.py']);
  assert.deepEqual(tracker.staleFiles('ws', 1500), ['/ws/b.py']);
  assert.deepEqual(tracker.staleFiles('ws', 2500), []);
  assert.deepEqual(tracker.staleFiles('ws', null), []);
  tracker.forgetBefore('ws', 1500);
  assert.deepEqual(tracker.staleFiles('ws', 0), ['/ws/b.py']);
  assert.deepEqual(tracker.staleFiles('other', 0), ['/other/c.py']);
});

const proc = (pid: number, role: ProfileProcess['role'], startedAt = 1000): ProfileProcess => ({
  pid,
  ppid: 1,
  cpu: 1,
  memory: 2,
  cmd: `python -m ipyparallel.${role}`,
  role,
  startedAt,
  clusterId: '',
});

function inputs(processes: Partial<ProfileProcesses>, extra: Partial<SnapshotInputs> = {}): SnapshotInputs {
  const procs: ProfileProcesses = {
    clusterId: '',
    schedulers: [],
    engines: [],
    nannies: [],
    launchers: [],
    standby: [],
    otherClusters: [],
    orphans: [],
    all: [],
    ...processes,
  };
  return {
    folder: '/ws',
    profileDir: '/ws/p',
    profileExists: true,
    processes: procs,
    knownEngines: new Map(),
    localHost: 'login',
    staleFiles: () => [],
    startupFiles: [],
    activity: 'idle',
    restartPending: false,
    lastError: null,
    logs: [],
    ...extra,
  };
}

test('snapshot: idle, busy (pid from an earlier probe), unresponsive, and not yet registered engines', () => {
  const controller = proc(10, 'controller');
  const engines = [proc(20, 'engine'), proc(30, 'engine'), proc(40, 'engine')];
  const status = {
    controllerAlive: true,
    controllerPid: 10,
    engineProcesses: 3,
    durationMs: 1,
    engines: [
      { id: 0, queue: 0, completed: 5, tasks: 0, answered: true, pid: 20 },
      { id: 1, queue: 1, completed: 2, tasks: 0, answered: false, pid: null },
      { id: 2, queue: 0, completed: 0, tasks: 0, answered: false, pid: 99 },
    ],
  };
  const s = buildSnapshot(inputs({ controller, engines }, { status, knownEngines: new Map([[1, { pid: 30, host: null, startedAt: null }]]) }));
  assert.deepEqual(
    s.engines.map((e) => [e.id, e.pid, e.state]),
    [
      [0, 20, 'idle'],
      [1, 30, 'busy'],
      [2, null, 'unresponsive'],
      [null, 40, 'starting'],
    ],
  );
  assert.equal(s.controller?.pid, 10);
});

test('snapshot: engines on other hosts are judged by the controller, never by this process table', () => {
  // On login, the engines run on node1 and node2: their pids are those hosts' and may equal pids here.
  const controller = proc(10, 'controller');
  const here = proc(20, 'engine');
  const status = {
    controllerAlive: true,
    controllerPid: 10,
    engineProcesses: 0,
    durationMs: 1,
    engines: [
      { id: 0, queue: 0, completed: 3, tasks: 0, answered: true, pid: 20, host: 'node1' },
      { id: 1, queue: 1, completed: 1, tasks: 0, answered: false, pid: null, host: null },
      { id: 2, queue: 0, completed: 0, tasks: 0, answered: true, pid: 7, host: 'node2' },
    ],
  };
  const knownEngines = new Map([
    [1, { pid: 7, host: 'node2', startedAt: 2000 }],
    [2, { pid: 7, host: 'node2', startedAt: 500 }],
  ]);
  const s = buildSnapshot(
    inputs(
      { controller, engines: [here] },
      { status, knownEngines, staleFiles: (startedAt) => (startedAt !== null && startedAt < 1000 ? ['/ws/sim.py'] : []) },
    ),
  );
  const row = (id: number | null) => s.engines.find((e) => e.id === id)!;
  // No pid of theirs is missing from this process table: none is dead, and each keeps the state the controller gives.
  assert.deepEqual(
    s.engines.map((e) => [e.id, e.pid, e.host, e.state, e.dead, e.remote]),
    [
      [0, 20, 'node1', 'idle', false, true],
      [1, 7, 'node2', 'busy', false, true],
      [2, 7, 'node2', 'idle', false, true],
      [null, 20, null, 'starting', false, false], // the local process with pid 20 is not node1's engine 0
    ],
  );
  assert.deepEqual([row(0).cpu, row(0).memory], [null, null], 'CPU and memory of an engine elsewhere are unknown, not zero');
  assert.deepEqual(row(2).staleFiles, ['/ws/sim.py'], 'stale code is judged by the start the engine reported');
  assert.deepEqual(row(1).staleFiles, []);
  assert.equal(statusBarView(s)?.text, '$(server-process) 3/4 stale', 'the status bar counts and marks engines elsewhere as it does local ones');
});

test('snapshot: a status from a previous controller is ignored', () => {
  const status = {
    controllerAlive: true,
    controllerPid: 9,
    engineProcesses: 1,
    durationMs: 1,
    engines: [{ id: 0, queue: 0, completed: 0, tasks: 0, answered: true, pid: 20 }],
  };
  const s = buildSnapshot(inputs({ controller: proc(10, 'controller'), engines: [proc(20, 'engine')] }, { status }));
  assert.deepEqual(
    s.engines.map((e) => e.state),
    ['starting'],
  );
});

test('status bar: hidden without a profile, k/N when running, warning with orphans, spinning while starting', () => {
  assert.equal(statusBarView(undefined), undefined);
  assert.equal(statusBarView(buildSnapshot(inputs({}, { profileExists: false }))), undefined);
  assert.equal(statusBarView(buildSnapshot(inputs({})))?.text, '$(server-process) stopped');
  const status = {
    controllerAlive: true,
    controllerPid: 10,
    engineProcesses: 2,
    durationMs: 1,
    engines: [{ id: 0, queue: 0, completed: 0, tasks: 0, answered: true, pid: 20 }],
  };
  const running = buildSnapshot(inputs({ controller: proc(10, 'controller'), engines: [proc(20, 'engine'), proc(30, 'engine')] }, { status }));
  assert.deepEqual([statusBarView(running)?.text, statusBarView(running)?.warning], ['$(server-process) 1/2', false]);
  const orphaned = buildSnapshot(inputs({ orphans: [proc(11, 'scheduler')] }));
  assert.equal(statusBarView(orphaned)?.warning, true);
  assert.match(statusBarView(orphaned)!.text, /1 orphan/);
  assert.match(statusBarView(buildSnapshot(inputs({}, { activity: 'starting' })))!.text, /sync~spin/);
});
