import type { HelperStatus, TaskCompletions } from './helper';

/** Tasks of one label (ipyparallel 9's task labels) in the current or last run. */
export interface LabelProgress {
  completed: number;
  failed: number;
}

/**
 * The user's work on a cluster, as the controller counts it, over the current run (or the last one, once it
 * ended). A run begins when work appears on an idle cluster and ends when none is left. A contract: tests
 * outside this repository read `progress: { completed, running, queued, unassigned, failed, labels? }`.
 */
export interface RunProgress {
  /** Tasks finished in this run, on any engine (failed ones too). */
  completed: number;
  /** Engines running a task now (an engine runs one at a time). */
  running: number;
  /** Tasks waiting on an engine behind the running one. */
  queued: number;
  /** Tasks the scheduler holds for no engine yet. */
  unassigned: number;
  /** Finished with an error, per the controller's task records (0 where it keeps none). */
  failed: number;
  /** Per task label, where the tasks carry one (ipyparallel 9). */
  labels?: Record<string, LabelProgress>;
  /** completed + running + queued + unassigned. */
  total: number;
  /** Work is running, queued or unassigned now. */
  active: boolean;
  /** Runs seen on this cluster, counting this one; 0: none yet. */
  run: number;
  /** When this run was first seen busy and when it was seen idle again (ms since the epoch). */
  startedAt: number | null;
  finishedAt: number | null;
  /** The run counts tasks finished since this moment: the last status that saw the cluster idle before it. */
  countedFrom: number | null;
  /** Whether the controller keeps task records (failures and labels come from them); null: not known yet. */
  taskRecords: boolean | null;
}

/** One engine's share of the run. */
export interface EngineProgress {
  completed: number;
  running: number;
  queued: number;
}

const pendingOf = (e: { queue: number; tasks: number }) => e.queue + e.tasks;

/**
 * Turns the controller's cumulative counters (per engine: completed, queued) into one run's progress. Fed
 * every status of one cluster, in order; the figures of a run stay after it ends, until the next begins.
 * Between two statuses, the resident client's completions (from the iopub stream, pushed) count at once.
 */
export class RunTracker {
  private runs = 0;
  private active = false;
  private startedAt: number | null = null;
  private finishedAt: number | null = null;
  private lastIdleAt: number | null = null;
  private countedFrom: number | null = null;
  /** Each engine's completed count when the cluster was last seen idle: a run counts from there. */
  private idleCompleted = new Map<number, number>();
  /** Engine id → its completed tasks in this run; kept for engines that left during the run. */
  private runCompleted = new Map<number, number>();
  private failed = 0;
  private labels: Record<string, LabelProgress> = {};
  private taskRecords: boolean | null = null;
  private last: HelperStatus = { engines: [], unassigned: 0 };
  /** Tasks each engine finished per the resident client's stream: now, and as of the last status. */
  private doneNow: TaskCompletions = {};
  private doneNowOrder = 0;
  private doneAtStatus: TaskCompletions = {};

  observe(status: HelperStatus, now = Date.now()): void {
    // The counts the status was read with (a status without them is as new as the latest pushed); a push
    // that came after the status but was taken in first stays.
    this.doneAtStatus = status.done ?? this.doneNow;
    if (status.done && (status.doneOrder ?? Infinity) >= this.doneNowOrder)
      [this.doneNow, this.doneNowOrder] = [status.done, status.doneOrder ?? this.doneNowOrder];
    const pending = status.engines.reduce((sum, e) => sum + pendingOf(e), 0) + status.unassigned;
    if (status.finished) this.taskRecords = status.finished.records;
    if (!this.active && pending > 0) {
      this.runs++;
      this.active = true;
      this.startedAt = now;
      this.finishedAt = null;
      this.countedFrom = this.lastIdleAt;
      this.runCompleted = new Map();
      this.failed = 0;
      this.labels = {};
    }
    if (this.active) {
      // Never down: the controller books a result a moment after the helper has it.
      for (const e of status.engines)
        this.runCompleted.set(e.id, Math.max(this.runCompleted.get(e.id) ?? 0, e.completed - (this.idleCompleted.get(e.id) ?? 0)));
      this.count(status.finished);
      if (pending === 0) {
        this.active = false;
        this.finishedAt = now;
      }
    }
    if (!this.active) {
      this.idleCompleted = new Map(status.engines.map((e) => [e.id, e.completed]));
      this.lastIdleAt = now;
    }
    this.last = status;
  }

  private count(finished: HelperStatus['finished']): void {
    if (!finished) return;
    this.failed += finished.failed;
    for (const [label, counts] of Object.entries(finished.labels ?? {})) {
      const known = (this.labels[label] ??= { completed: 0, failed: 0 });
      known.completed += counts.completed;
      known.failed += counts.failed;
    }
  }

  /** The resident client's latest completion counts, `order` as in its output; true when the progress shown changes with them. */
  observeDone(done: TaskCompletions, order = Infinity): boolean {
    if (order < this.doneNowOrder) return false;
    [this.doneNow, this.doneNowOrder] = [done, Number.isFinite(order) ? order : this.doneNowOrder];
    return this.active;
  }

  /** Tasks the engine finished since the last status, per the stream; 0 between runs. */
  private doneSinceStatus(id: number): number {
    return this.active ? Math.max(0, (this.doneNow[id] ?? 0) - (this.doneAtStatus[id] ?? 0)) : 0;
  }

  /** Its tasks running or queued at the last status, less those finished since. */
  private pending(e: HelperStatus['engines'][number]): number {
    return Math.max(0, pendingOf(e) - this.doneSinceStatus(e.id));
  }

  progress(): RunProgress {
    const engines = this.active ? this.last.engines : [];
    const running = engines.filter((e) => this.pending(e) > 0).length;
    const queued = engines.reduce((sum, e) => sum + this.pending(e), 0) - running;
    // Tasks finished since the last status: those its engine had waiting, then ones the scheduler held (an
    // engine idle then took them), never more than there were. The stream and the controller's counts are
    // read apart, so a task either counted may be off by one until the next status.
    const fromEngines = engines.reduce((sum, e) => sum + Math.min(pendingOf(e), this.doneSinceStatus(e.id)), 0);
    const beyond = engines.reduce((sum, e) => sum + this.doneSinceStatus(e.id), 0) - fromEngines;
    const fromScheduler = Math.min(this.active ? this.last.unassigned : 0, beyond);
    const unassigned = (this.active ? this.last.unassigned : 0) - fromScheduler;
    const completed = [...this.runCompleted.values()].reduce((a, b) => a + b, 0) + fromEngines + fromScheduler;
    return {
      completed,
      running,
      queued,
      unassigned,
      failed: this.failed,
      ...(Object.keys(this.labels).length ? { labels: structuredClone(this.labels) } : {}),
      total: completed + running + queued + unassigned,
      active: this.active,
      run: this.runs,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      countedFrom: this.countedFrom,
      taskRecords: this.taskRecords,
    };
  }

  /** One engine's share of the current run (of the last one once it ended: nothing running or queued). */
  engine(id: number): EngineProgress {
    const e = this.active ? this.last.engines.find((x) => x.id === id) : undefined;
    const pending = e ? this.pending(e) : 0;
    const completed = (this.runCompleted.get(id) ?? 0) + (e ? this.doneSinceStatus(id) : 0);
    return { completed, running: pending > 0 ? 1 : 0, queued: Math.max(0, pending - 1) };
  }
}
