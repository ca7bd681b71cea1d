import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import type { ClusterSnapshot } from '../../src/api';
import { Commands } from '../../src/constants';
import { clusterSuite, killProfile, profileProcesses, run, setSetting, startCluster, submitTasks, testPython, waitFor } from './helpers';

suite('Instant: a resident client, pushed registrations, status under load', () => {
  const ctx = clusterSuite();
  const hogs: ChildProcess[] = [];

  suiteSetup(async () => {
    assert.equal((await run(Commands.createProfile)).ok, true);
  });

  teardown(async () => {
    hogs.splice(0).forEach((hog) => hog.kill('SIGKILL'));
    await setSetting('refreshIntervalSeconds', undefined);
    await killProfile(ctx.profileDir);
  });

  test('an engine that leaves reaches the snapshot and the status bar without polling', async () => {
    await setSetting('refreshIntervalSeconds', 3600); // no timer refresh during the test
    await startCluster();
    assert.equal((await run(Commands.status)).ok, true); // the resident client is connected
    const seen: ClusterSnapshot[] = [];
    const listening = ctx.api.onDidChangeSnapshot((s) => seen.push(s));
    try {
      const [leaving] = (await profileProcesses(ctx.profileDir)).engines;
      process.kill(leaving.pid, 'SIGTERM'); // its nanny tells the controller, which tells the resident client
      const after = await waitFor('a snapshot with one engine', () => seen.find((s) => s.controller && s.engines.length === 1), 20_000);
      assert.ok(!after.engines.some((e) => e.pid === leaving.pid));
      assert.match(ctx.api.testing.statusBarText(), /\b1\/1\b/);
    } finally {
      listening.dispose();
    }
  });

  test('status answers within its time-out with every core saturated: engines spinning in Python plus a CPU hog per core', async () => {
    await startCluster();
    const tasks = submitTasks(ctx.profileDir, 60, 'spin');
    ctx.tasks.push(tasks);
    await tasks.submitted;
    for (let i = 0; i < os.cpus().length; i++) {
      hogs.push(spawn(testPython(), ['-c', 'while True: pass'], { stdio: 'ignore' }));
    }
    await waitFor('both engines busy', async () => {
      const status = await run(Commands.status);
      return status.ok && (status.engines as { queue: number; tasks: number }[]).every((e) => e.queue + e.tasks > 0);
    }, 30_000);
    const spawnsBefore = ctx.api.testing.spawnCount();
    for (let i = 0; i < 5; i++) {
      const status = await run(Commands.status);
      assert.equal(status.ok, true, `status ${i + 1} under saturation: ${status.message}`);
      assert.equal((status.engines as unknown[]).length, 2);
    }
    assert.equal(ctx.api.testing.spawnCount(), spawnsBefore, 'a status started a Python process');
  });
});
