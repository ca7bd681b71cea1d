import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { createApi, type IppEnginesApi } from './api';
import { ClusterService } from './clusterService';
import { reportSettingProblemsTo } from './config';
import { Adoptions } from './core/adoptions';
import { StalenessTracker } from './core/staleness';
import { registerCommands } from './commands/register';
import { CLUSTER_VIEW_ID, MACHINE_VIEW_ID, TASK_OUTPUT_CHANNEL_NAME } from './constants';
import { InterpreterResolver } from './interpreter';
import { KeyRing } from './core/keyRing';
import { MachineService } from './machineService';
import { createLog } from './logChannel';
import { Ui } from './ui';
import { vscodePorts } from './ports';
import { ObservedPorts } from './testing';
import { createRestartFlows } from './flows/restartWiring';
import { ClusterTreeProvider } from './views/clusterTree';
import { MachineTreeProvider, scanWhileVisible } from './views/machineTree';
import { contextValues, updateContextKeys } from './views/contextKeys';
import { RefreshScheduler } from './views/refreshScheduler';
import { ClusterStatusBar } from './views/statusBar';
import { JobTimeLimitWatcher } from './watch/jobTimeLimit';
import { SaveWatcher } from './watch/saveWatcher';
import { LostEngineWatcher } from './watch/lostEngineWatcher';
import { RunWatcher } from './watch/runWatcher';
import { TaskOutputChannel } from './views/taskOutputChannel';
import { RunTimelines } from './views/timelinePanel';

export function activate(context: vscode.ExtensionContext): IppEnginesApi {
  const activationStarted = performance.now();
  // src/core and the views' pure parts cannot import vscode: they translate through @vscode/l10n, from the
  // bundle VS Code loaded for the display language (none in English).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  // Under tests, the ports are watched and answerable (testing.ts); nothing else differs.
  const observed = context.extensionMode === vscode.ExtensionMode.Test ? new ObservedPorts(vscodePorts()) : undefined;
  const ports = observed?.ports ?? vscodePorts();
  const keys = new KeyRing();
  const log = createLog(keys, observed?.logLines);
  const ui = new Ui(log, ports.prompter, ports.notifier);
  reportSettingProblemsTo((problem) => ui.reportSettingProblem(problem));
  const interpreters = new InterpreterResolver(log, context.workspaceState, () => ports.onSpawn('interpreter probe'));
  const staleness = new StalenessTracker();
  const helperPath = path.join(context.extensionPath, 'dist', 'ipp_helper.py');
  const adoptions = new Adoptions(context.workspaceState);
  const service = new ClusterService(log, keys, interpreters, staleness, helperPath, context.logUri, ports.onSpawn, adoptions);
  const flows = createRestartFlows(service, ui, ports.clock, staleness, () => observed && observed.restartsAfterSave++);
  const deps = { service, ui, flows };
  const tree = new ClusterTreeProvider(service);
  const view = vscode.window.createTreeView(CLUSTER_VIEW_ID, { treeDataProvider: observed?.treeDataProvider(tree) ?? tree, showCollapseAll: true });
  const machine = new MachineService(service);
  const machineTree = new MachineTreeProvider(machine);
  const machineView = vscode.window.createTreeView(MACHINE_VIEW_ID, { treeDataProvider: machineTree });
  const statusBarItem = vscode.window.createStatusBarItem('ippEngines.status', vscode.StatusBarAlignment.Left, 50);
  const taskOutput = vscode.window.createOutputChannel(TASK_OUTPUT_CHANNEL_NAME);
  context.subscriptions.push(
    log,
    interpreters,
    service,
    tree,
    view,
    machine,
    machineTree,
    machineView,
    scanWhileVisible(machineView, machine),
    new ClusterStatusBar(service, observed?.statusBarItem(statusBarItem) ?? statusBarItem),
    new SaveWatcher(service, staleness, flows, ui),
    new JobTimeLimitWatcher(service, ui),
    new RunWatcher(service, ui),
    new LostEngineWatcher(service, ui),
    new TaskOutputChannel(service, keys, observed?.taskOutputChannel(taskOutput) ?? taskOutput),
    new RefreshScheduler(service, view),
    updateContextKeys(service, view),
    new RunTimelines(deps, context.extensionUri, observed && ((rendered) => (observed.timelineRendered = rendered))),
    ...registerCommands(deps, machine, interpreters, context.workspaceState, keys),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ippEngines') && interpreters.clear()),
    // Trusted now: the folder's own settings apply (Restricted Mode ignored them), so everything is looked up afresh
    // (the new snapshots redraw the tree).
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      interpreters.clear();
      void service.refreshAll({ kind: 'user' });
    }),
  );
  // After activation returns: the first scan, the Python extension's API and the clients of clusters found
  // running are not on its critical path.
  const deferred = setTimeout(() => {
    void interpreters.watchPythonExtension();
    void service.refreshAll({ kind: 'activated' }).then(() => service.connectRunningClusters());
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(deferred) });
  const activationMs = performance.now() - activationStarted;
  return createApi(service, { service: machine, tree: machineTree, view: machineView }, tree, view, activationMs, observed && { observed, contextValues });
}

export function deactivate(): void {
  // Everything lives in context.subscriptions; clusters keep running on purpose (they are daemons).
}
