import * as vscode from 'vscode';
import { readSettings } from './config';
import { ClusterControl } from './core/cluster';
import { controllerAddressOf, effectiveLauncher } from './core/launchChecks';
import type { ClusterTarget, RestartResult, ScaleResult, StartOptions, StartResult, StatusReport, StopResult } from './core/clusterTypes';
import { errorMessage, UserError } from './core/errors';
import type { ControllerAddress } from './core/controllerAddress';
import type { KeyRing } from './core/keyRing';
import { heartbeatOf, isBusy, Timeouts } from './core/ipyparallel';
import { archivedLogs, archiveLogs, currentLogs } from './core/logArchive';
import type { ProfileProcesses } from './core/processes';
import { looksLikeProfile, refreshStartupCopies, type DeletionCheck, startupFileStates, type StartupFileState } from './core/profile';
import { buildSnapshot, type ClusterActivity, type ClusterSnapshot } from './core/snapshot';
import type { StalenessTracker } from './core/staleness';
import type { InterpreterResolver } from './interpreter';
import { requireTrust } from './trust';

/** How often a restart queued until the engines are idle looks again: starts at the first, backs off to the last. */
const IDLE_POLL_MS = [1000, 2000, 5000] as const;

/** What a restart needs from whoever asked for it: a decision on busy engines, and progress to show. */
export interface RestartRequest extends Pick<StartOptions, 'engineCount' | 'signal' | 'onProgress'> {
  /** Whether busy engines may lose their work; not asked when every engine is idle. */
  confirmBusy: (busy: Extract<RestartResult, { kind: 'busy' }>) => Promise<boolean>;
}

interface FolderState {
  status?: StatusReport;
  activity: ClusterActivity;
  /** A restart queued until every engine is idle; aborting it cancels. */
  pendingRestart?: AbortController;
  /** A refresh for a pushed registration is running; `again`: another came meanwhile. */
  pushed?: { again: boolean };
  /** Why the last status question failed; cleared when the controller answers again. */
  statusError: string | null;
  /** Why the last command on this folder failed; kept until the next command on the folder. */
  commandError: string | null;
  /** When the controller was last asked for a status (ms): an operation asks once. */
  askedAt: number;
  snapshot?: ClusterSnapshot;
  refreshing?: Promise<ClusterSnapshot>;
  /** Incremented per refresh: a slow refresh must not overwrite the result of a newer one. */
  generation: number;
  /** The generation `snapshot` came from. */
  snapshotGeneration: number;
}

/**
 * The extension's model and its only writer of cluster state: per workspace folder, the cluster target,
 * the latest snapshot and the operations on it (start, stop, restart with consent for busy engines, a
 * restart queued until idle, status, clean-up). Commands, the save watcher, the views and the API go
 * through here; each operation ends with one full refresh.
 */
export class ClusterService implements vscode.Disposable {
  private readonly control: ClusterControl;
  private readonly states = new Map<string, FolderState>();
  private readonly changed = new vscode.EventEmitter<ClusterSnapshot>();
  readonly onDidChangeSnapshot = this.changed.event;
  /** Python processes spawned so far, interpreter probes included (tests check that hidden views spawn none). */
  spawnCount = 0;

  constructor(
    readonly log: vscode.LogOutputChannel,
    keys: KeyRing,
    private readonly interpreters: InterpreterResolver,
    private readonly staleness: StalenessTracker,
    helperPath: string,
    private readonly logStorage: vscode.Uri,
  ) {
    interpreters.onProbe = () => this.spawnCount++;
    this.control = new ClusterControl({
      python: (target) => {
        const folder = this.folderFor(target.workspaceFolder);
        if (!folder) return Promise.reject(new UserError('bad-setting', vscode.l10n.t('{0} is not a workspace folder.', target.workspaceFolder)));
        return this.python(folder);
      },
      helperPath,
      log,
      keys,
      beforeLogsRemoved: (target) => {
        const copied = archiveLogs(target.profileDir, this.logStorage.fsPath);
        if (copied.length) log.info(`Kept ${copied.length} log file(s) of this run under ${this.logStorage.fsPath}`);
      },
      onSpawn: () => this.spawnCount++,
      onEngines: (target, ids) => {
        const folder = this.folderFor(target.workspaceFolder);
        if (!folder || (target.clusterId ?? '') !== '') return;
        log.debug(`The controller lists engines ${ids.join(', ') || '(none)'} now`);
        this.refreshPushed(folder);
      },
    });
  }

  get logStorageDir(): string {
    return this.logStorage.fsPath;
  }

  folders(): readonly vscode.WorkspaceFolder[] {
    return vscode.workspace.workspaceFolders ?? [];
  }

  folderFor(fsPathOrUri: string | vscode.Uri): vscode.WorkspaceFolder | undefined {
    const uri = typeof fsPathOrUri === 'string' ? vscode.Uri.file(fsPathOrUri) : fsPathOrUri;
    return this.folders().find((f) => f.uri.toString() === uri.toString()) ?? vscode.workspace.getWorkspaceFolder(uri);
  }

  /** The profile, cluster id and working folder of a workspace folder's cluster; throws a UserError for bad settings. */
  target(folder: vscode.WorkspaceFolder, clusterId = ''): ClusterTarget {
    const settings = readSettings(folder);
    return {
      profileDir: settings.profileDir(),
      workspaceFolder: folder.uri.fsPath,
      clusterId,
      launcher: settings.launcher,
      standbyEngines: settings.standbyEngines,
    };
  }

  /** The folder's interpreter; every Python run starts here, so Restricted Mode refuses here. */
  python(folder: vscode.WorkspaceFolder) {
    requireTrust();
    return this.interpreters.resolve(folder, readSettings(folder).pythonPath);
  }

  private state(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let state = this.states.get(key);
    if (!state) {
      state = { activity: 'idle', statusError: null, commandError: null, askedAt: 0, generation: 0, snapshotGeneration: 0 };
      this.states.set(key, state);
    }
    return state;
  }

  snapshot(folder: vscode.WorkspaceFolder): ClusterSnapshot | undefined {
    return this.state(folder).snapshot;
  }

  /** A command's outcome: its error stays shown until the next command on the folder (undefined clears it). */
  setCommandError(folder: vscode.WorkspaceFolder, error: unknown): void {
    this.state(folder).commandError = error === undefined ? null : errorMessage(error);
  }

  /** True when the controller was asked for a status after `time` (the operation's own full refresh did it). */
  askedSince(folder: vscode.WorkspaceFolder, time: number): boolean {
    return this.state(folder).askedAt >= time;
  }

  /** Marks the activity for the duration of `work`, then refreshes once, fully. */
  private async operate<T>(folder: vscode.WorkspaceFolder, activity: ClusterActivity, work: () => Promise<T>): Promise<T> {
    const state = this.state(folder);
    state.activity = activity;
    void this.refresh(folder);
    try {
      return await work();
    } finally {
      state.activity = 'idle';
      await this.refresh(folder, { full: true });
    }
  }

  start(folder: vscode.WorkspaceFolder, target: ClusterTarget, options: StartOptions): Promise<StartResult> {
    return this.operate(folder, 'starting', () => this.control.start(target, options));
  }

  scaleEngines(folder: vscode.WorkspaceFolder, target: ClusterTarget, count: number, options: StartOptions): Promise<ScaleResult> {
    return this.operate(folder, 'scaling', () => this.control.scaleEngines(target, count, options));
  }

  stop(folder: vscode.WorkspaceFolder, target: ClusterTarget): Promise<StopResult> {
    this.cancelPendingRestart(folder);
    return this.operate(folder, 'stopping', () => this.control.stop(target));
  }

  deleteProfile(folder: vscode.WorkspaceFolder, target: ClusterTarget, confirmed: DeletionCheck): Promise<StopResult> {
    this.cancelPendingRestart(folder);
    return this.operate(folder, 'stopping', () => this.control.deleteProfile(target, confirmed));
  }

  killOrphans(folder: vscode.WorkspaceFolder, target: ClusterTarget, pids: number[], jobIds: string[] = [], remoteHosts: string[] = []) {
    return this.operate(folder, 'stopping', () => this.control.killOrphans(target, pids, jobIds, remoteHosts));
  }

  /** Engines on SSH hosts of the profile's clusters whose controller is gone (asked there now). */
  orphanRemote(target: ClusterTarget, procs: ProfileProcesses) {
    return this.control.orphanRemote(target, procs, { fresh: true });
  }

  /** Slurm jobs of the profile whose controller is gone. */
  orphanJobs(target: ClusterTarget, procs: ProfileProcesses) {
    return this.control.orphanJobs(target, procs);
  }

  /**
   * Fresh engines with the current code. Busy engines lose their work only when `confirmBusy` agrees;
   * undefined is returned when it does not (nothing was changed).
   */
  async restartEngines(
    folder: vscode.WorkspaceFolder,
    target: ClusterTarget,
    request: RestartRequest,
  ): Promise<Extract<RestartResult, { kind: 'restarted' }> | Extract<RestartResult, { kind: 'busy' }>> {
    const attempt = (allowBusy: boolean) => this.operate(folder, 'restarting', () => this.control.restartEngines(target, { ...request, allowBusy }));
    const first = await attempt(false);
    if (first.kind === 'restarted' || !(await request.confirmBusy(first))) return first;
    return attempt(true);
  }

  /**
   * Queues a restart that runs as soon as every engine is idle; never ends running work. Looks again after
   * 1, 2, then every 5 s while engines are busy. Cancelled by cancelPendingRestart, stop or delete.
   */
  restartWhenIdle(folder: vscode.WorkspaceFolder, restart: (signal: AbortSignal) => Promise<unknown>, onError: (error: unknown) => void): void {
    const state = this.state(folder);
    if (state.pendingRestart) return;
    const abort = new AbortController();
    state.pendingRestart = abort;
    void this.refresh(folder);
    void (async () => {
      try {
        for (let attempt = 0; !abort.signal.aborted; attempt++) {
          const snapshot = await this.refresh(folder, { full: true });
          if (!snapshot.controller) return;
          if (!snapshot.engines.some((e) => e.state === 'busy')) {
            const done = await restart(abort.signal);
            if (done) return;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, IDLE_POLL_MS[Math.min(attempt, IDLE_POLL_MS.length - 1)]);
            abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
          });
        }
      } catch (error) {
        if (!abort.signal.aborted) onError(error);
      } finally {
        if (state.pendingRestart === abort) state.pendingRestart = undefined;
        void this.refresh(folder);
      }
    })();
  }

  /** True when a queued restart was cancelled. */
  cancelPendingRestart(folder: vscode.WorkspaceFolder): boolean {
    const pending = this.state(folder).pendingRestart;
    pending?.abort();
    return Boolean(pending);
  }

  /** Startup files whose source changed after they were copied into the profile (engines run the copy). */
  staleStartupCopies(folder: vscode.WorkspaceFolder, target = this.target(folder)): StartupFileState[] {
    return startupFileStates(target.profileDir, target.workspaceFolder, readSettings(folder).startupFiles).filter((s) => s.stale);
  }

  refreshStartupCopies(stale: StartupFileState[]): string[] {
    const written = refreshStartupCopies(stale);
    if (written.length) this.log.info(`Refreshed startup copies: ${written.join(', ')}`);
    return written;
  }

  /** Asks the controller (never blocks on busy engines) and records the answer in the snapshot. */
  async status(folder: vscode.WorkspaceFolder, target: ClusterTarget): Promise<StatusReport> {
    const state = this.state(folder);
    state.askedAt = Date.now();
    const status = await this.control.status(target);
    if (!target.clusterId) {
      state.status = status;
      state.statusError = null;
    }
    await this.refresh(folder);
    return status;
  }

  /**
   * Engines of the folder's cluster with work queued or running, as the controller says now. Asked twice
   * when some look busy: the controller books a finished task a moment after its client has the result,
   * and a question about losing work must not come from that moment.
   */
  async busyEngines(target: ClusterTarget): Promise<number> {
    const busy = async () => (await this.control.status(target)).engines.filter(isBusy).length;
    const first = await busy();
    if (!first) return 0;
    await new Promise((resolve) => setTimeout(resolve, Timeouts.busyRecheckMs));
    return busy();
  }

  processes(target: ClusterTarget): Promise<ProfileProcesses> {
    return this.control.processes(target);
  }

  evaluateOnEngines(target: ClusterTarget, expression: string): Promise<Record<string, string>> {
    return this.control.evaluateOnEngines(target, expression);
  }

  /**
   * Rebuilds the folder's snapshot. The process scan is always done (cheap); `full` also asks the
   * controller (a Python helper) unless a lifecycle command is running.
   */
  /** `background`: the view's timer, not a person or a command (see ClusterControl.status). */
  refresh(folder: vscode.WorkspaceFolder, options: { full?: boolean; background?: boolean } = {}): Promise<ClusterSnapshot> {
    const state = this.state(folder);
    // Coalesce: a refresh already running will see the same state.
    if (state.refreshing && !options.full) return state.refreshing;
    const work = this.buildSnapshot(folder, state, Boolean(options.full), Boolean(options.background)).finally(() => {
      if (state.refreshing === work) state.refreshing = undefined;
    });
    state.refreshing = work;
    return work;
  }

  private async buildSnapshot(folder: vscode.WorkspaceFolder, state: FolderState, full: boolean, background: boolean): Promise<ClusterSnapshot> {
    const generation = ++state.generation;
    const settings = readSettings(folder);
    let profileDir = settings.profileDirTemplate;
    let snapshot: ClusterSnapshot;
    try {
      const control = this.control;
      const target = this.target(folder);
      profileDir = target.profileDir;
      const profileExists = looksLikeProfile(profileDir);
      const processes = await control.processes(target);
      // With no controller there is nothing to ask: an old status error must not outlive it.
      if (!processes.controller) state.statusError = null;
      if (full && processes.controller && !control.isBusy(target) && vscode.workspace.isTrusted) {
        state.askedAt = Date.now();
        try {
          state.status = await control.status(target, { background });
          state.statusError = null;
        } catch (error) {
          state.statusError = errorMessage(error);
        }
      }
      snapshot = buildSnapshot({
        folder: folder.uri.fsPath,
        profileDir,
        profileExists,
        processes,
        status: state.status,
        knownEngines: control.knownEngines(target),
        deadSince: control.deadSinceById(target),
        heartbeat: profileExists ? heartbeatOf(profileDir) : undefined,
        clusterLogs: processes.controller ? control.clusterLogs(target) : undefined,
        launcher: effectiveLauncher(target),
        controllerAddress: addressOf(target),
        // Slurm's queue and SSH hosts are asked on full refreshes only, and never in Restricted Mode: the cheap
        // scan of a hidden view, and an untrusted folder, start no process.
        ...(full && vscode.workspace.isTrusted
          ? await control.batchState(target, processes)
          : {
              engineSets: processes.controller ? (state.snapshot?.engineSets ?? []) : [],
              orphanJobs: state.snapshot?.orphanJobs ?? [],
              orphanRemote: state.snapshot?.orphanRemote ?? [],
            }),
        python: this.interpreters.peek(folder, settings.pythonPath),
        startupError: control.startupError(target),
        staleFiles: (startedAt) => this.staleness.staleFiles(folder.uri.toString(), startedAt),
        startupFiles: profileExists ? startupFileStates(profileDir, folder.uri.fsPath, settings.startupFiles) : [],
        activity: state.activity,
        restartPending: Boolean(state.pendingRestart),
        lastError: state.commandError ?? state.statusError,
        logs: profileExists ? this.logs(profileDir) : [],
      });
    } catch (error) {
      if (!(error instanceof UserError)) this.log.error(`Refresh failed: ${errorMessage(error)}`);
      snapshot = buildSnapshot({
        folder: folder.uri.fsPath,
        profileDir,
        profileExists: false,
        knownEngines: new Map(),
        staleFiles: () => [],
        startupFiles: [],
        activity: state.activity,
        restartPending: Boolean(state.pendingRestart),
        lastError: errorMessage(error),
        logs: [],
      });
    }
    // The caller gets what it asked for; the shared snapshot only moves forward (a newer refresh may
    // have finished first).
    if (generation > state.snapshotGeneration) {
      state.snapshot = snapshot;
      state.snapshotGeneration = generation;
      this.changed.fire(snapshot);
    }
    return snapshot;
  }

  /** The profile's current logs, then those kept from earlier runs (newest first): read here, so the tree only renders. */
  private logs(profileDir: string): ClusterSnapshot['logs'] {
    return [
      ...currentLogs(profileDir).map((l) => ({ ...l, previousRun: null })),
      ...archivedLogs(profileDir, this.logStorage.fsPath).map((l) => ({ name: l.name, path: l.path, previousRun: l.generation })),
    ];
  }

  /**
   * An engine joined or left (the controller said so): one full refresh at once, which is cheap with the
   * resident client, and one more if others came in the meantime. No polling is needed for it.
   */
  private refreshPushed(folder: vscode.WorkspaceFolder): void {
    const state = this.state(folder);
    if (state.pushed) {
      state.pushed.again = true;
      return;
    }
    const pushed = (state.pushed = { again: false });
    void (async () => {
      do {
        pushed.again = false;
        await this.refresh(folder, { full: true });
      } while (pushed.again);
      state.pushed = undefined;
    })();
  }

  async refreshAll(options: { full?: boolean; background?: boolean } = {}): Promise<void> {
    await Promise.all(this.folders().map((f) => this.refresh(f, options)));
  }

  dispose(): void {
    this.control.dispose();
    for (const state of this.states.values()) state.pendingRestart?.abort();
    this.changed.dispose();
  }
}

/** The controller address a start would use; undefined where the setting is bad (the start says why). */
function addressOf(target: ClusterTarget): ControllerAddress | undefined {
  try {
    return controllerAddressOf(target);
  } catch {
    return undefined;
  }
}
