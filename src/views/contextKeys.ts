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
 * Python is probed (once, cached) only while the view is visible: its welcome content is what needs it. It
 * is asked when the view is shown or a refresh found no interpreter, not at each snapshot (a run's progress
 * changes them several times a second).
 */
export function updateContextKeys(service: ClusterService, view: vscode.TreeView<unknown>): vscode.Disposable {
  const set = setContextKey;
  let probedFor: string | undefined; // the refresh whose snapshot Python was last probed for
  const update = async (shown = false) => {
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
    // A snapshot that names its interpreter found it; otherwise each new refresh (not each progress push) asks.
    const refreshed = `${folders[0]?.uri.toString()} ${snapshots[0]?.updatedAt}`;
    if (snapshots[0]?.python) {
      set(ContextKeys.pythonProblem, false);
    } else if (folders[0] && view.visible && (shown || refreshed !== probedFor)) {
      probedFor = refreshed;
      try {
        await service.python(folders[0]);
        set(ContextKeys.pythonProblem, false);
        set(ContextKeys.pythonReady, true);
      } catch (error) {
        set(ContextKeys.pythonProblem, error instanceof UserError);
      }
    }
  };
  void update(true);
  return vscode.Disposable.from(
    service.onDidChangeSnapshot(() => void update()),
    view.onDidChangeVisibility(() => void update(true)),
  );
}
