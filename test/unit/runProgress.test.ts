import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HelperStatus } from '../../src/core/helper';
import { RunTracker } from '../../src/core/runProgress';
import { TaskOutputLines } from '../../src/core/taskOutput';
import { EngineSamples, TaskTimeline, TIMELINE_TASKS } from '../../src/core/timeline';

/** A status as the helper gives it: per engine [queued on it (direct), tasks (load-balanced), completed ever]. */
function status(engines: [number, number, number][], unassigned = 0, finished?: HelperStatus['finished']): HelperStatus {
  return {
    engines: engines.map(([queue, tasks, completed], id) => ({ id, queue, tasks, completed, answered: queue + tasks === 0, pid: 100 + id })),
    unassigned,
    ...(finished ? { finished } : {}),
  };
}

test('a run counts from the last idle status: completed, running, queued and unassigned add up to its total', () => {
  const run = new RunTracker();
  run.observe(
    status([
      [0, 0, 7],
      [0, 0, 3],
    ]),
    1000,
  ); // earlier work (and our probes): not this run's
  assert.equal(run.progress().run, 0);
  assert.equal(run.progress().active, false);
  run.observe(
    status(
      [
        [0, 5, 9],
        [0, 4, 3],
      ],
      6,
    ),
    2000,
  );
  const p = run.progress();
  assert.deepEqual(
    { completed: p.completed, running: p.running, queued: p.queued, unassigned: p.unassigned, total: p.total, active: p.active, run: p.run },
    { completed: 2, running: 2, queued: 7, unassigned: 6, total: 17, active: true, run: 1 },
  );
  assert.deepEqual(run.engine(0), { completed: 2, running: 1, queued: 4 });
  assert.deepEqual(run.engine(1), { completed: 0, running: 1, queued: 3 });
});

test('failures and labels add up over the statuses of a run; the figures stay once it ended, until the next begins', () => {
  const run = new RunTracker();
  run.observe(status([[0, 0, 0]]), 0);
  run.observe(status([[0, 3, 1]], 0, { ok: 0, failed: 1, labels: { fit: { completed: 1, failed: 1 } }, records: true }), 1000);
  run.observe(status([[0, 1, 3]], 0, { ok: 2, failed: 0, labels: { fit: { completed: 2, failed: 0 } }, records: true }), 2000);
  run.observe(status([[0, 0, 4]], 0, { ok: 0, failed: 1, labels: { plot: { completed: 1, failed: 1 } }, records: true }), 3000);
  const done = run.progress();
  assert.equal(done.active, false);
  assert.equal(done.completed, 4);
  assert.equal(done.failed, 2);
  assert.equal(done.total, 4);
  assert.deepEqual(done.labels, { fit: { completed: 3, failed: 1 }, plot: { completed: 1, failed: 1 } });
  assert.deepEqual([done.startedAt, done.finishedAt], [1000, 3000]);
  // Idle statuses after it keep its figures (what the run did), and nothing runs.
  run.observe(status([[0, 0, 4]], 0, { ok: 0, failed: 0, records: true }), 4000);
  assert.equal(run.progress().completed, 4);
  assert.deepEqual(run.engine(0), { completed: 4, running: 0, queued: 0 });
  // The next run starts from zero, counted from the engine's 4.
  run.observe(status([[1, 0, 5]]), 5000);
  assert.deepEqual([run.progress().run, run.progress().completed, run.progress().failed, run.progress().labels], [2, 1, 0, undefined]);
});

test('completions pushed between statuses count at once, are not counted twice by the next status, and move no idle cluster', () => {
  const run = new RunTracker();
  run.observe({ ...status([[0, 0, 0]]), done: {} }, 0);
  assert.equal(run.observeDone({ 0: 1 }), false, 'a task finished between two idle statuses starts no run');
  run.observe({ ...status([[0, 3, 1]]), done: { 0: 1 } }, 1000);
  assert.equal(run.observeDone({ 0: 2 }), true);
  // The controller counted 1 of the run; 1 more since, of the 3 it had running or queued.
  assert.deepEqual([run.progress().completed, run.progress().running, run.progress().queued], [2, 1, 1]);
  assert.deepEqual(run.engine(0), { completed: 2, running: 1, queued: 1 });
  run.observeDone({ 0: 4 });
  assert.deepEqual([run.progress().completed, run.progress().running, run.progress().queued, run.progress().active], [4, 0, 0, true]);
  // The controller's counts, read with the stream's: nothing twice.
  run.observe({ ...status([[0, 0, 4]]), done: { 0: 4 } }, 2000);
  assert.deepEqual([run.progress().completed, run.progress().active], [4, false]);
  // A new resident client counts from 0 again: its first status says so, and its pushes count from there.
  run.observe({ ...status([[0, 2, 4]]), done: {} }, 3000);
  run.observeDone({ 0: 1 });
  assert.deepEqual([run.progress().completed, run.progress().running], [1, 1]);
});

test('completions pushed beyond what an engine had waiting come from the scheduler, and never outgrow the run', () => {
  const run = new RunTracker();
  run.observe({ ...status([[0, 0, 0]]), done: {} }, 0);
  run.observe(
    {
      ...status(
        [
          [0, 1, 0],
          [0, 0, 0],
        ],
        2,
      ),
      done: {},
    },
    1000,
  ); // engine 1 idle, 2 tasks unassigned
  run.observeDone({ 0: 1, 1: 1 });
  const p = run.progress();
  assert.deepEqual([p.completed, p.running, p.queued, p.unassigned, p.total], [2, 0, 0, 1, 3]);
  run.observeDone({ 0: 3, 1: 3 }); // more than the run held (a count read apart from the controller's)
  assert.deepEqual([run.progress().completed, run.progress().unassigned, run.progress().total], [3, 0, 3]);
});

test('an engine lost during a run keeps the tasks it finished in the run; a controller without task records says so', () => {
  const run = new RunTracker();
  run.observe(
    status(
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
      0,
      { ok: 0, failed: 0, records: false },
    ),
    0,
  );
  run.observe(
    status([
      [0, 2, 3],
      [0, 2, 5],
    ]),
    1000,
  );
  run.observe({ engines: [{ id: 0, queue: 0, tasks: 1, completed: 6, answered: false, pid: 100 }], unassigned: 0 }, 2000);
  assert.equal(run.progress().completed, 11);
  assert.equal(run.progress().taskRecords, false);
});

test('task output: whole lines prefixed with engine and label, pieces joined per engine and stream, keys redacted, drops noted', () => {
  const lines = new TaskOutputLines((text) => text.replaceAll('s3cr3t', '***'));
  assert.equal(lines.add([{ engine: 0, stream: 'stdout', text: 'step 1 of', label: null }], 0), '');
  const text = lines.add(
    [
      { engine: 1, stream: 'stdout', text: 'other\n', label: 'fit' },
      { engine: 0, stream: 'stdout', text: ' 3\nkey s3cr3t\n', label: null },
      { engine: 0, stream: 'stderr', text: 'warn\n', label: null },
    ],
    120,
  );
  assert.deepEqual(text.trimEnd().split('\n'), [
    '[engine 1 · fit] other',
    '[engine 0] step 1 of 3',
    '[engine 0] key ***',
    '[engine 0 stderr] warn',
    '[IPP Engines] 120 characters of task output were dropped here: more came than the channel keeps up with.',
  ]);
  lines.add([{ engine: 2, stream: 'stdout', text: 'no end', label: null }], 0);
  assert.equal(lines.flush(), '[engine 2] no end\n');
  assert.equal(lines.flush(), '');
});

test('task output: a line that never ends is passed on in pieces, so nothing grows without bound', () => {
  const lines = new TaskOutputLines((text) => text);
  const text = lines.add([{ engine: 0, stream: 'stdout', text: 'x'.repeat(10_000), label: null }], 0);
  assert.equal(text.split('\n').filter(Boolean).length, 2);
  assert.equal(lines.flush().length, '[engine 0] '.length + 10_000 - 2 * 4096 + 1);
});

test('the timeline keeps the newest task records, shows running tasks until their record comes, and says why tasks are missing', () => {
  const timeline = new TaskTimeline();
  const task = (i: number, status: 'ok' | 'error' = 'ok') => ({ id: `t${i}`, engine: i % 2, start: i * 10, end: i * 10 + 5, status, label: null, error: null });
  timeline.add({ tasks: [task(1), task(2, 'error')], running: [{ id: 't3', engine: 1, start: 30 }], records: true });
  assert.deepEqual(
    timeline.tasks().map((t) => [t.id, t.status, t.end]),
    [
      ['t1', 'ok', 15],
      ['t2', 'error', 25],
      ['t3', 'running', null],
    ],
  );
  timeline.add({ tasks: [task(3)], running: [], records: true });
  assert.deepEqual(
    timeline.tasks().map((t) => t.status),
    ['ok', 'error', 'ok'],
  );
  const progress = (completed: number) => ({ ...new RunTracker().progress(), completed, startedAt: 0 });
  assert.equal(timeline.note(progress(3)), null);
  assert.match(timeline.note(progress(5)) ?? '', /^3 of this run's 5 finished tasks are drawn/);
  timeline.add({ tasks: Array.from({ length: TIMELINE_TASKS + 10 }, (_, i) => task(i + 10)), running: [], records: true });
  assert.equal(timeline.tasks().length, TIMELINE_TASKS);
  assert.equal(timeline.tasks()[0].id, 't20');
  timeline.add({ tasks: [], running: [], records: false });
  assert.match(timeline.note(null) ?? '', /keeps no task records \(it was started with --nodb\)/);
});

test('the timeline hands the webview only what is new: finished tasks after a place, samples after a time', () => {
  const timeline = new TaskTimeline();
  const task = (i: number) => ({ id: `t${i}`, engine: 0, start: i, end: i + 1, status: 'ok' as const, label: null, error: null });
  timeline.add({ tasks: [task(1), task(2)], running: [{ id: 't3', engine: 0, start: 3 }], records: true });
  const first = timeline.finishedSince(0);
  assert.deepEqual(
    first.tasks.map((t) => t.id),
    ['t1', 't2'],
  );
  assert.deepEqual(timeline.finishedSince(first.next).tasks, []);
  assert.deepEqual(
    timeline.runningTasks().map((t) => t.id),
    ['t3'],
  );
  timeline.add({ tasks: [task(3)], running: [], records: true });
  assert.deepEqual(
    timeline.finishedSince(first.next).tasks.map((t) => t.id),
    ['t3'],
  );
  // More finished since than are kept: the newest kept ones, and the place after all of them.
  timeline.add({ tasks: Array.from({ length: TIMELINE_TASKS + 5 }, (_, i) => task(i + 10)), running: [], records: true });
  const behind = timeline.finishedSince(first.next);
  assert.equal(behind.tasks.length, TIMELINE_TASKS);
  assert.equal(behind.tasks.at(-1)!.id, `t${TIMELINE_TASKS + 14}`);
  assert.equal(behind.next, 3 + TIMELINE_TASKS + 5);
  const samples = new EngineSamples();
  const engine = (cpu: number) => [{ id: 0, cpu, rssMiB: 10, remote: false }];
  samples.add(engine(1), 100);
  samples.add(engine(2), 200);
  assert.deepEqual(
    samples.since(-Infinity).map((p) => p.cpu),
    [1, 2],
  );
  assert.deepEqual(
    samples.since(100).map((p) => p.cpu),
    [2],
  );
  assert.deepEqual(samples.since(200), []);
});

test('engine samples: one per engine and refresh, none for engines of other hosts, bounded', () => {
  const samples = new EngineSamples();
  for (let at = 0; at < 1000; at++)
    samples.add(
      [
        { id: 0, cpu: 50, rssMiB: 100, remote: false },
        { id: 1, cpu: null, rssMiB: null, remote: true },
        { id: null, cpu: 1, rssMiB: 1, remote: false },
      ],
      at,
    );
  samples.add([{ id: 0, cpu: 99, rssMiB: 1, remote: false }], 999);
  const list = samples.list();
  assert.ok(list.length < 1000 && list.length > 100, String(list.length));
  assert.ok(list.every((s) => s.engine === 0 && s.cpu === 50));
});

test('a status taken in after a newer push keeps that push: a finished task does not flicker back', () => {
  const run = new RunTracker();
  run.observe({ ...status([[0, 0, 0]]), done: {}, doneOrder: 1 }, 0);
  run.observe({ ...status([[0, 2, 0]]), done: {}, doneOrder: 2 }, 1000);
  run.observeDone({ 0: 1 }, 4);
  run.observe({ ...status([[0, 2, 0]]), done: {}, doneOrder: 3 }, 1500); // answered before the push came, taken in after it
  assert.deepEqual([run.progress().completed, run.progress().running, run.progress().queued], [1, 1, 0]);
  assert.equal(run.observeDone({ 0: 0 }, 3), false, 'an older push taken in late changes nothing');
  assert.equal(run.progress().completed, 1);
});
