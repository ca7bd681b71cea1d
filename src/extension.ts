import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { createApi, type IppEnginesApi } from './api';
import { ClusterService } from './clusterService';
import { reportSettingProblemsTo } from './config';
import { StalenessTracker } from './core/staleness';
import { registerCommands } from './commands/register';
import { CLUSTER_VIEW_ID } from './constants';
import { InterpreterResolver } from './interpreter';
import { KeyRing } from './core/keyRing';
import { createLog } from './log';
import { notifications, prompts, reportSettingProblem } from './ui';
import { ClusterTreeProvider } from './views/clusterTree';
import { contextValues, updateContextKeys } from './views/contextKeys';
import { RefreshScheduler } from './views/refreshScheduler';
import { ClusterStatusBar } from './views/statusBar';
import { JobTimeLimitWatcher } from './watch/jobTimeLimit';
import { SaveWatcher } from './watch/saveWatcher';

export function activate(context: vscode.ExtensionContext): IppEnginesApi {
  const activationStarted = performance.now();
  // src/core and the views' pure parts cannot import vscode: they translate through @vscode/l10n, from the
  // bundle VS Code loaded for the display language (none in English).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const underTest = context.extensionMode === vscode.ExtensionMode.Test;
  const logLines: string[] | undefined = underTest ? [] : undefined;
  const keys = new KeyRing();
  const log = createLog(keys, logLines);
  reportSettingProblemsTo((problem) => reportSettingProblem(problem, log));
  const interpreters = new InterpreterResolver(log, context.workspaceState);
  const staleness = new StalenessTracker();
  const service = new ClusterService(log, keys, interpreters, staleness, path.join(context.extensionPath, 'dist', 'ipp_helper.py'), context.logUri);
  const tree = new ClusterTreeProvider(service);
  const view = vscode.window.createTreeView(CLUSTER_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ClusterStatusBar(service);
  const watcher = new SaveWatcher(service, staleness);
  context.subscriptions.push(
    log,
    interpreters,
    service,
    tree,
    view,
    statusBar,
    watcher,
    new JobTimeLimitWatcher(service),
    new RefreshScheduler(service, view),
    updateContextKeys(service, view),
    ...registerCommands(service, interpreters, context.workspaceState, keys),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ippEngines') && interpreters.clear()),
    // Trusted now: the folder's own settings apply (Restricted Mode ignored them), so everything is looked up afresh
    // (the new snapshots redraw the tree).
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      interpreters.clear();
      void service.refreshAll({ full: true });
    }),
  );
  // After activation returns: the first scan and the Python extension's API are not on its critical path.
  const deferred = setTimeout(() => {
    void interpreters.watchPythonExtension();
    void service.refreshAll();
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(deferred) });
  return createApi(service, tree, view, statusBar, watcher, performance.now() - activationStarted, logLines, { notifications, prompts, contextValues });
}

export function deactivate(): void {
  // Everything lives in context.subscriptions; clusters keep running on purpose (they are daemons).
}
