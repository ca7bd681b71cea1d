import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { clientFilePath } from '../../src/core/ipyparallel';
import { clusterSuite, engineRows, killNow, killProfile, run, setSetting, startCluster, testPython, userView, waitFor } from './helpers';

/** What a user's own client saw of its tasks: per task, its id, outcome, the engine id and pid it ran on. */
interface ClientReport {
  tasks: string[];
  outcomes: string[];
  engines: (number | null)[];
  pids: (number | null)[];
  session: string;
}

/**
 * A user's run from a Python client of its own (a notebook, a script): `count` load-balanced tasks, each
 * printing `line <i> pid <pid>` and sleeping `seconds` (`long` of them sleep `longSeconds` first); task `fail`
 * raises. `print` lines are extra text task 0 prints. With ipyparallel 9 the tasks carry the label "survey".
 * Resolves `submitted` once the controller has recorded every task, and `report` with what the client saw.
 */
function userRun(profileDir: string, options: { count: number; seconds: number; fail?: number; long?: number; longSeconds?: number; print?: string }) {
  const code = [
    'import ipyparallel as ipp, json, os, sys, time',
    `rc = ipp.Client(${JSON.stringify(clientFilePath(profileDir))}, timeout=10)`,
    'view = rc.load_balanced_view()',
    "if int(ipp.__version__.split('.')[0]) >= 9: view.set_flags(label='survey')",
    'def task(i, seconds, fail, extra):',
    '    import os, time',
    '    if extra and i == 0: print(extra)',
    "    print('line %d pid %d' % (i, os.getpid()), flush=True)",
    '    time.sleep(seconds)',
    "    if i == fail: raise ValueError('task %d failed on purpose' % i)",
    '    return os.getpid()',
    `opts = ${JSON.stringify({ fail: -1, long: 0, longSeconds: 0, print: '', ...options })}`,
    "ars = [view.apply_async(task, i, opts['longSeconds'] if i < opts['long'] else opts['seconds'], opts['fail'], opts['print']) for i in range(opts['count'])]",
    'ids = [m for ar in ars for m in ar.msg_ids]',
    'while True:',
    '    try:',
    '        rc.result_status(ids, status_only=True)',
    '        break',
    '    except Exception:',
    '        time.sleep(0.02)',
    "print('submitted', flush=True)",
    'outcomes, engines, pids = [], [], []',
    'for ar in ars:',
    '    try:',
    '        pids.append(ar.get(timeout=300)); outcomes.append("ok")',
    '    except Exception as e:',
    '        pids.append(None); outcomes.append(type(e).__name__ if type(e).__name__ == "TaskAborted" else getattr(e, "ename", type(e).__name__))',
    '    engines.append(ar.engine_id if ar.ready() else None)',
    "print(json.dumps({'tasks': [ar.msg_ids[0] for ar in ars], 'outcomes': outcomes, 'engines': engines, 'pids': pids, 'session': rc.session.session}), flush=True)",
    'os._exit(0)',
  ].join('\n');
  const child = spawn(testPython(), ['-c', code], { env: { ...process.env, IPP_NONINTERACTIVE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const submitted = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('submitted') && resolve());
    child.on('exit', () => reject(new Error(`the user's client exited early: ${out}`)));
  });
  const report = new Promise<ClientReport>((resolve, reject) =>
    child.on('exit', () => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        const report = JSON.parse(last) as ClientReport;
        userTasks.push(...report.tasks);
        resolve(report);
      } catch {
        reject(new Error(`the user's client gave no report: ${out.slice(-2000)}`));
      }
    }),
  );
  return { submitted, report, kill: () => child.kill('SIGKILL') };
}

/** Every task the users' clients of this file sent. */
const userTasks: string[] = [];

const labelled = () => /ipp-9/.test(testPython());

suite('Watching a run: progress, what tasks print, aborting queued tasks, a long run told once', () => {
  const ctx = clusterSuite();

  suiteSetup(async () => {
    assert.equal((await run(Commands.createProfile)).ok, true);
    await startCluster();
  });

  teardown(async () => {
    await setSetting('run.notifyAfterSeconds', undefined);
  });

  suiteTeardown(async () => {
    await killProfile(ctx.profileDir);
  });

  const snapshot = async () => (await ctx.api.getSnapshot())!;

  // A run is what the statuses see between two idle ones: each test's run begins on a cluster seen idle.
  setup(async () => {
    await waitFor('the cluster seen idle', async () => !(await snapshot()).progress?.active);
  });

  test("another client's run shows on the snapshot, the Controller row, each engine and the status bar; its figures stay after it ends", async () => {
    const user = userRun(ctx.profileDir, { count: 12, seconds: 0.6, fail: 5 });
    ctx.tasks.push(user);
    await user.submitted;
    const during = await waitFor('the run seen with both engines running', async () => {
      const s = await snapshot();
      return s.progress?.active && s.progress.running === 2 && s.progress.completed >= 1 ? s : undefined;
    });
    const p = during.progress!;
    assert.equal(p.completed + p.running + p.queued + p.unassigned, 12, JSON.stringify(p));
    assert.equal(p.total, 12);
    assert.match(ctx.api.testing.statusBarText(), /2\/2 · \d+\/12/);
    const rows = await ctx.api.testing.treeNodes();
    assert.match(rows.find((r) => r.label === 'Controller')!.description ?? '', /\d+\/12 done · 2 running/);
    for (const engine of engineRows(rows)) assert.match(engine.description ?? '', /\d+ done this run/, engine.description);

    const report = await user.report;
    assert.deepEqual(
      report.outcomes.map((o, i) => (i === 5 ? o : o === 'ok')),
      [...Array(12)].map((_, i) => (i === 5 ? 'ValueError' : true)),
    );
    const after = await waitFor('the run seen ended', async () => {
      const s = await snapshot();
      return s.progress && !s.progress.active ? s : undefined;
    });
    assert.equal(after.progress!.completed, 12);
    assert.equal(after.progress!.failed, report.outcomes.filter((o) => o !== 'ok').length);
    // Per engine, the run's tasks are those the client saw it run.
    for (const e of after.engines)
      assert.equal(e.progress?.completed, report.engines.filter((id) => id === e.id).length, `engine ${e.id}: ${JSON.stringify(report.engines)}`);
    if (labelled()) assert.deepEqual(after.progress!.labels, { survey: { completed: 12, failed: 1 } });
    else assert.equal(after.progress!.labels, undefined);
    // Idle: nothing of the run is shown.
    assert.doesNotMatch(ctx.api.testing.statusBarText(), /·/);
    const idleRows = await ctx.api.testing.treeNodes();
    assert.doesNotMatch(idleRows.find((r) => r.label === 'Controller')!.description ?? '', /done/);
  });

  test('what tasks of another client print reaches Task Output, line by line with its engine id, and a printed cluster key is redacted', async () => {
    const key = (JSON.parse(fs.readFileSync(clientFilePath(ctx.profileDir), 'utf8')) as { key: string }).key;
    assert.ok(key.length >= 16);
    const before = ctx.api.testing.taskOutputText().length;
    const user = userRun(ctx.profileDir, { count: 6, seconds: 0.2, print: `the key is ${key}` });
    ctx.tasks.push(user);
    const report = await user.report;
    assert.deepEqual(report.outcomes, Array(6).fill('ok'));
    const label = labelled() ? ' · survey' : '';
    const text = await waitFor('every line in Task Output', () => {
      const t = ctx.api.testing.taskOutputText().slice(before);
      return report.pids.every((pid, i) => t.includes(`[engine ${report.engines[i]}${label}] line ${i} pid ${pid}\n`)) ? t : undefined;
    });
    assert.ok(!text.includes(key), 'the cluster key reached the Task Output channel');
    assert.match(text, new RegExp(`\\[engine \\d+${label}\\] the key is <redacted>`));
  });

  test('Abort Queued Tasks…: declined, nothing changes; accepted, exactly the waiting tasks of another client end aborted and the running ones finish', async () => {
    const user = userRun(ctx.profileDir, { count: 8, seconds: 0.1, long: 2, longSeconds: 5 });
    ctx.tasks.push(user);
    await user.submitted;
    await waitFor('both engines running a long task, six waiting', async () => {
      const p = (await snapshot()).progress;
      return p?.active && p.running === 2 && p.queued + p.unassigned === 6;
    });
    const declined = await run(Commands.abortQueuedTasks, { confirmed: false });
    assert.equal(declined.ok, false);
    assert.equal(declined.aborted, 0);
    assert.equal((await snapshot()).progress!.queued + (await snapshot()).progress!.unassigned, 6, 'a declined abort changed the queue');
    const accepted = await run(Commands.abortQueuedTasks, { confirmed: true });
    assert.equal(accepted.ok, true, accepted.message);
    assert.equal(accepted.aborted, 6);
    const report = await user.report;
    assert.deepEqual(accepted.clients, { [report.session]: 6 }, 'the question named another client than the one that sent them');
    assert.deepEqual(report.outcomes, ['ok', 'ok', ...Array(6).fill('TaskAborted')]);
  });

  test('a run longer than ippEngines.run.notifyAfterSeconds is told once when it ends (tasks, time, failures); a shorter one stays quiet', async () => {
    await setSetting('run.notifyAfterSeconds', 2);
    const told = () => ctx.api.testing.notificationTexts().filter((t) => t.startsWith('The run finished'));
    const before = told().length;
    const long = userRun(ctx.profileDir, { count: 4, seconds: 1.5, fail: 2 });
    ctx.tasks.push(long);
    await long.submitted;
    await waitFor('the long run seen', async () => (await snapshot()).progress?.active);
    await long.report;
    await waitFor('the long run told', () => told().length > before);
    assert.match(told().at(-1)!, /^The run finished: 4 task\(s\) in \d+ s, 1 failed\.$/);
    const run0 = (await snapshot()).progress!.run;
    const short = userRun(ctx.profileDir, { count: 2, seconds: 0.6 });
    ctx.tasks.push(short);
    await short.submitted;
    await waitFor('the short run seen', async () => (await snapshot()).progress!.run > run0);
    await short.report;
    await waitFor('the short run ended', async () => !(await snapshot()).progress!.active);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(told().length, before + 1, `told: ${JSON.stringify(told())}`);
  });

  test('Task Output survives a restart, says where it happened, and follows the fresh engines', async () => {
    const restarted = await run(Commands.restartEngines, { confirmed: true });
    assert.equal(restarted.ok, true, restarted.message);
    await waitFor('the restart noted in Task Output', () => /──── .*engines restarted; fresh engines \d+, \d+ ────/.test(ctx.api.testing.taskOutputText()));
    const before = ctx.api.testing.taskOutputText().length;
    const user = userRun(ctx.profileDir, { count: 2, seconds: 0.1 });
    ctx.tasks.push(user);
    const report = await user.report;
    const label = labelled() ? ' · survey' : '';
    const expected = report.pids.map((pid, i) => `[engine ${report.engines[i]}${label}] line ${i} pid ${pid}`);
    await waitFor('the fresh engines print', () => {
      const t = ctx.api.testing.taskOutputText().slice(before);
      return expected.every((line) => t.includes(line));
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(expected)} in ${JSON.stringify(ctx.api.testing.taskOutputText().slice(before))}`);
    });
    await vscode.commands.executeCommand(Commands.showTaskOutput);
  });

  test('Show Run Timeline draws, in the real host, one lane per engine and a bar per task, the failed one as failed', async () => {
    const scaled = await run(Commands.scaleEngines, { engineCount: 3 });
    assert.equal(scaled.ok, true, scaled.message);
    const user = userRun(ctx.profileDir, { count: 9, seconds: 0.3, fail: 4 });
    ctx.tasks.push(user);
    const report = await user.report;
    assert.equal(report.outcomes.filter((o) => o !== 'ok').length, 1);
    const engines = (await snapshot()).engines.map((e) => String(e.id)).sort();
    assert.equal(engines.length, 3);
    const shown = await run(Commands.showRunTimeline);
    assert.equal(shown.ok, true, shown.message);
    try {
      // What the webview read back from its own DOM after drawing, once it holds this run's tasks.
      const drawn = await waitFor('the timeline drawn with the run', () => {
        const r = ctx.api.testing.timelineRendered();
        return r && report.tasks.every((id) => r.bars.some((b) => b.task === id)) ? r : undefined;
      });
      for (const id of engines) assert.ok(drawn.engines.includes(id), `no lane for engine ${id}: ${JSON.stringify(drawn.engines)}`);
      const bars = report.tasks.map((id) => drawn.bars.find((b) => b.task === id)!);
      // Each task in the lane of the engine its client saw it run on, coloured by the outcome the client saw.
      assert.deepEqual(
        bars.map((b) => [b.engine, b.status]),
        report.tasks.map((_, i) => [String(report.engines[i]), i === 4 ? 'error' : 'ok']),
      );
      // Only users' tasks: none of the extension's own probes (status, the wait for fresh engines).
      assert.deepEqual(
        drawn.bars.filter((b) => !userTasks.includes(b.task)),
        [],
      );
      assert.equal(drawn.error, null);
      assert.equal(drawn.note, null);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  /** The engines a fresh Client of the user's sees: id → pid (each asked for it). */
  const userEngines = () => {
    const view = userView(ctx.profileDir);
    assert.equal(view.error, undefined, JSON.stringify(view));
    return new Map(view.ids.map((id, i) => [id, view.pids[i]]));
  };
  /** kill -9 of the engine process of `id` (its nanny, on 8 and 9, tells the controller; on 7.1 the heartbeat does). */
  const killEngine = async (id: number) => {
    const pid = (await snapshot()).engines.find((e) => e.id === id)?.pid;
    assert.ok(pid, `engine ${id} has no pid in the snapshot`);
    await killNow(pid);
    return pid;
  };

  /** Until the view shows `count` engines again, none of them `dead`, after a scale of ours ran and ended. */
  const replaced = (count: number, dead: number) =>
    waitFor(`a replacement for engine ${dead}`, async () => {
      const s = await snapshot();
      const ids = s.engines.filter((e) => !e.dead).map((e) => e.id);
      return s.activity === 'idle' && ids.length === count && !ids.includes(dead) && ctx.api.testing.logText().includes(`Replaced engine(s) ${dead} by`);
    });

  test('kill -9 of an engine during a run: told once which engine, how it ended and which task it took; the replacement offered and accepted leaves no dead id, and a new engine answers', async () => {
    await setSetting('replaceDeadEngines', undefined);
    const before = userEngines();
    const user = userRun(ctx.profileDir, { count: before.size + 2, seconds: 6 });
    ctx.tasks.push(user);
    await user.submitted;
    await waitFor('every engine running a task', async () => (await snapshot()).progress?.running === before.size);
    const told = () => ctx.api.testing.offerTexts().filter((t) => / died: /.test(t));
    const toldBefore = told().length;
    ctx.api.testing.answerSavePrompts('Start a Replacement');
    try {
      const [victim] = [...before.keys()];
      const pid = await killEngine(victim);
      const text = await waitFor('the loss told', () => told()[toldBefore]);
      const label = labelled() ? ' \\(label survey\\)' : '';
      const [, task] =
        new RegExp(
          `^Engine ${victim} \\(pid ${pid}\\) died: its process ended, not by IPP Engines\\. It was running task (\\S+)${label}, which is lost with it\\.`,
        ).exec(text) ?? [];
      assert.ok(task, text);
      // The replacement: the controller lists as many engines as before, none of them the dead one, and each answers.
      await replaced(before.size, victim);
      const after = userEngines();
      const fresh = [...after.keys()].filter((id) => !before.has(id));
      assert.equal(fresh.length, 1, JSON.stringify([...after]));
      assert.ok(![...before.values()].includes(after.get(fresh[0])!));
      // The user's own client saw that very task fail with the engine.
      const report = await user.report;
      assert.equal(report.outcomes[report.tasks.indexOf(task)], 'EngineError', JSON.stringify(report));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(told().length, toldBefore + 1, JSON.stringify(told()));
    } finally {
      ctx.api.testing.answerSavePrompts(undefined);
    }
  });

  test('a crash loop: with replaceDeadEngines always, the same slot replaced twice, then on its third death in 5 minutes not again, and the user is told why', async () => {
    await setSetting('replaceDeadEngines', 'always');
    try {
      const count = userEngines().size;
      const told = () => ctx.api.testing.notificationTexts().filter((t) => / died: /.test(t));
      const toldBefore = told().length;
      // An engine of a slot that never died (the lowest id: the previous test's replacement has the highest).
      let engine = Math.min(...userEngines().keys());
      for (const death of [1, 2]) {
        const others = new Set([...userEngines().keys()].filter((id) => id !== engine));
        await killEngine(engine);
        await replaced(count, engine);
        const after = userEngines();
        assert.ok(!after.has(engine) && after.size === count, `replacement ${death}: ${JSON.stringify([...after])}`);
        [engine] = [...after.keys()].filter((id) => !others.has(id));
        assert.match(told().at(-1)!, /A replacement is starting/);
      }
      await killEngine(engine);
      const text = await waitFor('the crash loop told', () => told()[toldBefore + 2]);
      assert.match(text, /died 3 times in 5 minutes: a crash loop, so it is not replaced/);
      await new Promise((resolve) => setTimeout(resolve, 5000));
      assert.equal((await snapshot()).activity, 'idle');
      assert.equal(userEngines().size, count - 1, 'a crash loop was replaced all the same');
    } finally {
      await setSetting('replaceDeadEngines', undefined);
    }
  });

  test('a controller without task records (--nodb): progress still counts, and the timeline says why it has no bars', async () => {
    const stopped = await run(Commands.stop, { confirmed: true });
    assert.equal(stopped.ok, true, stopped.message);
    fs.appendFileSync(path.join(ctx.profileDir, 'ipcontroller_config.py'), "\nc.IPController.db_class = 'ipyparallel.controller.dictdb.NoDB'\n");
    await startCluster();
    const user = userRun(ctx.profileDir, { count: 4, seconds: 0.5, fail: 1 });
    ctx.tasks.push(user);
    await user.submitted;
    await waitFor('the run seen', async () => (await snapshot()).progress?.active);
    const report = await user.report;
    assert.equal(report.outcomes.filter((o) => o !== 'ok').length, 1);
    const after = await waitFor('the run seen ended', async () => {
      const p = (await snapshot()).progress;
      return p && !p.active && p.completed === 4 ? p : undefined;
    });
    assert.equal(after.taskRecords, false);
    assert.equal(after.failed, 0); // known only from task records
    const shown = await run(Commands.showRunTimeline);
    assert.equal(shown.ok, true, shown.message);
    try {
      const drawn = await waitFor('the timeline drawn with its note', () => ctx.api.testing.timelineRendered()?.note ?? undefined);
      assert.match(drawn, /keeps no task records \(it was started with --nodb\)/);
      assert.deepEqual(ctx.api.testing.timelineRendered()!.bars, []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
