import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ClusterService, FolderContext } from '../clusterService';
import { readSettings } from '../config';
import { CONFIG_SECTION } from '../constants';
import { Burst } from '../core/debounce';
import type { StalenessTracker } from '../core/staleness';
import { sourceMatcher } from '../core/watchMatch';
import type { RestartFlows } from '../flows/restarts';
import type { Ui } from '../ui';

/**
 * Saves (and on-disk changes) of simulation sources while engines run → changes recorded in the staleness
 * tracker, and one burst per pause handed to RestartFlows, which decides what to offer. Only watching lives here.
 */
export class SaveWatcher implements vscode.Disposable {
  private readonly bursts = new Map<string, Burst<string>>();
  private readonly disposables: vscode.Disposable[] = [];
  private fsWatchers: vscode.Disposable[] = [];

  constructor(
    private readonly service: ClusterService,
    private readonly staleness: StalenessTracker,
    private readonly flows: RestartFlows<FolderContext>,
    private readonly ui: Ui,
  ) {
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((doc) => this.onChanged(doc.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watchFileSystem()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(CONFIG_SECTION) && this.watchFileSystem()),
    );
    this.watchFileSystem();
  }

  private burst(folder: vscode.WorkspaceFolder): Burst<string> {
    const key = folder.uri.toString();
    let burst = this.bursts.get(key);
    if (!burst) {
      burst = new Burst<string>(
        () => readSettings(folder).saveDebounceMs,
        (files) => void this.onBurst(folder, new Set(files).size),
      );
      this.bursts.set(key, burst);
    }
    return burst;
  }

  private async onBurst(folder: vscode.WorkspaceFolder, fileCount: number): Promise<void> {
    try {
      await this.flows.sourcesChanged(this.service.context(folder), fileCount);
    } catch (error) {
      this.ui.reportError(error);
    }
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
    // Only while this folder's engines run: before a start, the new engines will load the file anyway.
    const snapshot = this.service.snapshot(folder);
    if (!snapshot?.controller) return;
    const settings = readSettings(folder);
    if (!sourceMatcher(folder.uri.fsPath, settings.watchInclude, settings.watchExclude, settings.startupFiles, snapshot.profileDir)(uri.fsPath)) return;
    // The file's own mtime, not the event's arrival: a file-system event trailing a save must not make
    // engines started after that save look stale.
    let changedAt = Date.now();
    try {
      changedAt = fs.statSync(uri.fsPath).mtimeMs;
    } catch {
      // deleted: now is when it changed
    }
    this.staleness.record(folder.uri.toString(), uri.fsPath, changedAt);
    this.burst(folder).push(uri.fsPath);
  }

  dispose(): void {
    for (const burst of this.bursts.values()) burst.dispose();
    this.fsWatchers.forEach((d) => d.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}
