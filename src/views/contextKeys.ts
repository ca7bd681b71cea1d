import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { ContextKeys } from '../constants';
import { UserError } from '../core/errors';

/**
 * Keeps the `when`-clause keys in step with the snapshots; calls setContext only when a value changes.
 * Python is probed (once, cached) only while the view is visible: its welcome content is what needs it.
 */
export function updateContextKeys(service: ClusterService, view: vscode.TreeView<unknown>): vscode.Disposable {
  const current = new Map<string, boolean>();
  const set = (key: string, value: boolean) => {
    if (current.get(key) === value) return;
    current.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  };
  const update = async () => {
    const folders = service.folders();
    const snapshots = folders.map((f) => service.snapshot(f));
    set(ContextKeys.running, snapshots.some((s) => s?.controller));
    set(ContextKeys.hasProfile, snapshots.some((s) => s?.profileExists));
    if (folders[0] && view.visible) {
      try {
        await service.python(folders[0]);
        set(ContextKeys.pythonProblem, false);
      } catch (error) {
        set(ContextKeys.pythonProblem, error instanceof UserError);
      }
    }
  };
  void update();
  return vscode.Disposable.from(
    service.onDidChangeSnapshot(() => void update()),
    view.onDidChangeVisibility(() => void update()),
  );
}
