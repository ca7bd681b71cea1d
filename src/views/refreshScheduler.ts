import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { readSettings } from '../config';
import { Burst } from '../core/debounce';
import { Timeouts } from '../core/ipyparallel';

/**
 * When to look again without being asked: on a timer (once a second while a run goes on and the view shows), when the view becomes visible or the window focused,
 * and (debounced) when a profile's security/ and pid/ folders change. How much each look does, and whether it
 * starts any process, is planRefresh's decision: a hidden view never asks a controller.
 */
export class RefreshScheduler implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private profileWatchers: vscode.Disposable[] = [];
  private readonly fileEvents = new Burst<void>(
    () => Timeouts.profileEventsDebounceMs,
    () => void this.tick(true),
  );

  constructor(
    private readonly service: ClusterService,
    private readonly view: vscode.TreeView<unknown>,
  ) {
    this.disposables.push(
      view.onDidChangeVisibility((e) => e.visible && void this.service.refreshAll({ kind: 'view-shown' })),
      vscode.window.onDidChangeWindowState((e) => e.focused && this.view.visible && void this.service.refreshAll({ kind: 'view-shown' })),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watchProfiles()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('ippEngines')) return;
        this.watchProfiles();
        // A timer set for the old interval (an hour, say) would keep it until it fires.
        if (e.affectsConfiguration('ippEngines.refreshIntervalSeconds')) this.reschedule();
      }),
    );
    this.watchProfiles();
    this.schedule();
  }

  private intervalMs(): number {
    const folders = this.service.folders();
    const setting = (folders[0] ? readSettings(folders[0]).refreshIntervalSeconds : 5) * 1000;
    // While a run goes on, its progress moves: once a second where it is seen (the resident client answers in
    // milliseconds); a hidden view follows it at the usual pace, for the status bar and the run's end.
    const running = this.view.visible && folders.some((f) => this.service.snapshot(f)?.progress?.active);
    return running ? Math.min(setting, Timeouts.runRefreshMs) : setting;
  }

  private schedule(): void {
    const timer = setTimeout(async () => {
      await this.tick(false);
      // A reschedule during the tick already set the next timer.
      if (!this.disposed && this.timer === timer) this.schedule();
    }, this.intervalMs());
    this.timer = timer;
  }

  private reschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.schedule();
  }

  private async tick(fromFiles: boolean): Promise<void> {
    const viewShown = this.view.visible && vscode.window.state.focused;
    for (const folder of this.service.folders()) await this.service.refresh(folder, { kind: fromFiles ? 'profile-files' : 'interval', viewShown });
  }

  /** Watches each folder's security/ and pid/ folders (ipcluster writes there on start and stop). */
  private watchProfiles(): void {
    this.profileWatchers.forEach((w) => w.dispose());
    this.profileWatchers = [];
    for (const folder of this.service.folders()) {
      let profileDir: string;
      try {
        profileDir = this.service.target(folder).profileDir;
      } catch {
        continue;
      }
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(profileDir), '{security,pid}/*'));
      const poke = () => this.fileEvents.push();
      this.profileWatchers.push(watcher, watcher.onDidCreate(poke), watcher.onDidChange(poke), watcher.onDidDelete(poke));
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.fileEvents.dispose();
    this.profileWatchers.forEach((w) => w.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}
