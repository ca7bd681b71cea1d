import * as vscode from 'vscode';
import { readSettings, type FolderSettings } from './config';
import { ClusterControl } from './core/cluster';
import { controllerAddressOf, effectiveLauncher } from './core/launchChecks';
import type { EngineLeft, QueuedTasks, TaskOutputChunk, TaskRecords } from './core/helper';
import { onThisHost } from './core/hosts';
import { OomKills, type LostEngine } from './core/lostEngines';
import type { ClusterTarget, RestartResult, ScaleResult, StartOptions, StartResult, StatusReport, StopResult } from './core/clusterTypes';
import { errorMessage, UserError } from './core/errors';
import type { ControllerAddress } from './core/controllerAddress';
import type { Adoptions } from './core/adoptions';
import type { KeyRing } from './core/keyRing';
import { signalEach } from './core/kill';
import { heartbeatOf, isBusy, Timeouts } from './core/ipyparallel';
import { archivedLogs, archiveLogs, currentLogs } from './core/logArchive';
import type { ProfileProcesses } from './core/processRoles';
import { interpreterOf, type PythonInfo } from './core/python';
import {
  createProfile,
  looksLikeProfile,
  type CreateProfileResult,
  refreshStartupCopies,
  type DeletionCheck,
  startupFileStates,
  type StartupFileState,
} from './core/profile';
import { buildSnapshot, withRunProgress, type ClusterActivity, type ClusterSnapshot } from './core/snapshot';
import type { StalenessTracker } from './core/staleness';
import type { InterpreterResolver } from './interpreter';
import { planRefresh, type RefreshReason } from './core/refreshPlan';
import { requireTrust } from './trust';

/** One folder's cluster as an operation sees it, built once at the operation's top and passed down. */
export interface FolderContext {
  readonly folder: vscode.WorkspaceFolder;
  /** The folder's settings as read then: the operation reads them once. */
  readonly settings: FolderSettings;
  readonly target: ClusterTarget;
}

/** A batch of what tasks printed on a folder's cluster; `dropped`: characters the helper left out (its cap). */
export interface TaskOutput {
  folder: vscode.WorkspaceFolder;
  chunks: TaskOutputChunk[];
  dropped: number;
}

interface FolderState {
  status?: StatusReport;
  activity: ClusterActivity;
  /** A restart queued until every engine is idle; aborting it cancels. */
  pendingRestart?: AbortController;
  /**
   * Engine ids our operations ended (a restart's old engines, a scale's removed ones) and their controller:
   * the resident client may tell of their leaving after the operation returned, which is no loss. A
   * controller never reuses an id, but the next controller starts again at 0, so the set is per controller.
   */
  endedByUs: { controllerPid: number | null; ids: Set<number> };
  /** An operation returned and its closing refresh runs: what leaves now is still the operation's doing. */
  settling: boolean;
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
 * the latest snapshot and the operations on it (start, stop, one restart attempt, scaling, status, profile
 * creation, clean-up, interrupts). Commands, the save watcher, the views and the API go through here; the
 * decisions around restarts are RestartFlows'. Each operation ends with one full refresh.
 */
export class ClusterService implements vscode.Disposable {
  private readonly control: ClusterControl;
  private readonly states = new Map<string, FolderState>();
  private readonly changed = new vscode.EventEmitter<ClusterSnapshot>();
  readonly onDidChangeSnapshot = this.changed.event;
  private readonly lostEngines = new vscode.EventEmitter<{ folder: vscode.WorkspaceFolder; lost: LostEngine[] }>();
  /** Departures waiting for their judgement (judgeLater). */
  private readonly judging = new Set<ReturnType<typeof setTimeout>>();
  /** Engines of a folder's own cluster that the controller dropped while no operation of ours ran: they died on their own. */
  readonly onDidLoseEngines = this.lostEngines.event;
  /** The kernel's OOM kills in this window's cgroup, sampled at each refresh of a running cluster. */
  private readonly oomKills = new OomKills();
  private readonly taskOutput = new vscode.EventEmitter<TaskOutput>();
  /** What tasks of any client print on a folder's own cluster, as its resident client reads it. */
  readonly onDidReceiveTaskOutput = this.taskOutput.event;

  constructor(
    readonly log: vscode.LogOutputChannel,
    keys: KeyRing,
    private readonly interpreters: InterpreterResolver,
    private readonly staleness: StalenessTracker,
    helperPath: string,
    private readonly logStorage: vscode.Uri,
    /** Each process started for a cluster (tests check that a hidden view starts none). */
    onSpawn: (what: string) => void,
    /** Clusters of this machine that folders watch as their own. */
    readonly adoptions: Adoptions,
  ) {
    this.control = new ClusterControl({
      helperPath,
      log,
      keys,
      beforeLogsRemoved: (target) => {
        const copied = archiveLogs(target.profileDir, this.logStorage.fsPath);
        if (copied.length) log.info(`Kept ${copied.length} log file(s) of this run under ${this.logStorage.fsPath}`);
      },
      onSpawn,
      onEngines: (target, controllerPid, ids, left) => {
        const folder = this.ownFolderOf(target);
        if (!folder) return;
        log.debug(`The controller lists engines ${ids.join(', ') || '(none)'} now`);
        const state = this.state(folder);
        if (state.activity !== 'idle' || state.settling) for (const e of left) endedIds(state, controllerPid).add(e.id);
        else if (left.length) this.judgeLater(folder, target, controllerPid, left);
        this.refreshPushed(folder);
      },
      onRunProgress: (target) => {
        const folder = this.ownFolderOf(target);
        if (folder) this.showRunProgress(folder, target);
      },
      onTaskOutput: (target, chunks, dropped) => {
        const folder = this.ownFolderOf(target);
        if (folder) this.taskOutput.fire({ folder, chunks, dropped });
      },
    });
  }

  /** The folder whose own cluster the target is; undefined for another cluster of its profile (a notebook's). */
  private ownFolderOf(target: ClusterTarget): vscode.WorkspaceFolder | undefined {
    const folder = this.folderFor(target.workspaceFolder);
    return folder && (target.clusterId ?? '') === this.ownClusterId(folder) ? folder : undefined;
  }

  /**
   * Engines that left while none of our operations ran are judged a grace period later: an operation that
   * just returned has by then noted the engines it ended (their leaving is told late), and an `ipcluster
   * stop` in a terminal has ended their controller too. What is left died on its own.
   */
  private judgeLater(folder: vscode.WorkspaceFolder, target: ClusterTarget, controllerPid: number, left: EngineLeft[]): void {
    // Where each ran, as its last answer said: the next status forgets engines the controller no longer lists.
    const known = this.control.knownEngines(target);
    const where = left.map((e) => ({ ...e, pid: known.get(e.id)?.pid ?? null, host: known.get(e.id)?.host }));
    const timer = setTimeout(() => {
      this.judging.delete(timer);
      const state = this.state(folder);
      const ended = state.endedByUs.controllerPid === controllerPid ? state.endedByUs.ids : new Set<number>();
      const lost = where.filter((e) => !ended.has(e.id));
      if (!lost.length || state.activity !== 'idle') return;
      const oomKilled = this.oomKills.killedLately(Date.now());
      this.log.info(`Engine(s) ${lost.map((e) => e.id).join(', ')} left while no operation of ours ran`);
      this.lostEngines.fire({
        folder,
        lost: lost.map(({ host, ...e }): LostEngine => ({ ...e, host: onThisHost(host) ? null : (host ?? null), oomKilled: onThisHost(host) && oomKilled })),
      });
    }, Timeouts.lostEngineGraceMs);
    this.judging.add(timer);
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

  /**
   * An operation's view of the folder, built once at its top: the settings are read here, and the target
   * carries the interpreter they name (resolved once, when a Python must first run). Throws a UserError for
   * bad settings.
   */
  context(folder: vscode.WorkspaceFolder, clusterId?: string): FolderContext {
    const adopted = this.adoptions.of(folder.uri.toString());
    const read = readSettings(folder);
    // A watched cluster's profile is not ours: no startup file is copied into it, and its engines run here.
    const settings = adopted ? { ...read, startupFiles: [] } : read;
    let python: Promise<PythonInfo> | undefined;
    const target: ClusterTarget = {
      profileDir: adopted?.profileDir ?? settings.profileDir(),
      workspaceFolder: folder.uri.fsPath,
      clusterId: clusterId ?? adopted?.clusterId ?? '',
      launcher: adopted ? undefined : settings.launcher,
      foreignProfile: adopted !== undefined,
      standbyEngines: settings.standbyEngines,
      python: () => (python ??= this.interpreter(folder, settings)),
    };
    return { folder, settings, target };
  }

  /** The folder's own cluster: id '' of its profile, or the cluster of this machine it watches. */
  ownClusterId(folder: vscode.WorkspaceFolder): string {
    return this.adoptions.of(folder.uri.toString())?.clusterId ?? '';
  }

  /** The context of the folder's own cluster: an operation's, where it has one. */
  private ownContext(place: vscode.WorkspaceFolder | FolderContext): FolderContext {
    if (!('settings' in place)) return this.context(place);
    const own = this.ownClusterId(place.folder);
    return place.target.clusterId !== own ? { ...place, target: { ...place.target, clusterId: own } } : place;
  }

  /** The profile, cluster id and working folder of a workspace folder's cluster; throws a UserError for bad settings. */
  target(folder: vscode.WorkspaceFolder, clusterId?: string): ClusterTarget {
    return this.context(folder, clusterId).target;
  }

  /** The folder's interpreter (the view's welcome content asks whether there is one). */
  python(folder: vscode.WorkspaceFolder): Promise<PythonInfo> {
    return this.interpreter(folder, readSettings(folder));
  }

  /** Every Python run starts here, so Restricted Mode refuses here. */
  private async interpreter(folder: vscode.WorkspaceFolder, settings: FolderSettings): Promise<PythonInfo> {
    requireTrust();
    return this.interpreters.resolve(folder, settings.pythonPath);
  }

  private state(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let state = this.states.get(key);
    if (!state) {
      state = {
        activity: 'idle',
        endedByUs: { controllerPid: null, ids: new Set() },
        settling: false,
        statusError: null,
        commandError: null,
        askedAt: 0,
        generation: 0,
        snapshotGeneration: 0,
      };
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

  /** Marks the activity for the duration of `work`, then refreshes once, fully (with the operation's settings). */
  private async operate<T>(ctx: FolderContext, activity: ClusterActivity, work: () => Promise<T>): Promise<T> {
    const state = this.state(ctx.folder);
    const before = [...this.control.knownEngines(ctx.target).keys(), ...(state.snapshot?.engines.map((e) => e.id) ?? [])];
    const controllerBefore = state.snapshot?.controller?.pid;
    // Engines already dead before it are not the operation's doing: their leaving is still told.
    const deadBefore = new Set(state.snapshot?.engines.filter((e) => e.dead).map((e) => e.id));
    state.activity = activity;
    void this.refresh(ctx, { kind: 'operation-started' });
    try {
      return await work();
    } finally {
      state.activity = 'idle';
      state.settling = true;
      try {
        const after = await this.refresh(ctx, { kind: 'operation-finished' });
        // An engine we ended may still be listed, dead (the controller drops it at its next heartbeat): not kept.
        const kept = new Set(after.engines.filter((e) => !e.dead).map((e) => e.id));
        const ended = endedIds(state, controllerBefore ?? after.controller?.pid ?? null);
        for (const id of before) if (id !== null && !kept.has(id) && !deadBefore.has(id)) ended.add(id);
      } finally {
        state.settling = false;
      }
    }
  }

  start(ctx: FolderContext, options: StartOptions): Promise<StartResult> {
    return this.operate(ctx, 'starting', () => this.control.start(ctx.target, options));
  }

  scaleEngines(ctx: FolderContext, count: number, options: StartOptions): Promise<ScaleResult> {
    return this.operate(ctx, 'scaling', () => this.control.scaleEngines(ctx.target, count, options));
  }

  stop(ctx: FolderContext): Promise<StopResult> {
    this.cancelPendingRestart(ctx.folder);
    return this.operate(ctx, 'stopping', () => this.control.stop(ctx.target));
  }

  deleteProfile(ctx: FolderContext, confirmed: DeletionCheck): Promise<StopResult> {
    this.cancelPendingRestart(ctx.folder);
    return this.operate(ctx, 'stopping', () => this.control.deleteProfile(ctx.target, confirmed));
  }

  killOrphans(ctx: FolderContext, pids: number[], jobIds: string[] = [], remoteHosts: string[] = []) {
    return this.operate(ctx, 'stopping', () => this.control.killOrphans(ctx.target, pids, jobIds, remoteHosts));
  }

  /** A cluster of this machine that is no folder's own (MachineService): ended with the same checks as a folder's. */
  stopMachineCluster(target: ClusterTarget): Promise<StopResult> {
    return this.control.stop(target);
  }

  /** What a dead controller of this machine left (MachineService): only these pids, jobs and hosts, verified. */
  killMachineOrphans(target: ClusterTarget, pids: number[], jobIds: string[], remoteHosts: string[]) {
    return this.control.killOrphans(target, pids, jobIds, remoteHosts);
  }

  /** Engines on SSH hosts of the profile's clusters whose controller is gone (asked there now). */
  orphanRemote(target: ClusterTarget, procs: ProfileProcesses) {
    return this.control.orphanRemote(target, procs, { fresh: true });
  }

  /** Slurm jobs of the profile whose controller is gone. */
  orphanJobs(target: ClusterTarget, procs: ProfileProcesses) {
    return this.control.orphanJobs(target, procs);
  }

  /** One restart attempt: busy engines are ended only with `allowBusy` (the decision is RestartFlows'). */
  restartOnce(ctx: FolderContext, options: Pick<StartOptions, 'engineCount' | 'signal' | 'onProgress'> & { allowBusy: boolean }): Promise<RestartResult> {
    return this.operate(ctx, 'restarting', () => this.control.restartEngines(ctx.target, options));
  }

  /** The restart queued until every engine is idle (RestartFlows runs it); stop and delete cancel it. */
  pendingRestart(folder: vscode.WorkspaceFolder): AbortController | undefined {
    return this.state(folder).pendingRestart;
  }

  setPendingRestart(folder: vscode.WorkspaceFolder, pending: AbortController | undefined): void {
    this.state(folder).pendingRestart = pending;
    // Read afresh: a queued restart may end hours after the settings it started with.
    void this.refresh(folder, { kind: 'state-changed' });
  }

  /** True when a queued restart was cancelled. */
  cancelPendingRestart(folder: vscode.WorkspaceFolder): boolean {
    const pending = this.state(folder).pendingRestart;
    pending?.abort();
    return Boolean(pending);
  }

  /** Startup files whose source changed after they were copied into the profile (engines run the copy). */
  staleStartupCopies({ settings, target }: FolderContext): StartupFileState[] {
    return startupFileStates(target.profileDir, target.workspaceFolder, settings.startupFiles).filter((s) => s.stale);
  }

  refreshStartupCopies(stale: StartupFileState[]): string[] {
    const written = refreshStartupCopies(stale);
    if (written.length) this.log.info(`Refreshed startup copies: ${written.join(', ')}`);
    return written;
  }

  /** Asks the controller (never blocks on busy engines) and records the answer in the snapshot. */
  async status(ctx: FolderContext): Promise<StatusReport> {
    const { folder, target } = ctx;
    const state = this.state(folder);
    state.askedAt = Date.now();
    const status = await this.control.status(target);
    if (!target.clusterId) {
      state.status = status;
      state.statusError = null;
    }
    await this.refresh(ctx, { kind: 'state-changed' });
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

  /** A profile for the folder (its startup files copied in); an existing one only gets the copies it lacks. */
  async createProfile(ctx: FolderContext): Promise<CreateProfileResult> {
    const { settings, target } = ctx;
    const python = await interpreterOf(target);
    const created = await createProfile(python.pythonPath, target.profileDir, target.workspaceFolder, settings.startupFiles, this.log, settings.heartbeatMs);
    // A scan shows the profile; the command's last refresh asks the controller and the queue, once.
    await this.refresh(ctx, { kind: 'state-changed' });
    return created;
  }

  /** SIGINT to one engine of the profile: its running task is interrupted, the engine kept. Refused for any other pid. */
  async interruptEngine(target: ClusterTarget, pid: number | undefined): Promise<number> {
    const engine = (await this.control.processes(target)).engines.find((e) => e.pid === pid);
    if (!pid || !engine) {
      throw new UserError('refused', vscode.l10n.t('Process {0} is not an engine of this profile; nothing was signalled.', pid ?? vscode.l10n.t('(none)')));
    }
    signalEach([engine], 'SIGINT', this.log);
    return pid;
  }

  processes(target: ClusterTarget): Promise<ProfileProcesses> {
    return this.control.processes(target);
  }

  evaluateOnEngines(target: ClusterTarget, expression: string): Promise<Record<string, string>> {
    return this.control.evaluateOnEngines(target, expression);
  }

  /** Tasks of any client waiting on an engine or for one, and who sent them (Abort Queued Tasks asks with these). */
  queuedTasks(target: ClusterTarget): Promise<QueuedTasks> {
    return this.control.queuedTasks(target);
  }

  /** The folder's cluster's task records since the last call, and what runs now (the Run Timeline). */
  taskRecords(folder: vscode.WorkspaceFolder, limit: number): Promise<TaskRecords> {
    return this.control.taskRecords(this.context(folder).target, limit);
  }

  /** Aborts those of the tasks that still wait; running ones finish. Then one full refresh shows the run. */
  async abortTasks(ctx: FolderContext, msgIds: string[]): Promise<number> {
    const aborted = await this.control.abortTasks(ctx.target, msgIds);
    this.log.info(`Aborted ${aborted} queued task(s) of ${msgIds.length} asked`);
    return aborted;
  }

  /**
   * The folder's snapshot, rebuilt as much as `reason` calls for (planRefresh decides): the process scan
   * (cheap), and on a full refresh the controller too (the resident client) unless a lifecycle command is
   * running. The only way a snapshot is rebuilt (between two, showRunProgress updates its progress alone).
   */
  refresh(place: vscode.WorkspaceFolder | FolderContext, reason: RefreshReason): Promise<ClusterSnapshot> {
    const folder = folderOf(place);
    const state = this.state(folder);
    const known = state.snapshot;
    const plan = planRefresh(reason, {
      askedAt: state.askedAt,
      showsSomething: !known || known.profileExists || Boolean(known.controller),
      clientConnected: this.clientConnected(folder),
    });
    if (!plan) return Promise.resolve(known!);
    // Coalesce: a refresh already running will see the same state.
    if (state.refreshing && !plan.full) return state.refreshing;
    const work = this.buildSnapshot(place, state, plan.full, plan.background).finally(() => {
      if (state.refreshing === work) state.refreshing = undefined;
    });
    state.refreshing = work;
    return work;
  }

  /** The folder's own cluster has a resident client connected (no settings problem may stop the question). */
  private clientConnected(folder: vscode.WorkspaceFolder): boolean {
    try {
      return this.control.residentConnected(this.context(folder).target);
    } catch {
      return false;
    }
  }

  /** `place`: an operation's context (its settings are used as read then), or a folder (read now, once). */
  private async buildSnapshot(place: vscode.WorkspaceFolder | FolderContext, state: FolderState, full: boolean, background: boolean): Promise<ClusterSnapshot> {
    const generation = ++state.generation;
    const folder = folderOf(place);
    let profileDir: string | undefined;
    let snapshot: ClusterSnapshot;
    try {
      const control = this.control;
      const { settings, target } = this.ownContext(place);
      profileDir = target.profileDir;
      const profileExists = looksLikeProfile(profileDir);
      const processes = await control.processes(target);
      // With no controller there is nothing to ask: an old status error must not outlive it.
      if (!processes.controller) state.statusError = null;
      else this.oomKills.sample(Date.now());
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
        run: control.runProgress(target),
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
        profileDir: profileDir ?? readSettings(folder).profileDirTemplate,
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

  /**
   * A task finished between two statuses (the resident client saw it): the snapshot shows the run's progress at
   * once, without a refresh, so that the tree and status bar count it within a moment, not at the next status.
   */
  private showRunProgress(folder: vscode.WorkspaceFolder, target: ClusterTarget): void {
    const state = this.state(folder);
    const run = this.control.runProgress(target);
    if (!state.snapshot || !run) return;
    const shown = withRunProgress(state.snapshot, run);
    if (shown === state.snapshot) return;
    state.snapshot = shown;
    this.changed.fire(shown);
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
        await this.refresh(folder, { kind: 'pushed-event' });
      } while (pushed.again);
      state.pushed = undefined;
    })();
  }

  /**
   * Clusters found running when the extension started: their resident clients connect now, in the background,
   * so the first status or tree refresh does not pay a Python start. Never in Restricted Mode.
   */
  async connectRunningClusters(): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    await Promise.all(
      this.folders().map(async (folder) => {
        // The scan that just ran found it: no second one.
        const controller = this.snapshot(folder)?.controller;
        if (!controller) return;
        try {
          if (await this.control.connectResident(this.context(folder).target, controller.pid))
            this.log.info(`Connected to the cluster running in ${folder.name}`);
        } catch (error) {
          // The first status says why, with the same error.
          this.log.info(`Could not connect to the cluster running in ${folder.name} ahead of its first status: ${errorMessage(error)}`);
        }
      }),
    );
  }

  async refreshAll(reason: RefreshReason): Promise<void> {
    await Promise.all(this.folders().map((f) => this.refresh(f, reason)));
  }

  dispose(): void {
    for (const timer of this.judging) clearTimeout(timer);
    this.control.dispose();
    for (const state of this.states.values()) state.pendingRestart?.abort();
    this.changed.dispose();
    this.taskOutput.dispose();
    this.lostEngines.dispose();
  }
}

/** The ids our operations ended of this controller's engines (a new controller starts the set afresh). */
function endedIds(state: FolderState, controllerPid: number | null): Set<number> {
  if (state.endedByUs.controllerPid !== controllerPid) state.endedByUs = { controllerPid, ids: new Set() };
  return state.endedByUs.ids;
}

/** The workspace folder an operation's context or a folder stands for. */
function folderOf(place: vscode.WorkspaceFolder | FolderContext): vscode.WorkspaceFolder {
  return 'settings' in place ? place.folder : place;
}

/** The controller address a start would use; undefined where the setting is bad (the start says why). */
function addressOf(target: ClusterTarget): ControllerAddress | undefined {
  try {
    return controllerAddressOf(target);
  } catch {
    return undefined;
  }
}
