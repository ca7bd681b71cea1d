import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../../src/core/clock';
import type { RestartResult } from '../../src/core/clusterTypes';
import type { RestartOnSave } from '../../src/core/settings';
import type { ClusterSnapshot } from '../../src/core/snapshot';
import { IDLE_POLL_MS, RestartFlows } from '../../src/flows/restarts';

type EngineState = 'idle' | 'busy';

/** A cluster as the flows see it: engines whose state the test sets, and every restart attempt recorded. */
class FakeCluster {
  controllerPid: number | undefined = 100;
  engines: EngineState[] = ['idle', 'idle'];
  stale = true;
  attempts: boolean[] = [];
  pending: AbortController | undefined;
  refreshedCopies = 0;
  staleCopies = 0;

  snapshot(): ClusterSnapshot {
    return {
      controller: this.controllerPid === undefined ? null : { pid: this.controllerPid },
      engines: this.engines.map((state) => ({ state, staleFiles: this.stale ? ['sim.py'] : [] })),
      restartPending: Boolean(this.pending),
    } as never;
  }

  restartOnce(allowBusy: boolean): RestartResult {
    this.attempts.push(allowBusy);
    const busy = this.engines.flatMap((s, i) => (s === 'busy' ? [i] : []));
    if (busy.length && !allowBusy) return { kind: 'busy', busyEngines: busy, tasksInFlight: busy.length };
    this.engines = this.engines.map(() => 'idle');
    this.stale = false;
    return { kind: 'restarted', oldEngines: [0, 1], engines: [], controllerPid: this.controllerPid!, durationMs: 1 };
  }
}

/** Sleeps are recorded and end at once: the queue's back-off is read, not waited for. */
class FakeClock implements Clock {
  time = 1_000;
  sleeps: number[] = [];
  onSleep: () => void = () => undefined;
  now = () => this.time;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.time += ms;
    this.onSleep();
  };
}

function setUp(options: { mode?: RestartOnSave; offerAnswer?: string; askAnswer?: boolean; warnAnswer?: string } = {}) {
  const cluster = new FakeCluster();
  const clock = new FakeClock();
  const seen = {
    warnings: [] as { message: string; actions: string[] }[],
    offers: [] as { message: string; actions: string[] }[],
    asks: 0,
    /** Times the flows read the folder afresh (after a wait), and which folder each restart attempt got. */
    current: 0,
    attemptedOn: [] as string[],
    remembered: [] as RestartOnSave[],
    restartedAfterSave: 0,
    errors: [] as unknown[],
  };
  let answerOffer: () => Promise<string | undefined> = async () => options.offerAnswer;
  const flows = new RestartFlows<string>(
    {
      key: (folder) => folder,
      current: () => (seen.current++, 'f (read again)'),
      refresh: async () => cluster.snapshot(),
      restartOnce: async (folder, { allowBusy }) => (seen.attemptedOn.push(folder), cluster.restartOnce(allowBusy)),
      pendingRestart: () => cluster.pending,
      setPendingRestart: (_folder, pending) => void (cluster.pending = pending),
      staleStartupCopies: () => Array.from({ length: cluster.staleCopies }, (_, i) => ({ stale: true, source: `Local/0${i}-path.py` }) as never),
      refreshStartupCopies: (stale) => ((cluster.refreshedCopies += stale.length), []),
    },
    {
      offer: (message, actions) => (seen.offers.push({ message, actions }), answerOffer()),
      ask: async () => (seen.asks++, options.askAnswer ?? false),
      warn: async (message, actions) => (seen.warnings.push({ message, actions }), options.warnAnswer),
      displayPath: (file) => `./${file}`,
      progress: (_title, task) => task(() => undefined, new AbortController().signal),
      reportError: (error) => void seen.errors.push(error),
    },
    clock,
    {
      restartOnSave: () => options.mode ?? 'prompt',
      rememberRestartOnSave: async (_folder, mode) => void seen.remembered.push(mode),
      restartedAfterSave: () => void seen.restartedAfterSave++,
    },
  );
  return { cluster, clock, seen, flows, holdOffers: (answer: () => Promise<string | undefined>) => (answerOffer = answer) };
}

/** Lets the queued restart's loop run to its next wait. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a restart of idle engines asks nothing and makes one attempt that may not end busy work', async () => {
  const { cluster, flows } = setUp();
  let asked = false;
  const result = await flows.restart('f', { confirmBusy: async () => (asked = true) });
  assert.equal(result.kind, 'restarted');
  assert.deepEqual(cluster.attempts, [false]);
  assert.equal(asked, false);
});

test('busy engines, consent declined: the busy result comes back and nothing was ended', async () => {
  const { cluster, flows } = setUp();
  cluster.engines = ['busy', 'idle'];
  const result = await flows.restart('f', { confirmBusy: async () => false });
  assert.deepEqual(result, { kind: 'busy', busyEngines: [0], tasksInFlight: 1 });
  assert.deepEqual(cluster.attempts, [false]);
  assert.deepEqual(cluster.engines, ['busy', 'idle']);
});

test('busy engines, consent given: a second attempt ends them', async () => {
  const { cluster, flows } = setUp();
  cluster.engines = ['busy', 'busy'];
  let question: number[] | undefined;
  const result = await flows.restart('f', { confirmBusy: async (busy) => ((question = busy.busyEngines), true) });
  assert.equal(result.kind, 'restarted');
  assert.deepEqual(question, [0, 1]);
  assert.deepEqual(cluster.attempts, [false, true]);
});

test('a restart queued until idle waits out busy engines with back-off, never ends work, and clears its mark', async () => {
  const { cluster, clock, flows } = setUp();
  cluster.engines = ['busy', 'idle'];
  let polls = 0;
  clock.onSleep = () => {
    if (++polls === 3) cluster.engines = ['idle', 'idle'];
  };
  let restarts = 0;
  flows.restartWhenIdle('f', async () => (restarts++, cluster.restartOnce(false).kind === 'restarted'));
  assert.ok(cluster.pending, 'the queue is shown while it waits');
  flows.restartWhenIdle('f', async () => assert.fail('a second queue for the same folder'));
  for (let i = 0; i < 10 && cluster.pending; i++) await settle();
  assert.deepEqual(clock.sleeps, [IDLE_POLL_MS[0], IDLE_POLL_MS[1], IDLE_POLL_MS[2]]);
  assert.equal(restarts, 1);
  assert.deepEqual(cluster.attempts, [false]);
  assert.equal(cluster.pending, undefined);
});

test('a queued restart is cancelled by aborting it (stop): no attempt is made', async () => {
  const { cluster, clock, flows } = setUp();
  cluster.engines = ['busy', 'busy'];
  clock.onSleep = () => cluster.pending?.abort();
  flows.restartWhenIdle('f', async () => assert.fail('restarted after a stop'));
  for (let i = 0; i < 10 && cluster.pending; i++) await settle();
  assert.deepEqual(cluster.attempts, []);
  assert.equal(cluster.pending, undefined);
});

test('changed sources: no offer while no engine is older than the change, none with restartOnSave never', async () => {
  const fresh = setUp();
  fresh.cluster.stale = false;
  await fresh.flows.sourcesChanged('f', 3);
  const never = setUp({ mode: 'never' });
  await never.flows.sourcesChanged('f', 3);
  const stopped = setUp();
  stopped.cluster.controllerPid = undefined;
  await stopped.flows.sourcesChanged('f', 3);
  assert.deepEqual([fresh.seen.offers.length, never.seen.offers.length, stopped.seen.offers.length], [0, 0, 0]);
  assert.deepEqual([...fresh.cluster.attempts, ...never.cluster.attempts, ...stopped.cluster.attempts], []);
});

test('changed sources with restartOnSave always: a restart queued until idle, without an offer', async () => {
  const { cluster, seen, flows } = setUp({ mode: 'always' });
  await flows.sourcesChanged('f', 1);
  for (let i = 0; i < 10 && cluster.pending; i++) await settle();
  assert.equal(seen.offers.length, 0);
  assert.deepEqual(cluster.attempts, [false]);
  assert.equal(seen.restartedAfterSave, 1);
});

test('one offer per burst: changes while it is open fold into its answer; Restart Engines restarts once', async () => {
  const { cluster, seen, flows, holdOffers } = setUp();
  let answer!: (label: string) => void;
  holdOffers(() => new Promise((resolve) => (answer = resolve)));
  const first = flows.sourcesChanged('f', 2);
  await settle();
  await flows.sourcesChanged('f', 5);
  await flows.sourcesChanged('f', 1);
  assert.equal(seen.offers.length, 1);
  assert.match(seen.offers[0].message, /2 files/);
  assert.deepEqual(seen.offers[0].actions, ['Restart Engines', 'Always', 'Never', 'Not Now']);
  answer('Restart Engines');
  await first;
  assert.deepEqual(cluster.attempts, [false]);
  assert.equal(seen.restartedAfterSave, 1);
});

test('an offer left open about a cluster that has stopped does not silence the next cluster’s', async () => {
  const { cluster, seen, flows, holdOffers } = setUp();
  holdOffers(() => new Promise(() => undefined));
  void flows.sourcesChanged('f', 1);
  await settle();
  cluster.controllerPid = 200;
  void flows.sourcesChanged('f', 1);
  await settle();
  assert.equal(seen.offers.length, 2);
});

test('Never and Always are remembered; Not Now changes nothing', async () => {
  for (const [label, remembered, attempts] of [
    ['Never', ['never'], []],
    ['Always', ['always'], [false]],
    ['Not Now', [], []],
  ] as const) {
    const { cluster, seen, flows } = setUp({ offerAnswer: label });
    await flows.sourcesChanged('f', 1);
    for (let i = 0; i < 10 && cluster.pending; i++) await settle();
    assert.deepEqual(seen.remembered, remembered, label);
    assert.deepEqual(cluster.attempts, attempts, label);
  }
});

test('busy engines: Restart Now asks before ending work, and a declined modal ends nothing', async () => {
  const { cluster, seen, flows } = setUp({ offerAnswer: 'Restart Now', askAnswer: false });
  cluster.engines = ['busy', 'idle'];
  await flows.sourcesChanged('f', 1);
  assert.deepEqual(seen.offers[0].actions, ['Restart When Idle', 'Restart Now', 'Always', 'Never', 'Not Now']);
  assert.match(seen.offers[0].message, /1 engine\(s\) are busy/);
  assert.equal(seen.asks, 1);
  assert.deepEqual(cluster.attempts, [false]);
  assert.deepEqual(cluster.engines, ['busy', 'idle']);
  assert.equal(seen.restartedAfterSave, 0);
});

test('busy engines: Restart When Idle never asks to end work and restarts once they are idle', async () => {
  const { cluster, clock, seen, flows } = setUp({ offerAnswer: 'Restart When Idle' });
  cluster.engines = ['busy', 'idle'];
  clock.onSleep = () => (cluster.engines = ['idle', 'idle']);
  await flows.sourcesChanged('f', 1);
  for (let i = 0; i < 10 && cluster.pending; i++) await settle();
  assert.equal(seen.asks, 0);
  assert.deepEqual(cluster.attempts, [false]);
  assert.equal(seen.restartedAfterSave, 1);
});

test('a decision made after a wait acts on the folder as it is then: after the answer, and at each look of a queued restart', async () => {
  const answered = setUp({ offerAnswer: 'Restart Engines' });
  await answered.flows.sourcesChanged('f', 1);
  assert.deepEqual(answered.seen.attemptedOn, ['f (read again)']);
  const notNow = setUp({ offerAnswer: 'Not Now' });
  await notNow.flows.sourcesChanged('f', 1);
  assert.equal(notNow.seen.current, 0, 'nothing to act on, nothing read');
  const queued = setUp({ mode: 'always' });
  queued.cluster.engines = ['busy', 'idle'];
  let looks = 0;
  queued.clock.onSleep = () => void (++looks === 2 && (queued.cluster.engines = ['idle', 'idle']));
  await queued.flows.sourcesChanged('f', 1);
  for (let i = 0; i < 10 && queued.cluster.pending; i++) await settle();
  assert.equal(queued.seen.current, 2, 'the first look uses the burst’s reading; each later one reads again');
  assert.deepEqual(queued.seen.attemptedOn, ['f (read again)']);
});

test('stale startup copies are named in the offer and refreshed before the restart', async () => {
  const { cluster, seen, flows } = setUp({ offerAnswer: 'Restart Engines' });
  cluster.staleCopies = 2;
  await flows.sourcesChanged('f', 1);
  assert.match(seen.offers[0].message, /Startup files changed too/);
  assert.equal(cluster.refreshedCopies, 2);
  assert.deepEqual(cluster.attempts, [false]);
});

test('startup copies before a command’s start or restart: refreshed or kept as decided, otherwise asked once', async () => {
  for (const [decided, warnAnswer, refreshed, asked] of [
    [true, undefined, 2, 0],
    [false, undefined, 0, 0],
    [undefined, 'Refresh Copies', 2, 1],
    [undefined, 'Keep Old Copies', 0, 1],
    [undefined, undefined, 0, 1],
  ] as const) {
    const { cluster, seen, flows } = setUp({ warnAnswer });
    cluster.staleCopies = 2;
    await flows.refreshStartupCopies('f', decided);
    assert.equal(cluster.refreshedCopies, refreshed, `${decided} / ${warnAnswer}`);
    assert.equal(seen.warnings.length, asked);
    if (asked) assert.match(seen.warnings[0].message, /\.\/Local\/00-path\.py, \.\/Local\/01-path\.py/);
  }
  const none = setUp();
  assert.deepEqual(await none.flows.refreshStartupCopies('f', undefined), []);
  assert.equal(none.seen.warnings.length, 0, 'nothing stale: nothing asked');
});
