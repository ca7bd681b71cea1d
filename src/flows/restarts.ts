import * as l10n from '@vscode/l10n';
import type { Clock } from '../core/clock';
import type { ProgressReport, RestartResult, StartOptions } from '../core/clusterTypes';
import type { RestartOnSave } from '../core/settings';
import type { ClusterSnapshot } from '../core/snapshot';
import type { StartupFileState } from '../core/profile';

/** How often a restart queued until the engines are idle looks again: starts at the first, backs off to the last. */
export const IDLE_POLL_MS = [1000, 2000, 5000] as const;

export type Restarted = Extract<RestartResult, { kind: 'restarted' }>;
export type Busy = Extract<RestartResult, { kind: 'busy' }>;

/** What the flows need of the model (the cluster service), per folder `F`: one attempt, never a decision. */
export interface RestartModel<F> {
  key(folder: F): string;
  /** The folder as it is now (its settings read again): a decision made after a wait (on a person, on busy engines) acts on the settings of then. */
  current(folder: F): F;
  /** A full refresh: the controller asked now. */
  refresh(folder: F): Promise<ClusterSnapshot>;
  /** One restart attempt; busy engines are ended only with `allowBusy`. */
  restartOnce(folder: F, options: Pick<StartOptions, 'engineCount' | 'signal' | 'onProgress'> & { allowBusy: boolean }): Promise<RestartResult>;
  /** The queued restart of the folder (the model shows it and cancels it on stop); undefined clears it. */
  setPendingRestart(folder: F, pending: AbortController | undefined): void;
  pendingRestart(folder: F): AbortController | undefined;
  staleStartupCopies(folder: F): StartupFileState[];
  refreshStartupCopies(stale: StartupFileState[]): string[];
}

/** What the flows need of a person and of the window. */
export interface RestartPeople {
  /** A non-modal offer with actions: the label chosen, undefined when dismissed. */
  offer(message: string, actions: string[]): PromiseLike<string | undefined>;
  /** A modal question with one action. */
  ask(message: string, detail: string, action: string): PromiseLike<boolean>;
  /** A warning with actions: the label chosen, undefined when dismissed. */
  warn(message: string, actions: string[]): PromiseLike<string | undefined>;
  /** A file as the window names it (relative to the workspace). */
  displayPath(file: string): string;
  /** Runs `task` under a cancellable progress notification. */
  progress<T>(title: string, task: (report: (p: ProgressReport) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
  reportError(error: unknown): void;
}

/** What the save offer reads and writes of the folder's settings and tells the rest of the extension. */
export interface SaveOfferPorts<F> {
  /** `ippEngines.restartOnSave`, read once per burst. */
  restartOnSave(folder: F): RestartOnSave;
  /** Always / Never: remembered in the workspace's settings. */
  rememberRestartOnSave(folder: F, mode: RestartOnSave): Promise<void>;
  /** A restart the save offer led to finished, with engines started at `startedAt` or later. */
  restartedAfterSave(folder: F, startedAt: number): void;
}

/** A restart that would end busy engines: the modal's question, detail and action. */
export function busyRestartQuestion(busy: Busy): [message: string, detail: string, action: string] {
  return [
    l10n.t('{0} engine(s) are busy. Restart them anyway?', busy.busyEngines.length),
    l10n.t('{0} task(s) in flight will be lost.', busy.tasksInFlight),
    l10n.t('Restart and Lose Tasks'),
  ];
}

/**
 * The decisions around fresh engines, in one place: a restart with consent for busy engines, a restart
 * queued until every engine is idle, the startup copies refreshed before either, and the offer after
 * simulation sources change (one per burst, with the `restartOnSave` policy). The model does each attempt;
 * whoever asks supplies only the person's answers.
 */
export class RestartFlows<F> {
  /** Per folder: the controller (pid) an open save offer is about; changes while it is open fold into its answer. */
  private readonly offerOpenFor = new Map<string, number>();

  constructor(
    private readonly model: RestartModel<F>,
    private readonly people: RestartPeople,
    private readonly clock: Clock,
    private readonly saves: SaveOfferPorts<F>,
  ) {}

  /**
   * Fresh engines with the current code. Busy engines lose their work only when `confirmBusy` agrees (it is
   * not asked when every engine is idle); otherwise the busy result comes back and nothing was changed.
   */
  async restart(
    folder: F,
    request: Pick<StartOptions, 'engineCount' | 'signal' | 'onProgress'> & { confirmBusy: (busy: Busy) => PromiseLike<boolean> },
  ): Promise<Restarted | Busy> {
    const { confirmBusy, ...options } = request;
    const first = await this.model.restartOnce(folder, { ...options, allowBusy: false });
    if (first.kind === 'restarted' || !(await confirmBusy(first))) return first;
    return this.model.restartOnce(folder, { ...options, allowBusy: true });
  }

  /**
   * Engines run the profile's copies of the startup files: copies older than their sources are refreshed
   * when `decided`, kept when not, and otherwise the person is asked. The copies written are returned.
   */
  async refreshStartupCopies(folder: F, decided: boolean | undefined): Promise<string[]> {
    const stale = this.model.staleStartupCopies(folder);
    if (!stale.length) return [];
    let refresh = decided;
    if (refresh === undefined) {
      const names = stale.map((s) => this.people.displayPath(s.source)).join(', ');
      const refreshCopies = l10n.t('Refresh Copies');
      const message = l10n.t('Startup file(s) changed since they were copied into the profile: {0}. Engines run the copy.', names);
      refresh = (await this.people.warn(message, [refreshCopies, l10n.t('Keep Old Copies')])) === refreshCopies;
    }
    return refresh ? this.model.refreshStartupCopies(stale) : [];
  }

  /**
   * Queues a restart that runs as soon as every engine is idle; never ends running work. Looks again after
   * 1, 2, then every 5 s while engines are busy. Cancelled by aborting the model's pending restart (stop, delete).
   */
  restartWhenIdle(folder: F, restart: (now: F, signal: AbortSignal) => Promise<boolean>): void {
    if (this.model.pendingRestart(folder)) return;
    const abort = new AbortController();
    this.model.setPendingRestart(folder, abort);
    void (async () => {
      try {
        for (let attempt = 0; !abort.signal.aborted; attempt++) {
          const now = attempt ? this.model.current(folder) : folder;
          const snapshot = await this.model.refresh(now);
          if (!snapshot.controller) return;
          if (!snapshot.engines.some((e) => e.state === 'busy') && (await restart(now, abort.signal))) return;
          await this.clock.sleep(IDLE_POLL_MS[Math.min(attempt, IDLE_POLL_MS.length - 1)], abort.signal);
        }
      } catch (error) {
        if (!abort.signal.aborted) this.people.reportError(error);
      } finally {
        if (this.model.pendingRestart(folder) === abort) this.model.setPendingRestart(folder, undefined);
      }
    })();
  }

  /** Simulation sources of the folder changed (a burst of `fileCount` files): offer fresh engines, by the policy. */
  async sourcesChanged(folder: F, fileCount: number): Promise<void> {
    const snapshot = await this.model.refresh(folder);
    // Nothing to offer unless some running engine is older than a change.
    if (!snapshot.controller || !snapshot.engines.some((e) => e.staleFiles.length)) return;
    const mode = this.saves.restartOnSave(folder);
    if (mode === 'never' || snapshot.restartPending) return;
    if (mode === 'always') return this.restartAfterSaveWhenIdle(folder);
    // One offer at a time: its answer covers every file changed since it opened. An offer still open about a
    // cluster that has stopped since (left unanswered in the notification centre) does not silence the next one's.
    const key = this.model.key(folder);
    const controller = snapshot.controller.pid;
    if (this.offerOpenFor.get(key) === controller) return;
    this.offerOpenFor.set(key, controller);
    try {
      await this.offer(folder, snapshot, fileCount);
    } finally {
      if (this.offerOpenFor.get(key) === controller) this.offerOpenFor.delete(key);
    }
  }

  private async offer(folder: F, snapshot: ClusterSnapshot, fileCount: number): Promise<void> {
    const busy = snapshot.engines.filter((e) => e.state === 'busy').length;
    const startupChanged = this.staleStartupCopies(folder).length > 0;
    const message = [
      fileCount > 1
        ? l10n.t('Simulation sources changed ({0} files). Engines hold the old code.', fileCount)
        : l10n.t('Simulation sources changed ({0} file). Engines hold the old code.', fileCount),
      busy ? l10n.t('{0} engine(s) are busy.', busy) : undefined,
      startupChanged ? l10n.t('Startup files changed too: their profile copies are refreshed first.') : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    // The answer is compared with the labels as shown (localized); tests answer with the English ones.
    const restartWhenIdle = l10n.t('Restart When Idle');
    const restartNow = l10n.t('Restart Now');
    const restartEngines = l10n.t('Restart Engines');
    const always = l10n.t('Always');
    const never = l10n.t('Never');
    const notNow = l10n.t('Not Now');
    const actions = busy ? [restartWhenIdle, restartNow, always, never, notNow] : [restartEngines, always, never, notNow];
    const choice = await this.people.offer(message, actions);
    // The answer may come much later: it acts on the settings of then.
    const now = choice === undefined || choice === notNow ? folder : this.model.current(folder);
    // Always and Never are remembered for this workspace (its settings); engines are still marked stale.
    if (choice === always || choice === never) await this.saves.rememberRestartOnSave(now, choice === always ? 'always' : 'never');
    if (choice === always || choice === restartWhenIdle) this.restartAfterSaveWhenIdle(now);
    else if (choice === restartEngines || choice === restartNow) await this.restartAfterSave(now, false);
  }

  private restartAfterSaveWhenIdle(folder: F): void {
    this.restartWhenIdle(folder, async (now) => (await this.restartAfterSave(now, true)) === 'restarted');
  }

  /**
   * A restart for changed sources: stale startup copies are refreshed first (the offer said so). Busy engines
   * lose their work only after a modal (Restart Now), never for a restart queued until idle (`onlyWhenIdle`).
   */
  private async restartAfterSave(folder: F, onlyWhenIdle: boolean): Promise<'restarted' | 'busy'> {
    this.model.refreshStartupCopies(this.staleStartupCopies(folder));
    const startedAt = this.clock.now();
    const result = await this.people.progress(l10n.t('IPP: restarting engines'), (report, signal) =>
      this.restart(folder, { signal, onProgress: report, confirmBusy: async (busy) => !onlyWhenIdle && this.people.ask(...busyRestartQuestion(busy)) }),
    );
    if (result.kind !== 'restarted') return 'busy';
    this.saves.restartedAfterSave(folder, startedAt);
    return 'restarted';
  }

  /** A bad startup-file setting must not stop the offer: the restart reports it. */
  private staleStartupCopies(folder: F): StartupFileState[] {
    try {
      return this.model.staleStartupCopies(folder);
    } catch {
      return [];
    }
  }
}
