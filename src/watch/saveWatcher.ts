import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { restartEngines } from '../commands/clusterCommands';
import { reportError } from '../commands/common';
import type { ClusterService } from '../clusterService';
import { readSettings } from '../config';
import { CONFIG_SECTION, Settings } from '../constants';
import { Burst } from '../core/debounce';
import { refreshStartupCopies, startupFileStates } from '../core/profile';
import { changedSince, sourceMatcher } from '../core/watchMatch';

interface FolderWatch {
  /** Changed source → when it changed (ms). Engines started before that hold old code. */
  changes: Map<string, number>;
  burst: Burst<string>;
  /** Files saved while the prompt is open: folded into its answer instead of a second prompt. */
  promptOpen: boolean;
  pendingRestart?: AbortController;
}

const IDLE_POLL_MS = 1000;

/**
 * Saves (and on-disk changes) of simulation sources while engines run → stale markers, one prompt per
 * burst, and restarts that wait for idle engines unless the user explicitly accepts losing work.
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

  constructor(private readonly service: ClusterService) {
    service.staleness = (folder, startedAt) => changedSince(this.watch(folder).changes, startedAt);
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
        changes: new Map(),
        promptOpen: false,
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
    if (uri.scheme !== 'file') return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const settings = readSettings(folder);
    if (!sourceMatcher(folder.uri.fsPath, settings.watchInclude, settings.watchExclude, settings.startupFiles)(uri.fsPath)) return;
    // Only while this folder's engines run: before a start, the new engines will load the file anyway.
    if (!this.service.snapshot(folder)?.controller) return;
    const watch = this.watch(folder);
    // The file's own mtime, not the event's arrival: a file-system event trailing a save must not make
    // engines started after that save look stale.
    let changedAt = Date.now();
    try {
      changedAt = fs.statSync(uri.fsPath).mtimeMs;
    } catch {
      // deleted: now is when it changed
    }
    watch.changes.set(uri.fsPath, Math.max(watch.changes.get(uri.fsPath) ?? 0, changedAt));
    watch.burst.push(uri.fsPath);
  }

  private async onBurst(folder: vscode.WorkspaceFolder, watch: FolderWatch, files: string[]): Promise<void> {
    const snapshot = await this.service.refresh(folder, { full: true });
    // Nothing to offer unless some running engine is older than a change.
    if (!snapshot.controller || !snapshot.engines.some((e) => e.staleFiles.length)) return;
    const mode = readSettings(folder).restartOnSave;
    if (mode === 'never' || watch.pendingRestart) return;
    if (mode === 'always') {
      this.restartWhenIdle(folder, watch);
      return;
    }
    // One prompt at a time: its answer covers every file changed since it opened.
    if (watch.promptOpen) return;
    watch.promptOpen = true;
    this.promptCount++;
    try {
      await this.prompt(folder, watch, files.length);
    } finally {
      watch.promptOpen = false;
    }
  }

  private async prompt(folder: vscode.WorkspaceFolder, watch: FolderWatch, fileCount: number): Promise<void> {
    const snapshot = this.service.snapshot(folder);
    const busy = snapshot?.engines.filter((e) => e.state === 'busy').length ?? 0;
    const startupChanged = this.staleStartupCopies(folder).length > 0;
    const message =
      `Simulation sources changed (${fileCount} file${fileCount > 1 ? 's' : ''}). Engines hold the old code.` +
      (busy ? ` ${busy} engine(s) are busy.` : '') +
      (startupChanged ? ' Startup files changed too: their profile copies are refreshed first.' : '');
    const actions = busy ? ['Restart When Idle', 'Restart Now', 'Always', 'Not Now'] : ['Restart Engines', 'Always', 'Not Now'];
    const choice = await this.ask(message, actions);
    if (choice === 'Always') {
      await vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri).update(Settings.restartOnSave, 'always', vscode.ConfigurationTarget.Workspace);
      this.restartWhenIdle(folder, watch);
    } else if (choice === 'Restart When Idle') {
      this.restartWhenIdle(folder, watch);
    } else if (choice === 'Restart Engines' || choice === 'Restart Now') {
      await this.restart(folder, false);
    }
  }

  private staleStartupCopies(folder: vscode.WorkspaceFolder) {
    try {
      const target = this.service.target(folder);
      return startupFileStates(target.profileDir, target.workspaceFolder, readSettings(folder).startupFiles).filter((s) => s.stale);
    } catch {
      return [];
    }
  }

  /** Restarts now; busy engines are only killed after the modal in restartEngines (or never, for a queued restart). */
  private async restart(folder: vscode.WorkspaceFolder, onlyWhenIdle: boolean): Promise<'restarted' | 'busy'> {
    refreshStartupCopies(this.staleStartupCopies(folder));
    const target = this.service.target(folder);
    const startedAt = Date.now();
    const result = await restartEngines(this.service, folder, target, onlyWhenIdle ? { confirmed: false } : {});
    if (result?.kind === 'restarted') {
      this.restartCount++;
      // Forget what the fresh engines loaded; a save during the restart may still make them stale.
      const changes = this.watch(folder).changes;
      for (const [file, changedAt] of changes) if (changedAt <= startedAt) changes.delete(file);
      return 'restarted';
    }
    return 'busy';
  }

  /** Queues a restart that runs as soon as every engine is idle; cancellable, never kills running work. */
  restartWhenIdle(folder: vscode.WorkspaceFolder, watch = this.watch(folder)): void {
    if (watch.pendingRestart) return;
    const abort = new AbortController();
    watch.pendingRestart = abort;
    this.service.setRestartPending(folder, true);
    void (async () => {
      try {
        while (!abort.signal.aborted) {
          const snapshot = await this.service.refresh(folder, { full: true });
          if (!snapshot.controller) return;
          if (!snapshot.engines.some((e) => e.state === 'busy') && (await this.restart(folder, true)) === 'restarted') return;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, IDLE_POLL_MS);
            abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
          });
        }
      } catch (error) {
        if (!this.disposed) await reportError(error, this.service.log);
      } finally {
        watch.pendingRestart = undefined;
        if (!this.disposed) this.service.setRestartPending(folder, false);
      }
    })();
  }

  cancelPendingRestart(folder: vscode.WorkspaceFolder): boolean {
    const pending = this.watch(folder).pendingRestart;
    pending?.abort();
    return Boolean(pending);
  }

  dispose(): void {
    this.disposed = true;
    for (const watch of this.folders.values()) {
      watch.burst.dispose();
      watch.pendingRestart?.abort();
    }
    this.fsWatchers.forEach((d) => d.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}
