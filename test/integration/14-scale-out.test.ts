import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Commands } from '../../src/constants';
import { readClusterFiles } from '../../src/core/clusterFiles';
import {
  assertUserSeesExactly,
  clusterSuite,
  killNow,
  killProfile,
  profileProcesses,
  run,
  setSetting,
  startCluster,
  submitTasks,
  waitFor,
  workspaceDir,
} from './helpers';

/** This user's jobs in the test cluster's queue (run-all.mjs started it and set SLURM_CONF). */
function queue(): Map<string, string> {
  const out = execFileSync('squeue', ['-h', '--me', '-o', '%i|%T'], { encoding: 'utf8' });
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('|') as [string, string]),
  );
}

function recordedJobs(profileDir: string): string[] {
  return readClusterFiles(profileDir).flatMap((f) => f.engineSets.flatMap((s) => (s.jobId ? [s.jobId] : [])));
}

// Real Slurm and MPI through ipyparallel's own launchers; run-all.mjs runs this suite on 9.2 with a
// single-node Slurm it started (IPP_TEST_SCALE_OUT).
suite("Engines beyond one machine: Slurm and MPI through ipyparallel's launchers", function () {
  const ctx = clusterSuite();
  // ipyparallel writes the profile path unquoted into the batch script: Slurm's profile has no spaces
  // (the workspace's path has them on purpose; a test below checks the clear refusal).
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-scale-out-'));

  suiteSetup(async function () {
    if (!process.env.IPP_TEST_SCALE_OUT) this.skip();
    const spaced = ctx.profileDir;
    assert.equal((await run(Commands.createProfile)).ok, true);
    await setSetting('engineLauncher', 'slurm');
    const refused = await run(Commands.start);
    assert.equal(refused.ok, false);
    assert.match(refused.message, /spaces/, 'a profile path with spaces was not refused for Slurm');
    assert.equal((await profileProcesses(spaced)).all.length, 0);
    await setSetting('profileDir', path.join(base, 'profile'));
    ctx.profileDir = path.join(base, 'profile');
    assert.equal((await run(Commands.createProfile)).ok, true);
    await setSetting('engineCount', 3);
  });

  teardown(async () => {
    const left = recordedJobs(ctx.profileDir).filter((j) => queue().has(j));
    if (left.length) execFileSync('scancel', left);
    await waitFor('the test jobs gone from the queue', () => !left.some((j) => queue().has(j)), 20_000);
    await killProfile(ctx.profileDir);
  });

  suiteTeardown(async () => {
    await killProfile(path.join(base, 'profile'));
    for (const key of ['engineLauncher', 'slurm.partition', 'mpi.args', 'profileDir']) await setSetting(key, undefined);
    await setSetting('engineCount', 2);
    fs.rmSync(base, { recursive: true, force: true });
  });

  test('Slurm: start 3 engines as a job (script in the profile), busy status, ghost-free restart with a new job, stop leaves the queue empty', async () => {
    await setSetting('engineLauncher', 'slurm');
    await startCluster();
    let snapshot = (await ctx.api.getSnapshot())!;
    const [set] = snapshot.engineSets;
    assert.equal(set?.kind, 'slurm', JSON.stringify(snapshot.engineSets));
    assert.equal(queue().get(set.jobId!), 'RUNNING');
    assert.equal(set.state, 'RUNNING');
    assert.equal(snapshot.engines.length, 3);
    assert.ok(
      snapshot.engines.every((e) => e.host),
      'engines do not show their host',
    );
    assert.ok(fs.existsSync(path.join(ctx.profileDir, 'slurm_engine.sbatch')), 'the batch script is not in the profile');
    assert.ok(!fs.readdirSync(workspaceDir()).some((f) => f.endsWith('.sbatch')), 'a batch script landed in the workspace');
    const rows = await ctx.api.testing.treeNodes();
    assert.match(rows.find((r) => r.label === 'Engines')!.description ?? '', new RegExp(`Slurm job ${set.jobId} RUNNING`));

    const tasks = submitTasks(ctx.profileDir, 5);
    ctx.tasks.push(tasks);
    await tasks.submitted;
    const status = await run(Commands.status);
    assert.equal(status.ok, true, status.message);
    assert.equal((status.engines as { queue: number; tasks: number }[]).filter((e) => e.queue + e.tasks > 0).length, 3);
    await tasks.finished;

    const restarted = await run(Commands.restartEngines, { confirmed: true });
    assert.equal(restarted.ok, true, restarted.message);
    snapshot = (await ctx.api.getSnapshot())!;
    const fresh = snapshot.engineSets.find((s) => s.jobId !== set.jobId && s.state === 'RUNNING');
    assert.ok(fresh, `no new job: ${JSON.stringify(snapshot.engineSets)}`);
    assert.ok(!queue().has(set.jobId!), 'the old job is still queued');
    assertUserSeesExactly(
      ctx.profileDir,
      (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid),
    );

    const stopped = await run(Commands.stop);
    assert.equal(stopped.ok, true, stopped.message);
    assert.deepEqual(stopped.cancelledJobs, [fresh.jobId]);
    assert.equal(queue().size, 0);
    assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
  });

  test('Slurm: kill -9 of the controller leaves an orphaned job; kill orphans cancels exactly it; an outside scancel shows as gone', async () => {
    await setSetting('engineLauncher', 'slurm');
    await startCluster();
    const [job] = recordedJobs(ctx.profileDir);
    execFileSync('scancel', [job]); // from outside: ipyparallel still lists the set
    await waitFor('the job shown as gone', async () => (await ctx.api.getSnapshot())!.engineSets[0]?.state === 'gone');
    await killProfile(ctx.profileDir);

    await startCluster();
    const [second] = recordedJobs(ctx.profileDir);
    await killNow((await profileProcesses(ctx.profileDir)).controller!.pid);
    const snapshot = await waitFor('the orphaned job', async () => {
      const s = (await ctx.api.getSnapshot())!;
      return s.orphanJobs.length ? s : undefined;
    });
    assert.deepEqual(
      snapshot.orphanJobs.map((j) => j.jobId),
      [second],
    );
    const refused = await run(Commands.start);
    assert.equal(refused.ok, false, 'a start went ahead with an orphaned job');
    assert.match(refused.message, /orphan/i); // its processes here (one machine), or its job
    const killed = await run(Commands.killOrphans, { confirmed: true });
    assert.equal(killed.ok, true, killed.message);
    assert.deepEqual(killed.cancelledJobs, [second]);
    assert.equal(queue().size, 0);
    assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
  });

  /** A Slurm start into `partition` fails with a message matching `why`, and leaves nothing queued or running. */
  async function expectFailedStart(partition: string, why: RegExp): Promise<void> {
    await setSetting('engineLauncher', 'slurm');
    await setSetting('slurm.partition', partition);
    try {
      const started = await run(Commands.start);
      assert.equal(started.ok, false);
      assert.match(started.message, why);
      assert.equal(queue().size, 0);
      assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
    } finally {
      await setSetting('slurm.partition', undefined);
    }
  }

  test('Slurm: a partition that does not exist gives a clear error, and nothing is left queued or running', () =>
    expectFailedStart('nosuchpartition', /no partition "nosuchpartition".*debug/));

  test('Slurm: a job that pends for ever (a partition that is down): start fails within its time-out, naming the reason; nothing is left queued', () =>
    expectFailedStart('held', /pends.*Reason=PartitionDown/));

  test("a job of someone else's is never touched: stop and kill orphans leave it queued", async () => {
    await setSetting('engineLauncher', 'slurm');
    const foreign = /(\d+)/.exec(execFileSync('sbatch', ['--job-name=ipengine-', '--output=/dev/null', '--wrap', 'sleep 120'], { encoding: 'utf8' }))![1];
    try {
      await startCluster();
      await killNow((await profileProcesses(ctx.profileDir)).controller!.pid);
      assert.equal((await run(Commands.killOrphans, { confirmed: true })).ok, true);
      await startCluster();
      assert.equal((await run(Commands.stop)).ok, true);
      assert.ok(queue().has(foreign), 'a job that is not ours was cancelled');
      assert.equal(queue().size, 1);
    } finally {
      execFileSync('scancel', [foreign]);
    }
  });

  test('MPI: 3 engines under one mpiexec; a restart replaces it ghost-free; stop signals it, and nothing is left', async () => {
    await setSetting('engineLauncher', 'mpi');
    // CI runs as root, and has 2 cores for 3 ranks.
    await setSetting('mpi.args', ['--allow-run-as-root', '--oversubscribe']);
    await startCluster();
    const snapshot = (await ctx.api.getSnapshot())!;
    const [set] = snapshot.engineSets;
    assert.equal(set?.kind, 'mpi', JSON.stringify(snapshot.engineSets));
    assert.ok(set.pid, 'no mpiexec recorded');
    const procs = await profileProcesses(ctx.profileDir);
    assert.equal(procs.engines.length, 3, 'mpiexec counted as an engine, or engines missing');
    assert.deepEqual(
      procs.launchers.map((l) => l.pid),
      [set.pid],
    );
    assert.match((await ctx.api.testing.treeNodes()).find((r) => r.label === 'Engines')!.description ?? '', new RegExp(`mpiexec: pid ${set.pid} running`));
    const restarted = await run(Commands.restartEngines, { confirmed: true });
    assert.equal(restarted.ok, true, restarted.message);
    const after = await profileProcesses(ctx.profileDir);
    assert.equal(after.launchers.length, 1, 'the old mpiexec is still running');
    assert.notEqual(after.launchers[0].pid, set.pid);
    assertUserSeesExactly(
      ctx.profileDir,
      after.engines.map((e) => e.pid),
    );
    const stopped = await run(Commands.stop);
    assert.equal(stopped.ok, true, stopped.message);
    assert.ok((stopped.stoppedPids as number[]).includes(after.launchers[0].pid));
    assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
  });
});
