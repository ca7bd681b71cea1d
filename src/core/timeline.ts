import * as l10n from '@vscode/l10n';
import type { TaskRecord, TaskRecords } from './helper';
import type { RunProgress } from './runProgress';

/** Task records the timeline keeps, at most (the newest): a long ensemble must not grow the editor's memory. */
export const TIMELINE_TASKS = 5000;
/** CPU and memory samples kept per engine, at most (the newest). */
const SAMPLES_PER_ENGINE = 720;

export interface EngineSample {
  engine: number;
  at: number;
  cpu: number | null;
  memMiB: number | null;
}

/**
 * What the Run Timeline webview is sent (media/timeline.js reads exactly this): what is new since the last
 * message, which it adds to what it holds, so that a long run is not sent whole every second.
 */
export interface TimelineData {
  now: number;
  engines: { id: number; name: string }[];
  /** True: what follows replaces what the webview holds (a first message, or another controller's run). */
  reset: boolean;
  /** Tasks finished since the last message (every kept one with reset). */
  finished: TaskRecord[];
  /** The tasks running now: these replace the last message's. */
  running: TaskRecord[];
  /** Samples taken since the last message (every kept one with reset). */
  samples: EngineSample[];
  /** What the webview keeps, at most: the newest tasks, and samples per engine. */
  keep: { tasks: number; samplesPerEngine: number };
  /** Why tasks are missing, where they are: no task records, or fewer kept than the run had. */
  note: string | null;
}

/** The tasks of one cluster as the controller recorded them, gathered look after look; the newest TIMELINE_TASKS. */
export class TaskTimeline {
  private finished: TaskRecord[] = [];
  private running: TaskRecord[] = [];
  private records: boolean | null = null;
  /** How many finished tasks were ever added: where the next one's place is, for finishedSince. */
  private added = 0;

  add(found: TaskRecords): void {
    this.records = found.records;
    const done = new Set(found.tasks.map((t) => t.id));
    this.added += found.tasks.length;
    this.finished = [...this.finished, ...found.tasks].slice(-TIMELINE_TASKS);
    this.running = found.running
      .filter((r) => !done.has(r.id))
      .map((r) => ({ id: r.id, engine: r.engine, start: r.start, end: null, status: 'running', label: null, error: null }));
  }

  tasks(): TaskRecord[] {
    return [...this.finished, ...this.running];
  }

  /** The finished tasks (still kept) added after place `from` (0: all), and the place after them. */
  finishedSince(from: number): { tasks: TaskRecord[]; next: number } {
    const count = Math.min(this.added - from, this.finished.length);
    return { tasks: count > 0 ? this.finished.slice(-count) : [], next: this.added };
  }

  runningTasks(): TaskRecord[] {
    return this.running;
  }

  /** A note where the picture lacks tasks: a controller without records, or one that dropped some of this run's. */
  note(progress: RunProgress | null): string | null {
    if (this.records === false)
      return l10n.t(
        'This controller keeps no task records (it was started with --nodb), so no task can be drawn. Progress in the tree and CPU and memory below still show.',
      );
    const from = progress?.countedFrom ?? progress?.startedAt;
    if (!progress || from === null || from === undefined) return null;
    const recorded = this.finished.filter((t) => t.end !== null && t.end >= from).length;
    return recorded < progress.completed
      ? l10n.t(
          "{0} of this run's {1} finished tasks are drawn: the controller keeps only its newest task records (ipyparallel's DictDB keeps 1024 unless configured), so older ones were dropped before they could be read.",
          recorded,
          progress.completed,
        )
      : null;
  }
}

/** CPU and memory of each engine over time, from the snapshots the tree already takes (engines of this host). */
export class EngineSamples {
  private readonly byEngine = new Map<number, EngineSample[]>();

  add(engines: readonly { id: number | null; cpu: number | null; rssMiB: number | null; remote: boolean }[], at: number): void {
    for (const e of engines) {
      if (e.id === null || e.remote) continue;
      const list = this.byEngine.get(e.id) ?? [];
      if (list.at(-1)?.at === at) continue;
      list.push({ engine: e.id, at, cpu: e.cpu, memMiB: e.rssMiB });
      if (list.length > SAMPLES_PER_ENGINE) list.splice(0, list.length - SAMPLES_PER_ENGINE);
      this.byEngine.set(e.id, list);
    }
  }

  list(): EngineSample[] {
    return [...this.byEngine.values()].flat();
  }

  /** The samples taken after time `after` (-Infinity: all kept). */
  since(after: number): EngineSample[] {
    return this.list().filter((sample) => sample.at > after);
  }
}

/** What the webview keeps, at most (the same bounds as here). */
export const TIMELINE_KEEP = { tasks: TIMELINE_TASKS, samplesPerEngine: SAMPLES_PER_ENGINE };
