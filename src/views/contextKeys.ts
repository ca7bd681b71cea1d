import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { ContextKeys } from '../constants';
import { UserError } from '../core/errors';

/** The context keys set so far (tests read them: the walkthrough's steps complete on them). */
export const contextValues = new Map<string, boolean>();

/** Sets a `when`-clause key; calls setContext only when its value changes. */
export function setContextKey(key: string, value: boolean): void {
  if (contextValues.get(key) === value) return;
  contextValues.set(key, value);
  void vscode.commands.executeCommand('setContext', key, value);
}

/**
 * Keeps the `when`-clause keys in step with the snapshots.
 * Python is probed (once, cached) only while the view is visible: its welcome content is what needs it.
 */
export function updateContextKeys(service: ClusterService, view: vscode.TreeView<unknown>): vscode.Disposable {
  const set = setContextKey;
  const update = async () => {
    const folders = service.folders();
    const snapshots = folders.map((f) => service.snapshot(f));
    set(
      ContextKeys.running,
      snapshots.some((s) => s?.controller),
    );
    set(
      ContextKeys.hasProfile,
      snapshots.some((s) => s?.profileExists),
    );
    set(
      ContextKeys.canStart,
      snapshots.some((s) => s?.profileExists && !s.controller),
    );
    set(
      ContextKeys.restartPending,
      snapshots.some((s) => s?.restartPending),
    );
    if (snapshots.some((s) => s?.python)) set(ContextKeys.pythonReady, true);
    if (folders[0] && view.visible) {
      try {
        await service.python(folders[0]);
        set(ContextKeys.pythonProblem, false);
        set(ContextKeys.pythonReady, true);
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
