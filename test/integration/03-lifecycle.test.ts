import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands } from '../../src/constants';
import { isAlive } from '../../src/core/kill';
import {
  activate,
  assertUserSeesExactly,
  clusterSuite,
  killProfile,
  profileProcesses,
  resetPython,
  run,
  setSetting,
  startCluster,
  startOutOfBand,
  submitTasks,
  testPython,
  waitFor,
  workspaceDir,
} from './helpers';

suite('Cluster lifecycle on a real cluster', () => {
  const ctx = clusterSuite();
  let profileDir = '';
  let sibling = '';

  suiteSetup(async () => {
    profileDir = ctx.profileDir;
    sibling = `${profileDir}2`;
    assert.equal((await run(Commands.createProfile, {})).ok, true);
  });

  teardown(async () => {
    await killProfile(profileDir);
    await killProfile(sibling);
  });

  suiteTeardown(async () => {
    await setSetting('engineCount', undefined);
    await resetPython();
  });

  test('createProfile is idempotent and copies the startup files', async () => {
    const again = await run(Commands.createProfile, {});
    assert.equal(again.ok, true);
    assert.equal(again.created, false);
    for (const name of ['00-path.py', '10-threads.py']) assert.ok(fs.existsSync(path.join(profileDir, 'startup', name)), `${name} not copied`);
  });

  test('start runs engines in the workspace folder; a second start reports "already running"', async () => {
    const started = await run(Commands.start, {});
    assert.equal(started.ok, true, started.message);
    assertUserSeesExactly(
      profileDir,
      (await profileProcesses(profileDir)).engines.map((e) => e.pid),
    );
    const api = await activate();
    const cwd = await api.testing.evaluateOnEngines('__import__("os").getcwd()');
    assert.deepEqual(
      Object.values(cwd),
      [workspaceDir(), workspaceDir()].map((d) => JSON.stringify(d).replace(/"/g, "'")),
    );
    const again = await run(Commands.start, {});
    assert.equal(again.ok, true);
    assert.equal(again.alreadyRunning, true);
    assert.equal((await profileProcesses(profileDir)).engines.length, 2, 'a second start added engines');
  });

  test('status answers while every engine runs a long task, and says they are busy', async () => {
    await startCluster();
    const job = submitTasks(profileDir, 60);
    ctx.tasks.push(job);
    await job.submitted;
    const status = await run(Commands.status, {});
    assert.equal(status.ok, true, status.message);
    const engines = status.engines as { queue: number; answered: boolean }[];
    assert.equal(engines.length, 2);
    assert.ok(
      engines.every((e) => e.queue > 0 && !e.answered),
      JSON.stringify(engines),
    );
    const snapshot = await (await activate()).getSnapshot();
    assert.deepEqual(
      snapshot!.engines.map((e) => e.state),
      ['busy', 'busy'],
    );
  });

  test('restart gives new engine pids with the controller pid unchanged; busy engines are not killed without consent', async () => {
    await startCluster();
    const before = await profileProcesses(profileDir);
    const job = submitTasks(profileDir, 60);
    ctx.tasks.push(job);
    await job.submitted;
    const declined = await run(Commands.restartEngines, { confirmed: false });
    assert.equal(declined.ok, false);
    assert.deepEqual(
      (await profileProcesses(profileDir)).engines.map((e) => e.pid).sort(),
      before.engines.map((e) => e.pid).sort(),
      'engines were restarted without consent',
    );
    const restarted = await run(Commands.restartEngines, { confirmed: true });
    assert.equal(restarted.ok, true, restarted.message);
    // The moment the command returns, a user's own Client sees exactly the 2 fresh engines.
    const after = await profileProcesses(profileDir);
    assertUserSeesExactly(
      profileDir,
      after.engines.map((e) => e.pid),
      before.engines.map((e) => e.pid),
    );
    assert.equal(after.controller?.pid, before.controller?.pid);
    assert.equal(after.engines.length, 2, `engines in the process table: ${JSON.stringify(after.engines)}`);
    for (const e of after.engines) assert.ok(!before.engines.some((b) => b.pid === e.pid), 'an old engine survived the restart');
    const status = await run(Commands.status, {});
    assert.equal((status.engines as { answered: boolean }[]).filter((e) => e.answered).length, 2, `status: ${JSON.stringify(status.engines)}`);
  });

  test('stop leaves zero processes, and a sibling profile …/vm2 survives stop, killOrphans and delete of …/vm', async () => {
    await startOutOfBand(sibling, workspaceDir(), 1);
    const siblingPids = (
      await waitFor('sibling engine', async () => {
        const p = await profileProcesses(sibling);
        return p.engines.length === 1 && p;
      })
    ).all.map((p) => p.pid);
    await startCluster();
    const stopped = await run(Commands.stop, {});
    assert.equal(stopped.ok, true, stopped.message);
    assert.equal((await profileProcesses(profileDir)).all.length, 0);
    await run(Commands.killOrphans, { confirmed: true });
    assert.equal((await run(Commands.deleteProfile, { confirmed: true })).ok, true);
    assert.ok(siblingPids.every(isAlive), 'a process of the sibling profile was killed');
    assert.ok(fs.existsSync(path.join(sibling, 'ipcluster_config.py')), 'the sibling profile was touched');
    assert.equal((await run(Commands.createProfile, {})).ok, true);
  });

  test('killOrphans after kill -9 of the controller leaves zero processes, and a later start works', async () => {
    await startCluster();
    const before = await profileProcesses(profileDir);
    process.kill(before.controller!.pid, 'SIGKILL');
    const snapshot = await waitFor('orphans', async () => {
      const s = await (await activate()).getSnapshot();
      return s!.orphans.length > 0 && s;
    });
    assert.equal(snapshot.controller, null);
    const refusedStart = await run(Commands.start, {});
    assert.equal(refusedStart.ok, false, 'start over orphans should ask to kill them first');
    const killed = await run(Commands.killOrphans, { confirmed: true });
    assert.equal(killed.ok, true, killed.message);
    assert.equal((await profileProcesses(profileDir)).all.length, 0);
    const restarted = await run(Commands.start, {});
    assert.equal(restarted.ok, true, restarted.message);
    assert.equal((restarted.engines as unknown[]).length, 2);
  });

  test('deleteProfile refuses a non-profile directory and the workspace folder, changing nothing', async () => {
    for (const bad of ['${workspaceFolder}', '${workspaceFolder}/EXOSIMS']) {
      await setSetting('profileDir', bad);
      const result = await run(Commands.deleteProfile, { confirmed: true });
      assert.equal(result.ok, false);
      assert.equal(result.errorKind, 'refused');
      assert.match(result.message, /Refusing to delete/);
    }
    await setSetting('profileDir', undefined);
    assert.ok(fs.existsSync(path.join(workspaceDir(), 'EXOSIMS', '__init__.py')));
    assert.ok(fs.existsSync(path.join(profileDir, 'ipcluster_config.py')));
  });

  test('deleteProfile stops the cluster, then removes the profile; create brings it back', async () => {
    await startCluster();
    const declined = await run(Commands.deleteProfile, { confirmed: false });
    assert.equal(declined.ok, false);
    assert.ok(fs.existsSync(profileDir));
    const deleted = await run(Commands.deleteProfile, { confirmed: true });
    assert.equal(deleted.ok, true, deleted.message);
    assert.equal(fs.existsSync(profileDir), false);
    assert.equal((await profileProcesses(profileDir)).all.length, 0);
    assert.equal((await run(Commands.createProfile, {})).ok, true);
  });

  test('a missing Python or a Python without ipyparallel gives a clear message naming the interpreter', async () => {
    await setSetting('pythonPath', '/nonexistent/python3');
    const missing = await run(Commands.start, {});
    assert.equal(missing.errorKind, 'python-missing');
    assert.match(missing.message, /\/nonexistent\/python3/);
    const bare = path.join(path.dirname(workspaceDir()), 'python-without-ipp');
    fs.writeFileSync(bare, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n', { mode: 0o755 });
    await setSetting('pythonPath', bare);
    const noIpp = await run(Commands.start, {});
    assert.equal(noIpp.errorKind, 'ipyparallel-missing');
    assert.match(noIpp.message, /ipyparallel is not installed.*python-without-ipp/);
    await resetPython();
    assert.equal((await profileProcesses(profileDir)).all.length, 0, 'something started with a bad interpreter');
  });

  test('a venv whose ipyparallel is broken (import fails) gives a clear message and starts nothing', async () => {
    const venv = path.join(path.dirname(workspaceDir()), 'broken venv');
    execFileSync(testPython(), ['-m', 'venv', '--without-pip', '--system-site-packages', venv]);
    const site = execFileSync(path.join(venv, 'bin', 'python'), ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], {
      encoding: 'utf8',
    }).trim();
    fs.mkdirSync(path.join(site, 'ipyparallel'), { recursive: true });
    fs.writeFileSync(path.join(site, 'ipyparallel', '__init__.py'), 'raise ImportError("this ipyparallel install is broken")\n');
    await setSetting('pythonPath', path.join(venv, 'bin', 'python'));
    const result = await run(Commands.start, {});
    await resetPython();
    assert.equal(result.errorKind, 'ipyparallel-missing', result.message);
    assert.match(result.message, /broken venv.*this ipyparallel install is broken/);
    assert.equal((await profileProcesses(profileDir)).all.length, 0, 'something started with a broken interpreter');
  });
});
