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
  residentPid: () => number;
  record: (label: string, unit: string, values: number[], target?: { max: number; label: string }, note?: string) => void;
}

/** A user's client of its own running `code` after connecting as `rc`; resolves with its stdout once it exits. */
function userClient(python: string, target: ClusterTarget, code: string[]): Promise<string> {
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

/** What the host does each second while a run goes on: a status (progress) and the timeline's records. */
function hostPace(ctx: RunBenchContext, onStatus?: () => void): () => Promise<void> {
  const timeline = new TaskTimeline();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await ctx.control().status(ctx.target);
      onStatus?.();
      timeline.add(await ctx.control().taskRecords(ctx.target, TIMELINE_TASKS));
      await new Promise((r) => setTimeout(r, Timeouts.runRefreshMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
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
 * Task completes → the progress the tree and status bar show counts it, at the refresh pace of a run
 * (once a second). Each task returns the wall-clock ms at which it ended.
 */
async function completionLatency(ctx: RunBenchContext): Promise<void> {
  const ends: number[] = [];
  const seenAt: number[] = [];
  const stop = hostPace(ctx, () => {
    const completed = ctx.control().runProgress(ctx.target)?.progress().completed ?? 0;
    while (seenAt.length < completed) seenAt.push(Date.now());
  });
  const out = await userClient(ctx.python, ctx.target, [
    'view = rc.load_balanced_view()',
    'ends = []',
    "for i in range(20): ends.append(view.apply_sync(lambda: __import__('time').time() * 1000)); time.sleep(0.37)",
    'print(" ".join(str(e) for e in ends), flush=True)',
  ]);
  ends.push(...out.trim().split(' ').map(Number));
  await new Promise((r) => setTimeout(r, 2500));
  await stop();
  const delays = ends.map((end, i) => (seenAt[i] ?? NaN) - end).filter((d) => Number.isFinite(d));
  ctx.record(
    'a task completes → progress shown (tree, status bar)',
    'ms',
    delays,
    { max: 250, label: '≤ 250 ms' },
    `one task every ~0.4 s, the view refreshing once a second as during a run; ${delays.length} of ${ends.length} tasks`,
  );
}

/** 10,000 tiny tasks in one burst, each printing a line: the event loop's delay here, and the resident client's memory after. */
async function burst(ctx: RunBenchContext, tasks: number): Promise<void> {
  const lines = new TaskOutputLines((t) => t);
  let printed = 0;
  ctx.onOutput((chunks, dropped) => (printed += lines.add(chunks, dropped).length));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const stop = hostPace(ctx);
  const started = Date.now();
  await userClient(ctx.python, ctx.target, [
    'view = rc.load_balanced_view()',
    `ar = view.map_async(lambda i: print('task', i) or i, range(${tasks}), chunksize=1)`,
    'ar.get(timeout=900)',
  ]);
  const tookS = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  await stop();
  loop.disable();
  ctx.onOutput(undefined);
  const p99 = loop.percentile(99) / 1e6;
  ctx.record(
    `event-loop delay p99 during a burst of ${tasks.toLocaleString('en')} tiny tasks`,
    'ms',
    [p99],
    { max: 50, label: '≤ 50 ms' },
    `max ${(loop.max / 1e6).toFixed(0)} ms; the burst took ${tookS.toFixed(0)} s; ${(printed / 1024).toFixed(0)} KiB of output lines formatted`,
  );
  const pss = readPssMiB(ctx.residentPid());
  if (pss !== undefined) ctx.record(`resident client PSS after the burst of ${tasks.toLocaleString('en')} tasks`, 'MiB', [pss]);
}

/** One task printing 100 MB: what reaches the channel is capped, the event loop stays free, the resident client's memory bounded. */
async function floodOfPrints(ctx: RunBenchContext): Promise<void> {
  let kept = 0;
  let dropped = 0;
  ctx.onOutput((chunks, lost) => {
    kept += chunks.reduce((sum, c) => sum + c.text.length, 0);
    dropped += lost;
  });
  const before = readPssMiB(ctx.residentPid()) ?? NaN;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = Date.now();
  await userClient(ctx.python, ctx.target, ["rc[rc.ids[0]].apply_sync(lambda: [print('x' * 999) for _ in range(100 * 1000)] and None)"]);
  const tookS = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  loop.disable();
  ctx.onOutput(undefined);
  const after = readPssMiB(ctx.residentPid()) ?? NaN;
  ctx.record('100 MB printed by one task: event-loop delay p99', 'ms', [loop.percentile(99) / 1e6], { max: 50, label: '≤ 50 ms' }, `in ${tookS.toFixed(0)} s`);
  ctx.record(
    '100 MB printed by one task: kept for Task Output',
    'MiB',
    [kept / 2 ** 20],
    undefined,
    `${(dropped / 2 ** 20).toFixed(0)} MiB dropped with a note (cap 256 KiB/s); resident client PSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB`,
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
