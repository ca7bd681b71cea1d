import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { readSettings } from '../config';
import { CONFIG_SECTION, ContextKeys, Settings } from '../constants';
import { Burst } from '../core/debounce';
import type { RestartOnSave } from '../core/settings';
import type { StalenessTracker } from '../core/staleness';
import { sourceMatcher } from '../core/watchMatch';
import { askModal, busyRestartQuestion, readyProgress, reportError, withProgress } from '../ui';
import { setContextKey } from '../views/contextKeys';

interface FolderWatch {
  burst: Burst<string>;
  /** The controller (pid) an open save prompt is about: saves while it is open are folded into its answer. */
  promptFor: number | undefined;
}

/**
 * Saves (and on-disk changes) of simulation sources while engines run → changes recorded in the staleness
 * tracker, one prompt per burst, and restarts through the service that wait for idle engines unless the
 * user explicitly accepts losing work. Only watching and the prompt policy live here.
 */
export class SaveWatcher implements vscode.Disposable {
  private readonly folders = new Map<string, FolderWatch>();
  private readonly disposables: vscode.Disposable[] = [];
  private fsWatchers: vscode.Disposable[] = [];
  private disposed = false;
  /** Prompts shown so far (tests check that a burst of saves gives one). */
  promptCount = 0;
  /** Restarts triggered by the watcher (tests wait on this). */
  restartCount = 0;
  /** Shows the save prompt; tests answer it in place of a person. */
  ask: (message: string, actions: string[]) => Thenable<string | undefined> = (message, actions) => vscode.window.showInformationMessage(message, ...actions);

  constructor(
    private readonly service: ClusterService,
    private readonly staleness: StalenessTracker,
  ) {
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((doc) => this.onChanged(doc.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watchFileSystem()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(CONFIG_SECTION) && this.watchFileSystem()),
    );
    this.watchFileSystem();
  }

  private watch(folder: vscode.WorkspaceFolder): FolderWatch {
    const key = folder.uri.toString();
    let watch = this.folders.get(key);
    if (!watch) {
      const created: FolderWatch = {
        promptFor: undefined,
        burst: new Burst<string>(
          () => readSettings(folder).saveDebounceMs,
          (files) => void this.onBurst(folder, created, [...new Set(files)]).catch((error) => reportError(error, this.service.log)),
        ),
      };
      watch = created;
      this.folders.set(key, watch);
    }
    return watch;
  }

  /** Changes made outside the editor (git pull, another tool) arrive through file-system watchers. */
  private watchFileSystem(): void {
    this.fsWatchers.forEach((d) => d.dispose());
    this.fsWatchers = [];
    for (const folder of this.service.folders()) {
      const settings = readSettings(folder);
      for (const pattern of [...settings.watchInclude, ...settings.startupFiles]) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, pattern));
        const onChange = (uri: vscode.Uri) => this.onChanged(uri);
        this.fsWatchers.push(watcher, watcher.onDidChange(onChange), watcher.onDidCreate(onChange), watcher.onDidDelete(onChange));
      }
    }
  }

  private onChanged(uri: vscode.Uri): void {
    // Restricted Mode: no restart is offered, nothing is marked (the engines are not ours to judge there).
    if (uri.scheme !== 'file' || !vscode.workspace.isTrusted) return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const settings = readSettings(folder);
    if (!sourceMatcher(folder.uri.fsPath, settings.watchInclude, settings.watchExclude, settings.startupFiles)(uri.fsPath)) return;
    // Only while this folder's engines run: before a start, the new engines will load the file anyway.
    if (!this.service.snapshot(folder)?.controller) return;
    // The file's own mtime, not the event's arrival: a file-system event trailing a save must not make
    // engines started after that save look stale.
    let changedAt = Date.now();
    try {
      changedAt = fs.statSync(uri.fsPath).mtimeMs;
    } catch {
      // deleted: now is when it changed
    }
    this.staleness.record(folder.uri.toString(), uri.fsPath, changedAt);
    this.watch(folder).burst.push(uri.fsPath);
  }

  private async onBurst(folder: vscode.WorkspaceFolder, watch: FolderWatch, files: string[]): Promise<void> {
    const snapshot = await this.service.refresh(folder, { full: true });
    // Nothing to offer unless some running engine is older than a change.
    if (!snapshot.controller || !snapshot.engines.some((e) => e.staleFiles.length)) return;
    const mode = readSettings(folder).restartOnSave;
    if (mode === 'never' || snapshot.restartPending) return;
    if (mode === 'always') {
      this.restartWhenIdle(folder);
      return;
    }
    // One prompt at a time: its answer covers every file changed since it opened. A prompt still open
    // about a cluster that has stopped since (left unanswered in the notification centre) does not
    // silence the saves of the next one.
    const controller = snapshot.controller.pid;
    if (watch.promptFor === controller) return;
    watch.promptFor = controller;
    this.promptCount++;
    try {
      await this.prompt(folder, files.length);
    } finally {
      if (watch.promptFor === controller) watch.promptFor = undefined;
    }
  }

  private async prompt(folder: vscode.WorkspaceFolder, fileCount: number): Promise<void> {
    const snapshot = this.service.snapshot(folder);
    const busy = snapshot?.engines.filter((e) => e.state === 'busy').length ?? 0;
    const startupChanged = this.staleStartupCopies(folder).length > 0;
    const message = [
      fileCount > 1
        ? vscode.l10n.t('Simulation sources changed ({0} files). Engines hold the old code.', fileCount)
        : vscode.l10n.t('Simulation sources changed ({0} file). Engines hold the old code.', fileCount),
      busy ? vscode.l10n.t('{0} engine(s) are busy.', busy) : undefined,
      startupChanged ? vscode.l10n.t('Startup files changed too: their profile copies are refreshed first.') : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    // The answer is compared with the labels as shown (localized); tests answer with the English ones.
    const restartWhenIdle = vscode.l10n.t('Restart When Idle');
    const restartNow = vscode.l10n.t('Restart Now');
    const restartEngines = vscode.l10n.t('Restart Engines');
    const always = vscode.l10n.t('Always');
    const never = vscode.l10n.t('Never');
    const notNow = vscode.l10n.t('Not Now');
    const actions = busy ? [restartWhenIdle, restartNow, always, never, notNow] : [restartEngines, always, never, notNow];
    const choice = await this.ask(message, actions);
    // Always and Never are remembered for this workspace (its settings); engines are still marked stale.
    if (choice === always || choice === never) {
      const mode: RestartOnSave = choice === always ? 'always' : 'never';
      await vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri).update(Settings.restartOnSave, mode, vscode.ConfigurationTarget.Workspace);
      this.service.log.info(
        `Saves now ${mode === 'always' ? 'restart the engines when idle' : 'restart nothing'} in this workspace (ippEngines.restartOnSave: ${mode}).`,
      );
    }
    if (choice === always || choice === restartWhenIdle) {
      this.restartWhenIdle(folder);
    } else if (choice === restartEngines || choice === restartNow) {
      await this.restart(folder, false);
    }
  }

  private staleStartupCopies(folder: vscode.WorkspaceFolder) {
    try {
      return this.service.staleStartupCopies(folder);
    } catch {
      return [];
    }
  }

  /**
   * Restarts now. Busy engines lose their work only after a modal (Restart Now), never for a restart
   * queued until idle (`onlyWhenIdle`).
   */
  private async restart(folder: vscode.WorkspaceFolder, onlyWhenIdle: boolean): Promise<'restarted' | 'busy'> {
    this.service.refreshStartupCopies(this.staleStartupCopies(folder));
    const target = this.service.target(folder);
    const startedAt = Date.now();
    const result = await withProgress(vscode.l10n.t('IPP: restarting engines'), (progress, signal) =>
      this.service.restartEngines(folder, target, {
        signal,
        onProgress: (p) => progress.report(readyProgress(p, true)),
        confirmBusy: async (busy) => !onlyWhenIdle && askModal(...busyRestartQuestion(busy)),
      }),
    );
    if (result.kind !== 'restarted') return 'busy';
    this.restartCount++;
    setContextKey(ContextKeys.restartedAfterSave, true);
    // Forget what the fresh engines loaded; a save during the restart may still make them stale.
    this.staleness.forgetBefore(folder.uri.toString(), startedAt);
    return 'restarted';
  }

  /** Queues a restart (in the service) that runs as soon as every engine is idle; never ends running work. */
  restartWhenIdle(folder: vscode.WorkspaceFolder): void {
    this.service.restartWhenIdle(
      folder,
      async () => (await this.restart(folder, true)) === 'restarted',
      (error) => void (this.disposed || reportError(error, this.service.log)),
    );
  }

  dispose(): void {
    this.disposed = true;
    for (const watch of this.folders.values()) watch.burst.dispose();
    this.fsWatchers.forEach((d) => d.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}
