import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { Commands } from '../constants';
import type { KeyRing } from '../core/keyRing';
import type { ClusterActivity } from '../core/snapshot';
import { TaskOutputLines } from '../core/taskOutput';

/**
 * The "IPP Engines: Task Output" channel: what every client's tasks print on the folders' clusters, line by
 * line with engine ids, as the resident clients read it from the controller's iopub stream. It outlives
 * restarts and says where each one happened. Never shown by force.
 */
export class TaskOutputChannel implements vscode.Disposable {
  private readonly lines = new Map<string, TaskOutputLines>();
  private readonly activity = new Map<string, ClusterActivity>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    service: ClusterService,
    private readonly keys: KeyRing,
    /** Created by the caller: tests read what it was given. */
    private readonly channel: vscode.OutputChannel,
  ) {
    this.disposables = [
      vscode.commands.registerCommand(Commands.showTaskOutput, () => this.channel.show(true)),
      service.onDidReceiveTaskOutput(({ folder, chunks, dropped }) => this.append(this.linesOf(folder).add(chunks, dropped))),
      service.onDidChangeSnapshot((s) => {
        const was = this.activity.get(s.folder);
        this.activity.set(s.folder, s.activity);
        if (was === 'restarting' && s.activity === 'idle') {
          const folder = service.folderFor(s.folder);
          const ids = s.engines.flatMap((e) => (e.id === null ? [] : [e.id]));
          this.append(folder ? this.linesOf(folder).flush() : '');
          this.append(
            `${vscode.l10n.t('──── {0}: engines restarted{1}; fresh engines {2} ────', new Date().toLocaleTimeString(), this.folderNote(folder), ids.join(', ') || '-')}\n`,
          );
        }
      }),
    ];
  }

  private linesOf(folder: vscode.WorkspaceFolder): TaskOutputLines {
    const key = folder.uri.toString();
    let lines = this.lines.get(key);
    if (!lines) this.lines.set(key, (lines = new TaskOutputLines((text) => this.keys.redact(text))));
    return lines;
  }

  /** In a multi-root workspace, which folder's cluster a note is about. */
  private folderNote(folder: vscode.WorkspaceFolder | undefined): string {
    return folder && (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? ` (${folder.name})` : '';
  }

  private append(text: string): void {
    if (text) this.channel.append(text);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.channel.dispose();
  }
}
