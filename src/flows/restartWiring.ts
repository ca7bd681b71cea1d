import * as vscode from 'vscode';
import type { ClusterService, FolderContext } from '../clusterService';
import { CONFIG_SECTION, ContextKeys, Settings } from '../constants';
import type { Clock } from '../core/clock';
import type { StalenessTracker } from '../core/staleness';
import { readyProgress, withProgress, type Ui } from '../ui';
import { setContextKey } from '../views/contextKeys';
import { RestartFlows } from './restarts';

/**
 * RestartFlows on VS Code: the service as its model (per folder context), the UI's ports for the person, and
 * the workspace's settings for the save policy. `onRestartedAfterSave` hears each restart an offer led to.
 */
export function createRestartFlows(
  service: ClusterService,
  ui: Ui,
  clock: Clock,
  staleness: StalenessTracker,
  onRestartedAfterSave: (folder: vscode.WorkspaceFolder) => void,
): RestartFlows<FolderContext> {
  return new RestartFlows<FolderContext>(
    {
      key: ({ folder, target }) => `${folder.uri.toString()}#${target.clusterId}`,
      current: ({ folder, target }) => service.context(folder, target.clusterId),
      refresh: (ctx) => service.refresh(ctx, { kind: 'decision' }),
      restartOnce: (ctx, options) => service.restartOnce(ctx, options),
      pendingRestart: ({ folder }) => service.pendingRestart(folder),
      setPendingRestart: ({ folder }, pending) => service.setPendingRestart(folder, pending),
      staleStartupCopies: (ctx) => service.staleStartupCopies(ctx),
      refreshStartupCopies: (stale) => service.refreshStartupCopies(stale),
    },
    {
      offer: (message, actions) => ui.prompter.offer(message, actions),
      ask: (message, detail, action) => ui.prompter.ask(message, detail, action),
      warn: (message, actions) => ui.warn(message, ...actions),
      displayPath: (file) => vscode.workspace.asRelativePath(file),
      progress: (title, task) => withProgress(title, (progress, signal) => task((p) => progress.report(readyProgress(p, true)), signal)),
      reportError: (error) => void ui.reportError(error),
    },
    clock,
    {
      restartOnSave: ({ settings }) => settings.restartOnSave,
      rememberRestartOnSave: async ({ folder }, mode) => {
        await vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri).update(Settings.restartOnSave, mode, vscode.ConfigurationTarget.Workspace);
        ui.log.info(
          `Saves now ${mode === 'always' ? 'restart the engines when idle' : 'restart nothing'} in this workspace (ippEngines.restartOnSave: ${mode}).`,
        );
      },
      restartedAfterSave: ({ folder }, startedAt) => {
        setContextKey(ContextKeys.restartedAfterSave, true);
        // Forget what the fresh engines loaded; a change during the restart may still make them stale.
        staleness.forgetBefore(folder.uri.toString(), startedAt);
        onRestartedAfterSave(folder);
      },
    },
  );
}
