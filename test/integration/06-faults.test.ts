import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands } from '../../src/constants';
import { clientFilePath, ipclusterArgs, Timeouts } from '../../src/core/ipyparallel';
import { isAlive } from '../../src/core/kill';
import { listOwnProcesses } from '../../src/core/processRoles';
import { startTicks, stillRunning } from '../processStart';
import {
  assertUserSeesExactly,
  ipcluster,
  killNow,
  profileProcesses,
  scratchDir,
  setSetting,
  startOutOfBand,
  testPython,
  waitFor,
  workspaceDir,
} from './helpers';
import { expectAlive, expectEnded, expectNothingLeft, expectOk, guarded, reliabilitySuite } from './reliability';

/** Helper processes of this profile's cluster (another program's, e.g. a benchmark's, are not this test's business). */
function helperProcesses(profileDir: string): Promise<string[]> {
  return listOwnProcesses().then((rows) =>
    rows.filter((r) => r.cmd.includes('ipp_helper.py') && r.cmd.includes(profileDir)).map((r) => `${r.pid} (since ${r.startTime?.toISOString()}): ${r.cmd}`),
  );
}

/**
 * From a user's own Client, a task on every engine starts a child that ignores SIGTERM (a solver, a pool's
 * worker) and returns its pid once the child runs: each child as pid → start time, read from /proc here.
 */
function startStubbornChildren(profileDir: string): Map<number, string | undefined> {
  const code = [
    'import ipyparallel as ipp, json, os',
    `rc = ipp.Client(${JSON.stringify(clientFilePath(profileDir))}, timeout=10)`,
    'def start_child():',
    '    import subprocess, sys',
    '    child = subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print(flush=True); time.sleep(600)"], stdout=subprocess.PIPE)',
    '    child.stdout.readline()',
    '    return child.pid',
    'print(json.dumps(rc[:].apply_sync(start_child)))',
    'os._exit(0)',
  ].join('\n');
  const out = execFileSync(testPython(), ['-c', code], { env: { ...process.env, IPP_NONINTERACTIVE: '1' }, encoding: 'utf8', timeout: 60_000 });
  const pids = JSON.parse(out.trim().split('\n').pop()!) as number[];
  return new Map(pids.map((pid) => [pid, startTicks(pid)]));
}

suite('Faults: nothing orphaned, nothing wrongly killed, nothing lost', () => {
  const ctx = reliabilitySuite();

  test('kill -9 of the controller: orphans shown at the next refresh, killOrphans leaves zero, a later start works', async () => {
    await expectOk(Commands.start);
    await killNow((await profileProcesses(ctx.profileDir)).controller!.pid);
    const snapshot = await ctx.api.getSnapshot();
    assert.ok(snapshot!.orphans.length >= 3, `orphans not shown: ${JSON.stringify(snapshot!.orphans)}`);
    await expectOk(Commands.killOrphans, { confirmed: true });
    await expectNothingLeft(ctx.profileDir);
    const again = await guarded(Commands.start);
    assert.equal(again.ok, true, again.message);
    await expectOk(Commands.stop);
    await expectNothingLeft(ctx.profileDir);
  });

  test('kill -9 of one engine: shown unresponsive, status still answers, restart brings 2 back', async () => {
    await expectOk(Commands.start);
    const victim = (await profileProcesses(ctx.profileDir)).engines[0].pid;
    process.kill(victim, 'SIGKILL');
    await waitFor('engine gone', () => !isAlive(victim));
    const status = await guarded(Commands.status);
    assert.equal(status.ok, true, status.message);
    const snapshot = await ctx.api.getSnapshot();
    assert.ok(!snapshot!.engines.some((e) => e.pid === victim && e.state !== 'unresponsive'));
    assert.equal(snapshot!.engines.filter((e) => e.state === 'idle').length, 1, JSON.stringify(snapshot!.engines));
    const restarted = await guarded(Commands.restartEngines, { confirmed: true });
    assert.equal(restarted.ok, true, restarted.message);
    assert.equal((restarted.engines as unknown[]).length, 2);
    const engines = (await ctx.api.getSnapshot())!.engines;
    assert.equal(engines.filter((e) => e.state === 'idle').length, 2, JSON.stringify(engines));
  });

  test('kill -9 of an engine together with its nanny: shown dead while the controller lists it; restart leaves exactly 2', async () => {
    await expectOk(Commands.start);
    const procs = await profileProcesses(ctx.profileDir);
    const victim = procs.engines[0].pid;
    const nanny = procs.nannies.find((n) => n.ppid === victim)!.pid;
    await ctx.api.getSnapshot(); // the controller's ids are mapped to pids while the engines answer
    // The nanny first: killed second, it can still report its engine's death in between.
    process.kill(nanny, 'SIGKILL');
    process.kill(victim, 'SIGKILL');
    await waitFor('engine gone', () => !isAlive(victim) && !isAlive(nanny));
    const snapshot = await ctx.api.getSnapshot();
    const dead = snapshot!.engines.filter((e) => e.dead);
    assert.equal(dead.length, 1, `the dead engine is not shown: ${JSON.stringify(snapshot!.engines)}`);
    assert.ok(dead[0].listedForMs !== null && dead[0].listedForMs > 0, 'how long the controller keeps it is not said');
    const rows = await ctx.api.testing.treeNodes();
    assert.ok(rows.find((r) => r.label === 'Engines')!.children.some((c) => c.contextValue === 'engine.dead' && /still lists it/.test(c.description ?? '')));
    await expectOk(Commands.restartEngines, { confirmed: true });
    const after = await profileProcesses(ctx.profileDir);
    assertUserSeesExactly(
      ctx.profileDir,
      after.engines.map((e) => e.pid),
      procs.engines.map((e) => e.pid),
    );
  });

  test("a task's child that ignores SIGTERM ends with its engine: on Restart Engines and on Stop", async () => {
    await expectOk(Commands.start);
    const batches: Map<number, string | undefined>[] = [];
    try {
      batches.push(startStubbornChildren(ctx.profileDir));
      assert.equal(stillRunning(batches[0]).length, 2, 'the tasks did not start their children');
      await expectOk(Commands.restartEngines, { confirmed: true });
      expectEnded(batches[0], 'children of tasks on the old engines, after Restart Engines:');
      batches.push(startStubbornChildren(ctx.profileDir));
      assert.equal(stillRunning(batches[1]).length, 2, 'the tasks on the fresh engines did not start their children');
      await expectOk(Commands.stop);
      expectEnded(batches[1], 'children of tasks, after Stop:');
    } finally {
      for (const batch of batches) for (const pid of stillRunning(batch)) process.kill(pid, 'SIGKILL');
    }
  });

  test('engines added out of band with `ipcluster engines` (rewrites the cluster file): stop still leaves zero', async () => {
    await expectOk(Commands.start);
    ipcluster(ipclusterArgs.engines(ctx.profileDir, '', 1));
    await waitFor('third engine', async () => (await profileProcesses(ctx.profileDir)).engines.length === 3);
    await expectOk(Commands.stop);
    await expectNothingLeft(ctx.profileDir);
  });

  test('a hanging `ipcluster stop` cannot hold up stop: it never waits on ipcluster', async () => {
    await expectOk(Commands.start);
    const hanging = path.join(scratchDir(), 'python-hanging-stop');
    fs.writeFileSync(hanging, `#!/bin/sh\ncase "$*" in *"cluster stop"*) sleep 600;; esac\nexec ${testPython()} "$@"\n`, { mode: 0o755 });
    await setSetting('pythonPath', hanging);
    const stopped = await guarded(Commands.stop);
    assert.equal(stopped.ok, true, stopped.message);
    await expectNothingLeft(ctx.profileDir);
  });

  test('corrupt, empty or truncated connection and cluster files: a clear message, no crash, recovery by stop+start', async () => {
    await expectOk(Commands.start);
    const client = clientFilePath(ctx.profileDir);
    const good = fs.readFileSync(client, 'utf8');
    for (const bad of ['', good.slice(0, 25), '{"nothing": 1}']) {
      fs.writeFileSync(client, bad);
      const status = await guarded(Commands.status);
      assert.equal(status.errorKind, 'corrupt-file', `${JSON.stringify(bad)}: ${status.message}`);
      assert.match(status.message, /ipcontroller-client\.json.*Stop and start the cluster/);
    }
    const clusterFile = path.join(ctx.profileDir, 'security', 'cluster-.json');
    fs.writeFileSync(clusterFile, '{"cluster": {"n": 2');
    assert.ok((await ctx.api.getSnapshot())!.controller, 'a corrupt cluster file broke the snapshot');
    fs.writeFileSync(client, '');
    // The controller cannot be asked whether engines are busy: stop asks first.
    assert.equal((await guarded(Commands.stop, { confirmed: false })).errorKind, 'cancelled');
    await expectOk(Commands.stop, { confirmed: true });
    await expectNothingLeft(ctx.profileDir);
    fs.writeFileSync(clusterFile, '');
    const started = await guarded(Commands.start);
    assert.equal(started.ok, true, started.message);
    await expectOk(Commands.status);
  });

  test('the controller freezing during status: status returns within its time-out, and no helper is left once it is judged hung', async () => {
    await expectOk(Commands.start);
    const controller = (await profileProcesses(ctx.profileDir)).controller!.pid;
    process.kill(controller, 'SIGSTOP');
    try {
      const status = await guarded(Commands.status);
      assert.equal(status.ok, false);
      assert.equal(status.errorKind, 'timeout', status.message);
      await waitFor('helpers gone', async () => (await helperProcesses(ctx.profileDir)).length === 0, Timeouts.residentHungMs + 5000).catch(
        async (error: Error) => {
          throw new Error(`${error.message} at ${new Date().toISOString()}: ${(await helperProcesses(ctx.profileDir)).join('; ')}`);
        },
      );
    } finally {
      process.kill(controller, 'SIGCONT');
    }
  });

  test('two starts at once make one cluster; a concurrent stop and start are serialised', async () => {
    const [a, b] = await Promise.all([guarded(Commands.start), guarded(Commands.start)]);
    assert.ok(a.ok && b.ok, `${a.message} / ${b.message}`);
    assert.equal([a, b].filter((r) => r.alreadyRunning).length, 1);
    let procs = await profileProcesses(ctx.profileDir);
    assert.equal(procs.engines.length, 2);
    assert.equal(procs.orphans.length, 0);
    await Promise.all([guarded(Commands.stop), guarded(Commands.start)]);
    procs = await profileProcesses(ctx.profileDir);
    assert.equal(procs.orphans.length, 0, 'a stop and a start interleaved');
    assert.ok(procs.controller ? procs.engines.length === 2 : procs.all.length === 0);
  });

  test('a start interrupted mid-way (the host went away): the half-started cluster shows as running, not lost', async () => {
    const { spawn: spawnChild } = await import('node:child_process');
    // What a host that dies right after launching ipcluster leaves behind.
    spawnChild(testPython(), ipclusterArgs.start(ctx.profileDir, '', 2), {
      cwd: workspaceDir(),
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, IPP_NONINTERACTIVE: '1' },
    }).unref();
    const snapshot = await waitFor('controller', async () => {
      const s = await ctx.api.getSnapshot();
      return s!.controller && s!.engines.length === 2 ? s : undefined;
    });
    assert.equal(snapshot.orphans.length, 0);
    await expectOk(Commands.stop);
    await expectNothingLeft(ctx.profileDir);
  });

  test('never touch what is not ours: another sandbox with the same relative path, and tail -f of a log', async () => {
    const otherSandbox = path.join(scratchDir(), 'other sandbox');
    const otherProfile = path.join(otherSandbox, path.relative(workspaceDir(), ctx.profileDir));
    ctx.otherProfiles.push(otherProfile);
    fs.mkdirSync(otherSandbox, { recursive: true });
    await startOutOfBand(otherProfile, otherSandbox, 1);
    const other = await waitFor('other sandbox engine', async () => {
      const p = await profileProcesses(otherProfile);
      return p.engines.length === 1 && p.all.map((x) => x.pid);
    });
    await expectOk(Commands.start);
    const log = fs.readdirSync(path.join(ctx.profileDir, 'log')).find((f) => f.startsWith('ipengine'))!;
    const tail = spawn('tail', ['-f', path.join(ctx.profileDir, 'log', log)], { stdio: 'ignore' });
    ctx.bystanders.push(tail);
    await killNow((await profileProcesses(ctx.profileDir)).controller!.pid);
    await expectOk(Commands.killOrphans, { confirmed: true });
    await expectOk(Commands.start);
    await expectOk(Commands.stop);
    await expectOk(Commands.deleteProfile, { confirmed: true });
    expectAlive([...other, tail.pid!], 'a bystander (other sandbox or tail -f)');
    assert.ok(fs.existsSync(path.join(otherProfile, 'ipcluster_config.py')));
    await expectOk(Commands.createProfile);
  });

  test("another user's process naming our profile is never listed or signalled", async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can start a process as another user here
    const asNobody = { uid: 65534, gid: 65534, stdio: 'ignore' } as const;
    // Named on the command line (7.x) and in the environment (8.x and 9.x).
    const impostors = [
      spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(120)', '-m', 'ipyparallel.engine', '--profile-dir', ctx.profileDir], asNobody),
      spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(120)', '-m', 'ipyparallel.engine'], {
        ...asNobody,
        env: { IPP_PROFILE_DIR: ctx.profileDir, IPP_CLUSTER_ID: '' },
      }),
    ];
    ctx.bystanders.push(...impostors);
    const pids = impostors.map((i) => i.pid!);
    await waitFor('impostors running', () => pids.every(isAlive));
    const listed = await guarded(Commands.showProcesses);
    assert.ok(!(listed.processes as { pid: number }[]).some((p) => pids.includes(p.pid)));
    await guarded(Commands.killOrphans, { confirmed: true });
    await guarded(Commands.stop);
    expectAlive(pids, "another user's process");
  });
});
