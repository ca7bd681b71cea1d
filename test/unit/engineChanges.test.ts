import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { ClusterRecords } from '../../src/core/clusterRecord';
import type { ClusterTarget, EngineRef } from '../../src/core/clusterTypes';
import { deferred } from '../../src/core/timing';
import { EngineChanges } from '../../src/core/engineChanges';
import type { EngineQueue } from '../../src/core/helper';
import { KeyRing } from '../../src/core/keyRing';
import type { ProfileProcess, ProfileProcesses } from '../../src/core/processRoles';
import { launcherDefaults } from '../../src/core/scaleOut';
import { silentLogger } from '../../src/core/log';

const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-changes-'));
after(() => fs.rmSync(profileDir, { recursive: true, force: true }));
const target: ClusterTarget = { profileDir, workspaceFolder: profileDir, clusterId: '', launcher: launcherDefaults('local'), standbyEngines: false };
const python = { pythonPath: '/usr/bin/python3', version: '3.11', ipyparallel: '9.2' } as never;

/** A running cluster of `busy.length` local engines (ids 0…, pids 1000+id); `busy[i]`: engine i has a task. */
function cluster(busy: boolean[]) {
  const engines: EngineQueue[] = busy.map((b, id) => ({ id, queue: 0, completed: 0, tasks: b ? 1 : 0, answered: true, pid: 1000 + id, host: os.hostname() }));
  const procs = {
    controller: { pid: 10, role: 'controller' },
    engines: engines.map((e) => ({ pid: e.pid, role: 'engine' }) as ProfileProcess),
  } as unknown as ProfileProcesses;
  const seen = { ended: [] as number[], booted: [] as { count: number; keep: number[] }[], waitedFor: [] as { gone: number[]; keep: number[] }[] };
  const outcome = deferred<{ messages: { ready?: unknown[] }[]; timedOut: boolean; error?: string; stderr: string }>();
  const changes = new EngineChanges({
    env: { helperPath: '/nonexistent', log: silentLogger, keys: new KeyRing() },
    records: new ClusterRecords(),
    jobs: {} as never,
    remote: { pidsByHost: async () => ({ pidsOn: new Map() }) } as never,
    ending: {
      endSome: async (_t: unknown, _p: unknown, local: ProfileProcess[]) => void seen.ended.push(...local.map((p) => p.pid)),
      endFresh: async () => undefined,
    } as never,
    booting: {
      residentWait: () => ({
        status: Promise.resolve({ engines, unassigned: 0 }),
        outcome: outcome.promise,
        go: (gone: number[], keep: number[] = []) => (
          seen.waitedFor.push({ gone, keep }),
          outcome.resolve({ messages: [{ ready: [] }], timedOut: false, stderr: '' })
        ),
        stop: () => undefined,
      }),
      ipcluster: (_p: unknown, _t: unknown, args: string[]) => args,
      boot: async (_p: unknown, _t: unknown, args: string[], _o: unknown, plan: { keepIds?: number[] }): Promise<EngineRef[]> => {
        const count = Number(args[args.indexOf('-n') + 1]);
        seen.booted.push({ count, keep: plan.keepIds ?? [] });
        return Array.from({ length: count }, (_, i) => ({ id: engines.length + i, pid: 2000 + i }));
      },
    } as never,
    standby: { discard: () => undefined } as never,
    processes: async () => procs,
    archiveLogs: async () => undefined,
    resident: () => ({}) as never,
    acceptStatus: (_t, status) => status!,
  });
  return { changes, procs, seen };
}

test('scaling down ends only idle engines, the highest ids first, and waits until the controller drops them', async () => {
  const { changes, procs, seen } = cluster([false, true, false, false]);
  const result = await changes.scale(python, target, procs, 2, {});
  assert.deepEqual(result.removed, [3, 2]);
  assert.deepEqual(seen.ended.sort(), [1002, 1003]);
  assert.deepEqual(seen.waitedFor, [{ gone: [3, 2], keep: [0, 1] }]);
  assert.deepEqual([result.from, result.to], [4, 2]);
});

test('scaling down is refused when it would end busy engines: nothing is ended', async () => {
  const { changes, procs, seen } = cluster([true, true, false]);
  await assert.rejects(changes.scale(python, target, procs, 1, {}), /Only 1 of 3 engines are idle/);
  assert.deepEqual(seen.ended, []);
});

test('scaling up boots only the missing engines, beside the running ones, and ends none', async () => {
  const { changes, procs, seen } = cluster([true, false]);
  const result = await changes.scale(python, target, procs, 5, {});
  assert.deepEqual(seen.booted, [{ count: 3, keep: [0, 1] }]);
  assert.deepEqual(seen.ended, []);
  assert.deepEqual([result.from, result.to, result.added.length], [2, 5, 3]);
});

test('scaling to the running count changes nothing', async () => {
  const { changes, procs, seen } = cluster([false, false]);
  const result = await changes.scale(python, target, procs, 2, {});
  assert.deepEqual([seen.booted, seen.ended, result.added, result.removed], [[], [], [], []]);
});
