// `npm run bench` (section `run`): watching a run, measured on a real cluster with the extension's core
// doing in this Node process what the extension host does while a run goes on with the view and the Run
// Timeline open: a status once a second (RefreshScheduler's pace while a run is active), the task records
// once a second (the timeline's), and every output batch turned into the channel's lines.
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ClusterControl } from '../src/core/cluster';
import type { ClusterTarget } from '../src/core/clusterTypes';
import type { TaskOutputChunk } from '../src/core/helper';
import { clientFilePath, Timeouts } from '../src/core/ipyparallel';
import { readPssMiB } from '../src/core/processTable';
import { TaskOutputLines } from '../src/core/taskOutput';
import { TaskTimeline, TIMELINE_TASKS } from '../src/core/timeline';

export interface RunBenchContext {
  control: () => ClusterControl;
  python: string;
  target: ClusterTarget;
  /** A cluster of n engines, started afresh. */
  freshCluster: (n: number) => Promise<void>;
  /** Where the resident client's output batches go while a figure is measured. */
  onOutput: (listener: ((chunks: TaskOutputChunk[], dropped: number) => void) | undefined) => void;
  /** Called whenever the resident client pushed a completion (what the extension shows at once). */
  onRunProgress: (listener: (() => void) | undefined) => void;
  residentPid: () => number;
  record: (label: string, unit: string, values: number[], target?: { max: number; label: string }, note?: string) => void;
}

/** A user's client of its own running `code` after connecting as `rc`; resolves with its stdout once it exits. */
export function userClient(python: string, target: { profileDir: string }, code: string[]): Promise<string> {
  const child = spawn(
    python,
    [
      '-c',
      ['import ipyparallel as ipp, os, sys, time', `rc = ipp.Client(${JSON.stringify(clientFilePath(target.profileDir))}, timeout=30)`, ...code].join('\n'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, IPP_NONINTERACTIVE: '1' } },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`user client exited ${code}: ${out.slice(-500)}`)))),
  );
}

/**
 * What the host does each second while a run goes on: a status (progress) and the timeline's records. Stopping
 * it says how many of each went unanswered (the view shows "did not answer" then).
 */
function hostPace(ctx: RunBenchContext, onStatus?: () => void): () => Promise<{ asked: number; unanswered: number }> {
  const timeline = new TaskTimeline();
  let stopped = false;
  let asked = 0;
  let unanswered = 0;
  /** The answer, or null when there was none in time. */
  const ask = async <T>(question: () => Promise<T>): Promise<{ answer: T } | null> => {
    asked++;
    try {
      return { answer: await question() };
    } catch {
      unanswered++;
      return null;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      if (await ask(() => ctx.control().status(ctx.target))) onStatus?.();
      const records = await ask(() => ctx.control().taskRecords(ctx.target, TIMELINE_TASKS));
      if (records) timeline.add(records.answer);
      await new Promise((r) => setTimeout(r, Timeouts.runRefreshMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return { asked, unanswered };
  };
}

/** Print → Task Output: tasks one after another, each printing the wall-clock ms; the delay until its line is formatted here. */
async function outputLatency(ctx: RunBenchContext): Promise<void> {
  const lines = new TaskOutputLines((t) => t);
  const delays: number[] = [];
  ctx.onOutput((chunks, dropped) => {
    const now = Date.now();
    for (const m of lines.add(chunks, dropped).matchAll(/mark (\d+(?:\.\d+)?)/g)) delays.push(now - Number(m[1]));
  });
  await userClient(ctx.python, ctx.target, [
    'view = rc.load_balanced_view()',
    "for i in range(30): view.apply_sync(lambda: print('mark %.1f' % (__import__('time').time() * 1000), flush=True)); time.sleep(0.2)",
  ]);
  await new Promise((r) => setTimeout(r, 1000));
  ctx.onOutput(undefined);
  ctx.record("a task's print → its line in Task Output", 'ms', delays, { max: 250, label: '≤ 250 ms' }, `${delays.length} of 30 prints`);
}

/**
 * Task completes → the progress the tree and status bar show counts it: at the refresh pace of a run (a status
 * once a second), and at each completion the resident client pushes. Each task returns the wall-clock ms at
 * which it ended.
 */
async function completionLatency(ctx: RunBenchContext): Promise<void> {
  const ends: number[] = [];
  const seenAt: number[] = [];
  const look = () => {
    const completed = ctx.control().runProgress(ctx.target)?.progress().completed ?? 0;
    while (seenAt.length < completed) seenAt.push(Date.now());
  };
  ctx.onRunProgress(look);
  const stop = hostPace(ctx, look);
  const out = await userClient(ctx.python, ctx.target, [
    'view = rc.load_balanced_view()',
    'ends = []',
    // One task after another, 0.4 s each: work is always pending, so the statuses see one run.
    "for i in range(20): ends.append(view.apply_sync(lambda: __import__('time').sleep(0.4) or __import__('time').time() * 1000))",
    'print(" ".join(str(e) for e in ends), flush=True)',
  ]);
  ends.push(...out.trim().split(' ').map(Number));
  await new Promise((r) => setTimeout(r, 2500));
  const questions = await stop();
  ctx.onRunProgress(undefined);
  if (!seenAt.length) throw new Error(`no status counted a completed task: ${JSON.stringify(questions)}, ${out}`);
  const delays = ends.map((end, i) => (seenAt[i] ?? NaN) - end).filter((d) => Number.isFinite(d));
  ctx.record(
    'a task completes → progress shown (tree, status bar)',
    'ms',
    delays,
    { max: 250, label: '≤ 250 ms' },
    `20 tasks of 0.4 s one after another, a status once a second as during a run, completions pushed between; ${delays.length} of ${ends.length} tasks`,
  );
}

/** A user's burst of tiny tasks, each printing a line (what userClient runs). */
export const burstOf = (tasks: number) => [
  'view = rc.load_balanced_view()',
  `ar = view.map_async(lambda i: print('task', i) or i, range(${tasks}), chunksize=1)`,
  'ar.get(timeout=900)',
];

/**
 * The baseline for an event loop's delay: a Node process that does nothing, started now; stopping it gives its
 * delay p99 and max (ms). On 2 cores saturated by a controller and its engines, even it waits for a core.
 */
export function idleNode(): () => Promise<{ p99: number; max: number }> {
  const code = [
    "const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 });",
    'h.enable();',
    "process.stdin.on('end', () => { console.log(JSON.stringify({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 })); process.exit(0); });",
    'process.stdin.resume();',
  ].join('\n');
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return async () => {
    child.stdin.end();
    await exited;
    return JSON.parse(out) as { p99: number; max: number };
  };
}

/** 10,000 tiny tasks in one burst, each printing a line: the event loop's delay here, and the resident client's memory after. */
async function burst(ctx: RunBenchContext, tasks: number): Promise<void> {
  const lines = new TaskOutputLines((t) => t);
  let printed = 0;
  ctx.onOutput((chunks, dropped) => (printed += lines.add(chunks, dropped).length));
  const idle = idleNode();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const stop = hostPace(ctx);
  const started = Date.now();
  await userClient(ctx.python, ctx.target, burstOf(tasks));
  const tookS = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const questions = await stop();
  loop.disable();
  const baseline = await idle();
  ctx.onOutput(undefined);
  const p99 = loop.percentile(99) / 1e6;
  const burstName = `a burst of ${tasks.toLocaleString('en')} tiny tasks`;
  ctx.record(
    `event-loop delay p99 during ${burstName}`,
    'ms',
    [p99],
    { max: 50, label: '≤ 50 ms' },
    `max ${(loop.max / 1e6).toFixed(0)} ms; an idle Node process meanwhile: p99 ${baseline.p99.toFixed(0)} ms, max ${baseline.max.toFixed(0)} ms; the burst took ${tookS.toFixed(0)} s; ${(printed / 1024).toFixed(0)} KiB of output lines formatted; ${questions.unanswered} of ${questions.asked} status and record requests unanswered in time`,
  );
  ctx.record(
    `event-loop delay p99 during ${burstName}, beyond an idle Node process's at the same time`,
    'ms',
    [Math.max(0, p99 - baseline.p99)],
    { max: 50, label: '≤ 50 ms' },
    "what the extension's work adds to the wait for a core that every process has then",
  );
  const pss = await readPssMiB(ctx.residentPid());
  if (pss !== undefined) ctx.record(`resident client PSS after the burst of ${tasks.toLocaleString('en')} tasks`, 'MiB', [pss]);
}

/**
 * One task printing 100 MB, twice: what reaches the channel is capped, the event loop stays free, and the
 * resident client's memory is bounded (the second flood adds nothing to what the first took).
 */
async function floodOfPrints(ctx: RunBenchContext): Promise<void> {
  let kept = 0;
  let dropped = 0;
  ctx.onOutput((chunks, lost) => {
    kept += chunks.reduce((sum, c) => sum + c.text.length, 0);
    dropped += lost;
  });
  const pss = [(await readPssMiB(ctx.residentPid())) ?? NaN];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = Date.now();
  for (let flood = 0; flood < 2; flood++) {
    await userClient(ctx.python, ctx.target, ["rc[rc.ids[0]].apply_sync(lambda: [print('x' * 999) for _ in range(100 * 1000)] and None)"]);
    await new Promise((r) => setTimeout(r, 2000));
    pss.push((await readPssMiB(ctx.residentPid())) ?? NaN);
  }
  const tookS = (Date.now() - started) / 1000;
  loop.disable();
  ctx.onOutput(undefined);
  ctx.record(
    '2 × 100 MB printed by one task: event-loop delay p99',
    'ms',
    [loop.percentile(99) / 1e6],
    { max: 50, label: '≤ 50 ms' },
    `in ${tookS.toFixed(0)} s`,
  );
  ctx.record(
    '2 × 100 MB printed by one task: kept for Task Output',
    'KiB',
    [kept / 1024],
    undefined,
    `${(dropped / 2 ** 20).toFixed(0)} MiB dropped with a note (cap 256 KiB/s); resident client PSS ${pss.map((p) => p.toFixed(0)).join(' → ')} MiB`,
  );
}

export async function watchingRun(ctx: RunBenchContext, burstTasks = Number(process.env.BENCH_BURST ?? 10_000)): Promise<void> {
  console.error('watching a run: output and completion latency, a burst, a flood of prints');
  await ctx.freshCluster(4);
  await ctx.control().status(ctx.target); // the resident client is connected
  await outputLatency(ctx);
  await completionLatency(ctx);
  await burst(ctx, burstTasks);
  await floodOfPrints(ctx);
  await ctx.control().stop(ctx.target);
}
