import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { readSettings } from './config';
import { ClusterControl, type ClusterTarget, type StatusReport } from './core/cluster';
import { errorMessage, UserError } from './core/errors';
import { ghostLifetimeMs } from './core/ipyparallel';
import { archiveLogs } from './core/logArchive';
import { looksLikeProfile, startupFileStates } from './core/profile';
import { buildSnapshot, type ClusterActivity, type ClusterSnapshot } from './core/snapshot';
import type { InterpreterResolver } from './interpreter';

interface FolderState {
  status?: StatusReport;
  activity: ClusterActivity;
  restartPending: boolean;
  /** Why the last status question failed; cleared when the controller answers again. */
  statusError: string | null;
  /** Why the last command on this folder failed; kept until the next command on the folder. */
  commandError: string | null;
  snapshot?: ClusterSnapshot;
  refreshing?: Promise<ClusterSnapshot>;
  /** Incremented per refresh: a slow refresh must not overwrite the result of a newer one. */
  generation: number;
  /** The generation `snapshot` came from. */
  snapshotGeneration: number;
}

/** Answers "which files changed after this engine started" for a folder (the save watcher provides it). */
export type StalenessSource = (folder: vscode.WorkspaceFolder, startedAt: number | null) => string[];

/**
 * The extension's model: per workspace folder, the cluster target, the latest snapshot and what is being
 * done to it. Views and the API only read from here; commands act through `control`.
 */
export class ClusterService implements vscode.Disposable {
  readonly control: ClusterControl;
  private readonly states = new Map<string, FolderState>();
  private readonly changed = new vscode.EventEmitter<ClusterSnapshot>();
  readonly onDidChangeSnapshot = this.changed.event;
  /** Helper and ipcluster processes spawned so far (tests check that hidden views spawn none). */
  spawnCount = 0;
  staleness: StalenessSource = () => [];

  constructor(
    readonly log: vscode.LogOutputChannel,
    private readonly interpreters: InterpreterResolver,
    helperPath: string,
    private readonly logStorage: vscode.Uri,
  ) {
    this.control = new ClusterControl({
      python: (target) => {
        const folder = this.folderFor(target.workspaceFolder);
        if (!folder) return Promise.reject(new UserError('bad-setting', `${target.workspaceFolder} is not a workspace folder.`));
        return this.python(folder);
      },
      helperPath,
      log,
      beforeLogsRemoved: (target) => {
        const copied = archiveLogs(target.profileDir, this.logStorage.fsPath);
        if (copied.length) log.info(`Kept ${copied.length} log file(s) of this run under ${this.logStorage.fsPath}`);
      },
      onSpawn: () => this.spawnCount++,
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
    return { profileDir: readSettings(folder).profileDir(), workspaceFolder: folder.uri.fsPath, clusterId };
  }

  python(folder: vscode.WorkspaceFolder) {
    return this.interpreters.resolve(folder, readSettings(folder).pythonPath);
  }

  private state(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let state = this.states.get(key);
    if (!state) {
      state = { activity: 'idle', restartPending: false, statusError: null, commandError: null, generation: 0, snapshotGeneration: 0 };
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

  setRestartPending(folder: vscode.WorkspaceFolder, pending: boolean): void {
    this.state(folder).restartPending = pending;
    void this.refresh(folder);
  }

  /** Marks the folder's cluster as starting/stopping/restarting for the duration of `work`. */
  async withActivity<T>(folder: vscode.WorkspaceFolder, activity: ClusterActivity, work: () => Promise<T>): Promise<T> {
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

  recordStatus(folder: vscode.WorkspaceFolder, status: StatusReport): void {
    this.state(folder).status = status;
  }

  /**
   * Rebuilds the folder's snapshot. The process scan is always done (cheap); `full` also asks the
   * controller (a Python helper) unless a lifecycle command is running.
   */
  refresh(folder: vscode.WorkspaceFolder, options: { full?: boolean } = {}): Promise<ClusterSnapshot> {
    const state = this.state(folder);
    // Coalesce: a refresh already running will see the same state.
    if (state.refreshing && !options.full) return state.refreshing;
    const work = this.buildSnapshot(folder, state, Boolean(options.full)).finally(() => {
      if (state.refreshing === work) state.refreshing = undefined;
    });
    state.refreshing = work;
    return work;
  }

  private async buildSnapshot(folder: vscode.WorkspaceFolder, state: FolderState, full: boolean): Promise<ClusterSnapshot> {
    const generation = ++state.generation;
    const settings = readSettings(folder);
    let profileDir = settings.profileDirTemplate;
    let snapshot: ClusterSnapshot;
    try {
      const control = this.control;
      const target = this.target(folder);
      profileDir = target.profileDir;
      const profileExists = fs.existsSync(profileDir) && looksLikeProfile(profileDir);
      const processes = await control.processes(target);
      if (full && processes.controller && !control.isBusy(target)) {
        try {
          state.status = await control.status(target);
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
        knownPids: control.knownPids(target),
        deadSince: control.deadSinceById(target),
        ghostLifetimeMs: profileExists ? ghostLifetimeMs(profileDir) : undefined,
        python: this.interpreters.peek(folder, settings.pythonPath),
        startupError: control.startupError(target),
        staleFiles: (startedAt) => this.staleness(folder, startedAt),
        startupFiles: profileExists ? startupFileStates(profileDir, folder.uri.fsPath, settings.startupFiles) : [],
        activity: state.activity,
        restartPending: state.restartPending,
        lastError: state.commandError ?? state.statusError,
      });
    } catch (error) {
      if (!(error instanceof UserError)) this.log.error(`Refresh failed: ${errorMessage(error)}`);
      snapshot = buildSnapshot({
        folder: folder.uri.fsPath,
        profileDir,
        profileExists: false,
        knownPids: new Map(),
        staleFiles: () => [],
        startupFiles: [],
        activity: state.activity,
        restartPending: state.restartPending,
        lastError: errorMessage(error),
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

  async refreshAll(options: { full?: boolean } = {}): Promise<void> {
    await Promise.all(this.folders().map((f) => this.refresh(f, options)));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
