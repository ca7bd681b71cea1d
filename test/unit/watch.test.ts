import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Burst } from '../../src/core/debounce';
import { buildSnapshot, type SnapshotInputs } from '../../src/core/snapshot';
import type { ProfileProcess, ProfileProcesses } from '../../src/core/processes';
import { StalenessTracker } from '../../src/core/staleness';
import { sourceMatcher } from '../../src/core/watchMatch';
import { statusBarView } from '../../src/views/statusBarView';

test('a burst of 50 events is delivered once, with all of them', async () => {
  const deliveries: number[][] = [];
  const burst = new Burst<number>(() => 30, (items) => deliveries.push(items));
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

const proc = (pid: number, role: ProfileProcess['role'], startedAt = 1000): ProfileProcess => ({ pid, ppid: 1, cpu: 1, memory: 2, cmd: `python -m ipyparallel.${role}`, role, startedAt, clusterId: '' });

function inputs(processes: Partial<ProfileProcesses>, extra: Partial<SnapshotInputs> = {}): SnapshotInputs {
  const procs: ProfileProcesses = { clusterId: '', schedulers: [], engines: [], nannies: [], launchers: [], standby: [], otherClusters: [], orphans: [], all: [], ...processes };
  return { folder: '/ws', profileDir: '/ws/p', profileExists: true, processes: procs, knownPids: new Map(), staleFiles: () => [], startupFiles: [], activity: 'idle', restartPending: false, lastError: null, logs: [], ...extra };
}

test('snapshot: idle, busy (pid from an earlier probe), unresponsive, and not yet registered engines', () => {
  const controller = proc(10, 'controller');
  const engines = [proc(20, 'engine'), proc(30, 'engine'), proc(40, 'engine')];
  const status = {
    controllerAlive: true, controllerPid: 10, engineProcesses: 3, durationMs: 1,
    engines: [
      { id: 0, queue: 0, completed: 5, tasks: 0, answered: true, pid: 20 },
      { id: 1, queue: 1, completed: 2, tasks: 0, answered: false, pid: null },
      { id: 2, queue: 0, completed: 0, tasks: 0, answered: false, pid: 99 },
    ],
  };
  const s = buildSnapshot(inputs({ controller, engines }, { status, knownPids: new Map([[1, 30]]) }));
  assert.deepEqual(s.engines.map((e) => [e.id, e.pid, e.state]), [[0, 20, 'idle'], [1, 30, 'busy'], [2, null, 'unresponsive'], [null, 40, 'starting']]);
  assert.equal(s.controller?.pid, 10);
});

test('snapshot: a status from a previous controller is ignored', () => {
  const status = { controllerAlive: true, controllerPid: 9, engineProcesses: 1, durationMs: 1, engines: [{ id: 0, queue: 0, completed: 0, tasks: 0, answered: true, pid: 20 }] };
  const s = buildSnapshot(inputs({ controller: proc(10, 'controller'), engines: [proc(20, 'engine')] }, { status }));
  assert.deepEqual(s.engines.map((e) => e.state), ['starting']);
});

test('status bar: hidden without a profile, k/N when running, warning with orphans, spinning while starting', () => {
  assert.equal(statusBarView(undefined), undefined);
  assert.equal(statusBarView(buildSnapshot(inputs({}, { profileExists: false }))), undefined);
  assert.equal(statusBarView(buildSnapshot(inputs({})))?.text, '$(server-process) stopped');
  const status = { controllerAlive: true, controllerPid: 10, engineProcesses: 2, durationMs: 1, engines: [{ id: 0, queue: 0, completed: 0, tasks: 0, answered: true, pid: 20 }] };
  const running = buildSnapshot(inputs({ controller: proc(10, 'controller'), engines: [proc(20, 'engine'), proc(30, 'engine')] }, { status }));
  assert.deepEqual([statusBarView(running)?.text, statusBarView(running)?.warning], ['$(server-process) 1/2', false]);
  const orphaned = buildSnapshot(inputs({ orphans: [proc(11, 'scheduler')] }));
  assert.equal(statusBarView(orphaned)?.warning, true);
  assert.match(statusBarView(orphaned)!.text, /1 orphan/);
  assert.match(statusBarView(buildSnapshot(inputs({}, { activity: 'starting' })))!.text, /sync~spin/);
});
