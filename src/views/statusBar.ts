import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { CLUSTER_VIEW_ID } from '../constants';
import { statusBarView } from './statusBarView';

/** One status-bar item for the folder of the active editor (or the first folder). */
export class ClusterStatusBar implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly service: ClusterService,
    /** Created by the caller: tests observe what it shows. */
    private readonly item: vscode.StatusBarItem,
  ) {
    this.item.name = vscode.l10n.t('IPP Engines');
    this.item.command = `${CLUSTER_VIEW_ID}.focus`;
    this.disposables.push(
      service.onDidChangeSnapshot(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  activeFolder(): vscode.WorkspaceFolder | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return (uri && vscode.workspace.getWorkspaceFolder(uri)) || this.service.folders()[0];
  }

  update(): void {
    const folder = this.activeFolder();
    const view = statusBarView(folder && this.service.snapshot(folder));
    if (!view) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(view.tooltip);
    tooltip.isTrusted = true;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.item.dispose();
  }
}
