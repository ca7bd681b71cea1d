import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { readSettings } from '../config';
import { Commands } from '../constants';
import type { ClusterSnapshot } from '../core/snapshot';
import { formatDuration } from '../views/format';
import type { Ui } from '../ui';

/**
 * A long run's end is worth a notification: once per run, when the cluster goes from busy to idle, if the
 * run lasted at least `ippEngines.run.notifyAfterSeconds`. Shorter runs stay quiet. Read from the snapshots
 * the service publishes.
 */
export class RunWatcher implements vscode.Disposable {
  /** Per folder, the last run already judged. */
  private readonly judged = new Map<string, number>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly service: ClusterService,
    private readonly ui: Ui,
  ) {
    this.subscription = service.onDidChangeSnapshot((s) => this.check(s));
  }

  private check(s: ClusterSnapshot): void {
    const p = s.progress;
    if (!p || p.active || !p.run || p.startedAt === null || p.finishedAt === null || this.judged.get(s.folder) === p.run) return;
    this.judged.set(s.folder, p.run);
    const folder = this.service.folderFor(s.folder);
    if (!folder || p.finishedAt - p.startedAt < readSettings(folder).runNotifyAfterSeconds * 1000) return;
    const took = formatDuration(p.finishedAt - p.startedAt);
    const where = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? ` (${folder.name})` : '';
    const message = p.failed
      ? vscode.l10n.t('The run finished{0}: {1} task(s) in {2}, {3} failed.', where, p.completed, took, p.failed)
      : vscode.l10n.t('The run finished{0}: {1} task(s) in {2}, none failed.', where, p.completed, took);
    const showOutput = vscode.l10n.t('Show Task Output');
    void this.ui.inform(message, showOutput).then((choice) => choice === showOutput && vscode.commands.executeCommand(Commands.showTaskOutput));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
