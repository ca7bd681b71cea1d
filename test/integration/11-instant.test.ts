import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../../src/api';
import { Commands, EXTENSION_ID } from '../../src/constants';
import { isAlive } from '../../src/core/kill';
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
  userView,
  VERSION_ON_ENGINES,
  waitFor,
} from './helpers';

/** A process's proportional set size in KiB, read here from /proc (not by the extension's code). */
const pssKiB = (pid: number) => Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))![1]);
const procParent = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
/** Whether a process sleeps in read(2) on fd 0, from /proc/<pid>/syscall: the warm process once it has imported. */
const READ_SYSCALL = os.arch() === 'arm64' ? '63' : '0';
const readingStdin = (pid: number) => /^(\d+) 0x0 /.exec(fs.readFileSync(`/proc/${pid}/syscall`, 'utf8'))?.[1] === READ_SYSCALL;
const childrenOf = (pid: number) =>
  fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && procParentOrZero(Number(entry)) === pid)
    .map(Number);
const procParentOrZero = (pid: number) => {
  try {
    return procParent(pid);
  } catch {
    return 0; // gone meanwhile
  }
};
/** Where each open file descriptor of a process points (`/dev/null`, `pipe:[…]`, `socket:[…]`, a path). */
const openFiles = (pid: number) =>
  fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      return [fs.readlinkSync(`/proc/${pid}/fd/${fd}`)];
    } catch {
      return [];
    }
  });

/** A warm process started by this test process, which stands in for a window: they are tied by its stdin alone. */
function spawnWarm(profileDir: string): ChildProcess {
  const script = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'ipp_standby.py');
  return spawn(testPython(), [script, `--profile-dir=${profileDir}`, '--cluster-id='], { stdio: ['pipe', 'pipe', 'ignore'] });
}

/** The lines a child prints, one at a time. */
function readLines(child: ChildProcess) {
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    for (const line of parts) (waiting.shift() ?? ((l: string) => lines.push(l)))(line);
  });
  return { next: () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise<string>((resolve) => waiting.push(resolve))) };
}

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

  test('the warm process: started after a start, runs no startup file and no user code; a restart forks exactly the fresh engines from it, with the new code; it waits holding less memory than one booted engine; stop ends it', async () => {
    // A startup file that leaves a mark per process: the warm process must not have run it.
    const marks = fs.mkdtempSync(path.join(scratchDir(), 'marks-'));
    const markFile = path.join(ctx.profileDir, 'startup', '90-test-mark.py');
    await setSetting('restartOnSave', 'never'); // the edit below must not restart by itself
    try {
      fs.writeFileSync(markFile, `import os\nopen(os.path.join(${JSON.stringify(marks)}, str(os.getpid())), 'w').close()\n`);
      await startCluster();
      const warm = await waitFor('the warm process', async () => (await ctx.api.getSnapshot())!.standby[0]?.pid);
      await waitFor('the warm process done importing, reading its stdin', () => readingStdin(warm), 20_000);
      const rows = await ctx.api.testing.treeNodes();
      const standbyRow = rows.find((r) => r.label === 'Engines')!.children.find((r) => r.contextValue === 'standby');
      assert.match(standbyRow?.description ?? '', /^warm process for the next restart · \d+ MiB$/);
      assert.ok(standbyRow!.tooltip!.includes(String(warm)));
      const engines = (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid);
      assert.deepEqual(fs.readdirSync(marks).map(Number).sort(), [...engines].sort(), 'the startup file ran on the engines only');
      // Waiting costs about one idle engine's memory, counted as PSS (RSS counts shared pages in every process).
      const idleEngine = Math.min(...engines.map(pssKiB));
      assert.ok(pssKiB(warm) <= 1.5 * idleEngine, `the warm process holds ${pssKiB(warm)} KiB PSS, an idle engine ${idleEngine}`);
      await ctx.api.testing.evaluateOnEngines(VERSION_ON_ENGINES); // the engines hold version 1
      await setModelVersion(7);

      const restarted = await run(Commands.restartEngines, { confirmed: true });
      assert.equal(restarted.ok, true, restarted.message);
      const fresh = (restarted.engines as { pid: number }[]).map((e) => e.pid).sort();
      assert.deepEqual(
        fresh.map((pid) => procParent(pid)),
        fresh.map(() => warm),
        'the fresh engines were not forked from the warm process',
      );
      assertUserSeesExactly(ctx.profileDir, fresh, engines);
      assert.deepEqual(Object.values(await ctx.api.testing.evaluateOnEngines(VERSION_ON_ENGINES)), ['7', '7']);
      assert.deepEqual(fs.readdirSync(marks).map(Number).sort(), [...engines, ...fresh].sort(), 'the startup file ran after each fork');
      // It stays warm for the next restart, still without the user's code.
      assert.equal((await ctx.api.getSnapshot())!.standby[0]?.pid, warm);
      const forkedTotal = Math.max(...fresh.map(pssKiB)) + pssKiB(warm);
      assert.ok(forkedTotal < 2 * idleEngine, `a forked engine and the warm process hold ${forkedTotal} KiB PSS together, a booted engine ${idleEngine}`);
      // A second restart ends forked engines, whose forked nannies outlive them for a moment: never taken for engines.
      const again = await run(Commands.restartEngines, { confirmed: true });
      assert.equal(again.ok, true, again.message);
      const third = (again.engines as { pid: number }[]).map((e) => e.pid);
      assert.deepEqual(
        third.map((pid) => procParent(pid)),
        third.map(() => warm),
      );
      assertUserSeesExactly(ctx.profileDir, third, fresh);
      assert.equal((await run(Commands.stop)).ok, true);
      assert.equal(isAlive(warm), false, 'the warm process outlived its cluster');
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

  test('a warm process whose window closes ends, and removes its log; the engine it forked stays an engine of the cluster, not an orphan', async () => {
    await startCluster();
    const warm = spawnWarm(ctx.profileDir);
    try {
      const lines = readLines(warm);
      assert.match(await lines.next(), /"standby": \d+/);
      warm.stdin!.write(`${JSON.stringify({ argv: [`--profile-dir=${ctx.profileDir}`, '--cluster-id=', '--log-level=20'], count: 1 })}\n`);
      const [forked] = JSON.parse(await lines.next()).engines as number[];
      warm.stdin!.write(`${JSON.stringify({ go: true })}\n`);
      await waitFor('3 engines answering', () => userView(ctx.profileDir).ids.length === 3 || undefined, 30_000);
      // Read from /proc: the engine reads /dev/null, its nanny names itself, and neither holds the pipes
      // that tie the warm process to its window (else a closed window would not end it for Node either).
      const [nanny] = await waitFor("the forked engine's nanny", () => childrenOf(forked).length === 1 && childrenOf(forked));
      assert.equal(fs.readlinkSync(`/proc/${forked}/fd/0`), '/dev/null');
      assert.equal(fs.readFileSync(`/proc/${nanny}/comm`, 'utf8').trim(), 'ipp-nanny');
      const windowPipes = [0, 1].map((fd) => fs.readlinkSync(`/proc/${warm.pid}/fd/${fd}`));
      for (const pid of [forked, nanny])
        assert.deepEqual(
          openFiles(pid).filter((f) => windowPipes.includes(f)),
          [],
          `process ${pid} holds the window's pipes`,
        );
      warm.stdin!.end(); // the window closes
      await waitFor('the warm process gone', () => !isAlive(warm.pid!), 10_000);
      const log = path.join(ctx.profileDir, 'log', `ipengine--standby-${warm.pid}.log`);
      assert.equal(fs.existsSync(log), false, 'the warm process left its log');
      assert.equal(isAlive(forked), true, 'the forked engine ended with the window');
      const procs = await profileProcesses(ctx.profileDir);
      assert.ok(procs.engines.some((e) => e.pid === forked));
      assert.ok(
        procs.nannies.some((n) => procParent(n.pid) === forked),
        "the forked engine's nanny is not listed as its nanny",
      );
      assert.deepEqual(procs.orphans, []);
      assert.deepEqual(
        procs.standby.filter((p) => p.pid === warm.pid),
        [],
      );
      assert.equal((await run(Commands.stop)).ok, true);
      assert.equal(isAlive(forked), false, 'stop spared the forked engine');
    } finally {
      if (isAlive(warm.pid!)) warm.kill('SIGKILL');
    }
  });

  test('children the warm process forked and was not told to let go exit before they become engines: a fallback boot cannot double them', async () => {
    const warm = spawnWarm(ctx.profileDir);
    try {
      const lines = readLines(warm);
      assert.match(await lines.next(), /"standby": \d+/);
      warm.stdin!.write(`${JSON.stringify({ argv: [`--profile-dir=${ctx.profileDir}`, '--cluster-id='], count: 2 })}\n`);
      const forked = JSON.parse(await lines.next()).engines as number[];
      assert.equal(forked.length, 2);
      warm.stdin!.end(); // the extension gave up waiting
      await waitFor('the forked children and the warm process gone', () => ![...forked, warm.pid!].some(isAlive), 10_000);
      const logs = [...forked, warm.pid!].map((pid) => `ipengine--standby-${pid}.log`);
      const left = fs.readdirSync(path.join(ctx.profileDir, 'log')).filter((f) => logs.includes(f));
      assert.deepEqual(left, [], 'a child became an engine (or the warm process left its log)');
    } finally {
      if (isAlive(warm.pid!)) warm.kill('SIGKILL');
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
