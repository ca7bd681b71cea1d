import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Commands } from '../../src/constants';
import { clientFilePath } from '../../src/core/ipyparallel';
import { isAlive } from '../../src/core/kill';
import {
  assertUserSeesExactly,
  clusterSuite,
  killProfile,
  profileProcesses,
  run,
  startOutOfBand,
  testPython,
  userView,
  waitFor,
  workspaceDir,
} from './helpers';

const LAB = 'lab7';

/** The second cluster's processes, as pids, once its engine runs. */
async function labCluster(profileDir: string): Promise<number[]> {
  return waitFor('the second cluster', async () => {
    const lab = (await profileProcesses(profileDir)).otherClusters.find((c) => c.clusterId === LAB);
    return lab?.controller && lab.engines.length === 1 && [lab.controller.pid, ...lab.schedulers.map((p) => p.pid), ...lab.engines.map((p) => p.pid)];
  });
}

suite(`Several clusters in one profile (a second cluster id, as JupyterLab makes), on ${testPython()}`, () => {
  const ctx = clusterSuite();
  let lab: number[] = [];

  suiteSetup(async () => {
    assert.equal((await run(Commands.createProfile)).ok, true);
  });

  setup(async () => {
    await startOutOfBand(ctx.profileDir, workspaceDir(), 1, LAB);
    lab = await labCluster(ctx.profileDir);
  });

  teardown(async () => {
    await killProfile(ctx.profileDir);
  });

  test('the other cluster is shown, never as orphans, and survives start, status, restart, stop and kill orphans', async () => {
    const started = await run(Commands.start);
    assert.equal(started.ok, true, started.message);
    const snapshot = (await ctx.api.getSnapshot())!;
    assert.deepEqual(
      snapshot.otherClusters.map((c) => [c.clusterId, c.controllerPid, c.engineProcesses]),
      [[LAB, lab[0], 1]],
    );
    assert.deepEqual(snapshot.orphans, [], 'processes of the other cluster were counted as orphans');
    assert.equal(snapshot.engines.length, 2);
    const rows = await ctx.api.testing.treeNodes();
    assert.ok(
      rows.find((r) => r.label === 'Other Clusters')?.children.some((c) => c.label.includes(LAB)),
      'no tree row for the other cluster',
    );

    assert.equal((await run(Commands.status)).ok, true);
    const restarted = await run(Commands.restartEngines, { confirmed: true });
    assert.equal(restarted.ok, true, restarted.message);
    assertUserSeesExactly(
      ctx.profileDir,
      (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid),
    );
    assert.equal((await run(Commands.killOrphans, { confirmed: true })).ok, true);
    const stopped = await run(Commands.stop);
    assert.equal(stopped.ok, true, stopped.message);
    assert.deepEqual(
      lab.filter((pid) => !isAlive(pid)),
      [],
      'a process of the other cluster was killed',
    );
    assert.ok(fs.existsSync(clientFilePath(ctx.profileDir, LAB)), "the other cluster's connection file was removed");
    assert.equal(userView(ctx.profileDir, LAB).ids.length, 1, 'the other cluster no longer answers');
  });

  test('a command aimed at the other cluster asks first, naming it, and acts only on it', async () => {
    assert.equal((await run(Commands.start)).ok, true);
    const ours = (await profileProcesses(ctx.profileDir)).all.filter((p) => p.clusterId === '').map((p) => p.pid);
    const declined = await run(Commands.stop, { clusterId: LAB, confirmed: false });
    assert.equal(declined.errorKind, 'cancelled');
    assert.ok(lab.every(isAlive));
    const stopped = await run(Commands.stop, { clusterId: LAB, confirmed: true });
    assert.equal(stopped.ok, true, stopped.message);
    assert.match(stopped.message, new RegExp(`cluster "${LAB}"`));
    assert.deepEqual(lab.filter(isAlive), [], 'the other cluster was not stopped');
    assert.deepEqual(
      ours.filter((pid) => !isAlive(pid)),
      [],
      'the default cluster was touched',
    );
  });

  test("kill -9 of the other cluster's controller: its processes become orphans of that cluster, and kill orphans leaves ours running", async () => {
    assert.equal((await run(Commands.start)).ok, true);
    const ours = (await profileProcesses(ctx.profileDir)).engines.map((p) => p.pid);
    process.kill(lab[0], 'SIGKILL');
    const snapshot = await waitFor('orphans of the other cluster', async () => {
      const s = (await ctx.api.getSnapshot())!;
      return s.orphans.length > 0 && s;
    });
    assert.ok(
      snapshot.orphans.every((o) => o.clusterId === LAB),
      JSON.stringify(snapshot.orphans),
    );
    assert.equal((await run(Commands.killOrphans, { confirmed: true })).ok, true);
    assert.deepEqual(lab.filter(isAlive), []);
    assert.deepEqual(
      ours.filter((pid) => !isAlive(pid)),
      [],
      'our engines were killed as orphans',
    );
  });

  test('delete asks before ending the other cluster, and no key reaches the API', async () => {
    assert.equal((await run(Commands.start)).ok, true);
    const declined = await run(Commands.deleteProfile, { confirmed: false });
    assert.equal(declined.errorKind, 'cancelled');
    assert.ok(lab.every(isAlive) && fs.existsSync(ctx.profileDir));
    const key = JSON.parse(fs.readFileSync(clientFilePath(ctx.profileDir), 'utf8')).key as string;
    assert.ok(key.length > 8);
    const seen = JSON.stringify([
      await ctx.api.getSnapshot(),
      await run(Commands.showProcesses),
      await run(Commands.status),
      await ctx.api.testing.treeNodes(),
    ]);
    assert.ok(!seen.includes(key), "the cluster's key reached the API");
    const deleted = await run(Commands.deleteProfile, { confirmed: true });
    assert.equal(deleted.ok, true, deleted.message);
    assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
    assert.equal((await run(Commands.createProfile)).ok, true);
  });
});
