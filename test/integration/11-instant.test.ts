import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterSnapshot } from '../../src/api';
import { Commands } from '../../src/constants';
import {
  assertUserSeesExactly,
  clusterSuite,
  killProfile,
  profileProcesses,
  run,
  scratchDir,
  setModelVersion,
  setSetting,
  startCluster,
  submitTasks,
  testPython,
  VERSION_ON_ENGINES,
  waitFor,
} from './helpers';

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
    await waitFor(
      'both engines busy',
      async () => {
        const status = await run(Commands.status);
        return status.ok && (status.engines as { queue: number; tasks: number }[]).every((e) => e.queue + e.tasks > 0);
      },
      30_000,
    );
    const spawnsBefore = ctx.api.testing.spawnCount();
    for (let i = 0; i < 5; i++) {
      const status = await run(Commands.status);
      assert.equal(status.ok, true, `status ${i + 1} under saturation: ${status.message}`);
      assert.equal((status.engines as unknown[]).length, 2);
    }
    assert.equal(ctx.api.testing.spawnCount(), spawnsBefore, 'a status started a Python process');
  });

  test('standby engines: booted after a start, run no startup file and no user code until a restart connects exactly them, with the new code; stop ends them', async () => {
    // A startup file that leaves a mark per process: a standby engine must not have run it.
    const marks = fs.mkdtempSync(path.join(scratchDir(), 'marks-'));
    const markFile = path.join(ctx.profileDir, 'startup', '90-test-mark.py');
    await setSetting('restartOnSave', 'never'); // the edit below must not restart by itself
    try {
      fs.writeFileSync(markFile, `import os\nopen(os.path.join(${JSON.stringify(marks)}, str(os.getpid())), 'w').close()\n`);
      await startCluster();
      const standby = await waitFor('2 standby engines', async () => {
        const s = await ctx.api.getSnapshot();
        return s!.standby.length === 2 && s!.standby.map((p) => p.pid);
      });
      const rows = await ctx.api.testing.treeNodes();
      const standbyRow = rows.find((r) => r.label === 'Engines')!.children.find((r) => r.contextValue === 'standby');
      assert.match(standbyRow?.description ?? '', /^2 engine\(s\) for the next restart · \d+ MiB$/);
      assert.ok(standbyRow!.tooltip!.includes(String(standby[0])));
      const engines = (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid);
      assert.deepEqual(fs.readdirSync(marks).map(Number).sort(), [...engines].sort(), 'the startup file ran on the engines only');
      await ctx.api.testing.evaluateOnEngines(VERSION_ON_ENGINES); // the engines hold version 1
      await setModelVersion(7);

      const restarted = await run(Commands.restartEngines, { confirmed: true });
      assert.equal(restarted.ok, true, restarted.message);
      const fresh = (restarted.engines as { pid: number }[]).map((e) => e.pid).sort();
      assert.deepEqual(fresh, [...standby].sort(), 'the restart did not connect the standby engines');
      assertUserSeesExactly(ctx.profileDir, fresh, engines);
      assert.deepEqual(Object.values(await ctx.api.testing.evaluateOnEngines(VERSION_ON_ENGINES)), ['7', '7']);
      assert.deepEqual(fs.readdirSync(marks).map(Number).sort(), [...engines, ...fresh].sort(), 'the startup file ran on connecting');

      const next = await waitFor('2 new standby engines', async () => {
        const s = await ctx.api.getSnapshot();
        return s!.standby.length === 2 && s!.standby.map((p) => p.pid);
      });
      assert.ok(!next.some((pid) => fresh.includes(pid)));
      assert.equal((await run(Commands.stop)).ok, true);
      assert.deepEqual(
        (await profileProcesses(ctx.profileDir)).all.map((p) => `${p.role} ${p.pid}`),
        [],
        'stop left processes behind',
      );
    } finally {
      fs.rmSync(markFile, { force: true });
      await setModelVersion(1);
      await setSetting('restartOnSave', undefined);
    }
  });

  test('with ippEngines.standbyEngines off, no standby engine boots and a restart boots its engines', async () => {
    await setSetting('standbyEngines', false);
    try {
      await startCluster();
      const restarted = await run(Commands.restartEngines, { confirmed: true });
      assert.equal(restarted.ok, true, restarted.message);
      const procs = await profileProcesses(ctx.profileDir);
      assert.deepEqual(procs.standby, []);
      assert.equal(procs.engines.length, 2);
    } finally {
      await setSetting('standbyEngines', undefined);
    }
  });
});
