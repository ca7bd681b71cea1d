import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands } from '../../src/constants';
import { clusterFilePaths } from '../../src/core/clusterFiles';
import { clusterFilePath } from '../../src/core/ipyparallel';
import { run, setSetting, startCluster, submitTasks, waitFor, type TestedApi } from './helpers';
import { assertNothingLeft, COMPUTE_HOSTS, multiHostSuite, processesOn, queue, userView } from './multiHost';

// Engines on other hosts: run-all.mjs runs this suite in a VS Code host on the test bed's login host
// (scripts/multi-node.sh: login, node1, node2, each with its own network, process table and hostname, a
// real Slurm across them). The engines run on node1 and node2: not in this host's process table, with
// pids of those hosts. What is left on each host is checked without the extension's own process matcher:
// every process there whose environment names the profile, read over ssh from /proc.

suite('Engines on many hosts: a real multi-node Slurm on the test bed', function () {
  let api: TestedApi;
  const base = process.env.IPP_TEST_MULTI_HOST_BASE ?? '';
  const profileDir = path.join(base, 'profile');
  const foreignProfile = path.join(base, 'foreign-profile');
  const jobs = () => [...queue().keys()];

  suiteSetup(async function () {
    if (!process.env.IPP_TEST_MULTI_HOST) this.skip();
    api = await multiHostSuite(profileDir, { engineLauncher: 'slurm' });
  });

  teardown(async () => {
    const left = jobs();
    if (left.length) execFileSync('scancel', left);
    await waitFor('the test jobs gone from the queue', () => !jobs().length, 20_000);
    for (const pid of processesOn('login', profileDir)) process.kill(pid, 'SIGKILL');
    for (const file of clusterFilePaths(profileDir)) fs.rmSync(file, { force: true });
    await waitFor('nothing of the profile on any host', () => ['login', ...COMPUTE_HOSTS].every((h) => !processesOn(h, profileDir).length), 20_000);
  });

  suiteTeardown(async () => {
    for (const key of ['engineLauncher', 'profileDir']) await setSetting(key, undefined);
    await setSetting('engineCount', 2);
  });

  test('start: 4 engines over node1 and node2, alive with their hosts past the heartbeat window; busy status; a declined restart changes nothing', async () => {
    const started = await startCluster();
    assert.equal(started.ok, true);
    const [job] = jobs();
    assert.equal(queue().get(job), 'RUNNING');
    for (const host of COMPUTE_HOSTS) assert.ok(processesOn(host, profileDir, job).length >= 2, `no engine (and nanny) of job ${job} on ${host}`);
    assert.deepEqual(processesOn('login', profileDir, job), [], 'engines of the job run on login');
    // Past the heartbeat window (500 ms × 10 misses), refreshed: no engine is judged dead from login's /proc.
    await new Promise((resolve) => setTimeout(resolve, 7000));
    await run(Commands.refresh);
    let snapshot = (await api.getSnapshot())!;
    assert.deepEqual(
      snapshot.engines.map((e) => [e.state, e.dead]),
      Array(4).fill(['idle', false]),
      JSON.stringify(snapshot.engines),
    );
    assert.deepEqual([...new Set(snapshot.engines.map((e) => e.host))].sort(), COMPUTE_HOSTS);
    assert.ok(
      snapshot.engines.every((e) => e.remote && e.cpu === null && e.memory === null),
      'CPU or memory shown for engines on other hosts',
    );
    assert.equal(snapshot.controllerAddress?.source, 'default');
    assert.equal(snapshot.controllerAddress?.location, 'login');
    const rows = await api.testing.treeNodes();
    assert.match(rows.find((r) => r.label === 'Engines')!.description ?? '', new RegExp(`4/4 ready.*Slurm job ${job} RUNNING · on node\\[1-2\\]`));

    const before = userView(profileDir);
    const tasks = submitTasks(profileDir, 12);
    try {
      await tasks.submitted;
      const status = await run(Commands.status);
      assert.equal(status.ok, true, status.message);
      assert.equal(
        (status.engines as { queue: number; tasks: number }[]).filter((e) => e.queue + e.tasks > 0).length,
        4,
        'busy engines on other hosts not seen as busy',
      );
      const declined = await run(Commands.restartEngines, { confirmed: false });
      assert.equal(declined.ok, false, 'a restart went ahead over busy engines without consent');
      assert.deepEqual(jobs(), [job], 'a declined restart cancelled the job or queued a new one');
      const output = await tasks.finished;
      assert.match(output, /\["done", "done", "done", "done"\]/, `the tasks' work was lost: ${output}`);
    } finally {
      tasks.kill();
    }
    assert.deepEqual(userView(profileDir), before, 'the engines changed after a declined restart');
    snapshot = (await api.getSnapshot())!;
    assert.equal(snapshot.engines.length, 4);
  });

  test('restart when idle: exactly 4 fresh engines on the compute hosts, the old job gone; stop leaves nothing on any host', async () => {
    await startCluster();
    const [oldJob] = jobs();
    const before = userView(profileDir);
    const restarted = await run(Commands.restartEngines, { confirmed: true });
    assert.equal(restarted.ok, true, restarted.message);
    const [newJob, ...more] = jobs();
    assert.deepEqual(more, [], 'more than one job after the restart');
    assert.notEqual(newJob, oldJob);
    for (const host of COMPUTE_HOSTS) assert.deepEqual(processesOn(host, profileDir, oldJob), [], `the old job's processes are left on ${host}`);
    const after = userView(profileDir);
    assert.equal(after.ids.length, 4, `the controller lists ${after.ids.length} engines: ${JSON.stringify(after)}`);
    assert.ok(
      after.ids.every((id) => !before.ids.includes(id)),
      'an old engine id is still listed',
    );
    assert.ok(
      after.where.every((w) => /^node[12]:/.test(w)),
      `engines not on the compute hosts: ${after.where}`,
    );

    const stopped = await run(Commands.stop);
    assert.equal(stopped.ok, true, stopped.message);
    assert.deepEqual(stopped.cancelledJobs, [newJob]);
    assertNothingLeft(profileDir);
  });

  test('kill -9 of the controller: the orphaned job is offered and cancelled, nothing is left on any host', async () => {
    await startCluster();
    const [job] = jobs();
    const controller = JSON.parse(fs.readFileSync(clusterFilePath(profileDir), 'utf8')).controller.state.pid as number;
    assert.ok(processesOn('login', profileDir).includes(controller), 'the controller does not run on login');
    process.kill(controller, 'SIGKILL');
    const snapshot = await waitFor('the orphaned job', async () => {
      await run(Commands.refresh);
      const s = (await api.getSnapshot())!;
      return s.orphanJobs.length ? s : undefined;
    });
    assert.deepEqual(
      snapshot.orphanJobs.map((j) => j.jobId),
      [job],
    );
    const killed = await run(Commands.killOrphans, { confirmed: true });
    assert.equal(killed.ok, true, killed.message);
    assert.deepEqual(killed.cancelledJobs, [job]);
    await waitFor('the orphaned processes on login gone', () => !processesOn('login', profileDir).length, 10_000);
    assertNothingLeft(profileDir);
  });

  test("a foreign profile's job with the same name, named in a forged cluster file, survives stop", async () => {
    await startCluster();
    const [ours] = jobs();
    // Submitted once ours runs (the bed's 4 CPUs are all ours): it pends, and stays queued.
    fs.mkdirSync(path.join(foreignProfile, 'log'), { recursive: true });
    const foreign = /(\d+)/.exec(
      execFileSync('sbatch', ['--job-name=ipengine-', `--output=${path.join(foreignProfile, 'log', 'ipengine-.log')}`, '--wrap', 'sleep 300'], {
        encoding: 'utf8',
      }),
    )![1];
    const file = clusterFilePath(profileDir);
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.engines.sets.forged = { job_id: foreign, n: 1 };
    fs.writeFileSync(file, JSON.stringify(data));
    const stopped = await run(Commands.stop);
    assert.equal(stopped.ok, true, stopped.message);
    assert.deepEqual(stopped.cancelledJobs, [ours]);
    assert.match(stopped.message, new RegExp(`${foreign}.*not this profile's`), 'the foreign job is not named in a warning');
    assert.deepEqual(jobs(), [foreign], "the foreign profile's job was cancelled");
    for (const host of ['login', ...COMPUTE_HOSTS]) assert.deepEqual(processesOn(host, profileDir), [], `processes of the profile left on ${host}`);
  });

  test('Slurm across nodes as set (2 nodes × 2 engines, an extra #SBATCH line); a time limit warned of, then shown as such, not as a crash', async () => {
    const settings = { 'slurm.nodes': 2, 'slurm.tasksPerNode': 2, 'slurm.extraDirectives': ['--comment=ipp-engines-test'], 'slurm.timeLimit': '1' };
    for (const [key, value] of Object.entries(settings)) await setSetting(key, value);
    try {
      await startCluster();
      const [job] = jobs();
      const shown = (field: string) => new RegExp(`\\b${field}=(\\S+)`).exec(execFileSync('scontrol', ['show', 'job', '-o', job], { encoding: 'utf8' }))?.[1];
      assert.deepEqual([shown('NumNodes'), shown('NumTasks'), shown('Comment'), shown('TimeLimit')], ['2', '4', 'ipp-engines-test', '00:01:00']);
      assert.deepEqual(
        userView(profileDir)
          .where.map((w) => w.split(':')[0])
          .sort(),
        ['node1', 'node1', 'node2', 'node2'],
      );
      await run(Commands.refresh);
      assert.match(api.testing.logText(), new RegExp(`Slurm job ${job} reaches its time limit in`), 'no warning before the time limit');
      // Slurm ends the job at its limit (checked every 30 s or so): an independent look at how it ended.
      await waitFor(`job ${job} ended by Slurm`, () => !queue().has(job), 150_000);
      assert.equal(shown('JobState'), 'TIMEOUT');
      await run(Commands.refresh);
      const snapshot = (await api.getSnapshot())!;
      assert.equal(snapshot.engineSets.find((s) => s.jobId === job)?.state, 'TIMEOUT');
      const rows = await api.testing.treeNodes();
      assert.match(rows.find((r) => r.label === 'Engines')!.description ?? '', new RegExp(`Slurm job ${job} ended at its time limit`));
      assert.match(api.testing.logText(), new RegExp(`Slurm ended job ${job} at its time limit`), 'no word when Slurm ended the job');
      assert.equal((await run(Commands.stop)).ok, true);
      assertNothingLeft(profileDir);
    } finally {
      for (const key of Object.keys(settings)) await setSetting(key, undefined);
    }
  });

  test('squeue failing during stop: the controller and every process on login still end, and the job is named in a warning', async () => {
    await startCluster();
    const [job] = jobs();
    const shim = fs.mkdtempSync(path.join(base, 'squeue-fails-'));
    fs.writeFileSync(path.join(shim, 'squeue'), '#!/bin/sh\necho "squeue: error: Unable to contact slurm controller" >&2\nexit 1\n', { mode: 0o755 });
    const path0 = process.env.PATH;
    process.env.PATH = `${shim}:${path0}`;
    let stopped: Awaited<ReturnType<typeof run>>;
    try {
      stopped = await run(Commands.stop);
    } finally {
      process.env.PATH = path0;
    }
    assert.equal(stopped.ok, true, stopped.message);
    assert.match(stopped.message, new RegExp(`${job}.*could not be checked`), stopped.message);
    assert.deepEqual(processesOn('login', profileDir), [], 'processes of the profile left on login');
    assert.ok(queue().has(job), 'the job left the queue although scancel was never run');
  });
});
