import type * as vscode from 'vscode';
import type { ClusterService } from './clusterService';
import type { ClusterSnapshot } from './core/snapshot';
import type { MachineService } from './machineService';
import type { ClusterNode, ClusterTreeProvider } from './views/clusterTree';
import { machineClusterInfo, type MachineClusterInfo } from './core/machineClusters';
import type { MachineTreeProvider } from './views/machineTree';
import type { ObservedPorts } from './testing';
import type { TimelineRendered } from './views/timelinePanel';

export type { ClusterSnapshot, EngineSnapshot, EngineState, ProcessSnapshot } from './core/snapshot';
export type { EngineProgress, LabelProgress, RunProgress } from './core/runProgress';
export type { MachineClusterInfo } from './core/machineClusters';

/** A tree row as tests see it. */
export interface TreeRow {
  label: string;
  contextValue?: string;
  description?: string;
  pid?: number;
  logPath?: string;
  tooltip?: string;
}

/** What `activate` returns: for other extensions and for tests. A contract: extend, never rename. */
export interface IppEnginesApi {
  /** A fresh snapshot of a folder's cluster (default: the first folder). */
  getSnapshot(folder?: string | vscode.Uri): Promise<ClusterSnapshot | undefined>;
  onDidChangeSnapshot: vscode.Event<ClusterSnapshot>;
  /**
   * Every ipyparallel cluster of this user on this machine, scanned now (files and the process table only):
   * notebooks', terminals', JupyterLab's and the workspace's own.
   */
  getMachineClusters(): Promise<MachineClusterInfo[]>;
  /**
   * Observation points for tests, present only when the extension runs under tests (ExtensionMode.Test):
   * some of them drive it (answering prompts, running code on engines), which no other extension may do.
   */
  testing?: IppEnginesTesting;
}

export interface IppEnginesTesting {
  spawnCount(): number;
  treeRootRequests(): number;
  statusBarText(): string;
  promptCount(): number;
  /** Answers every later save prompt with this choice instead of showing it (undefined: show it again). */
  answerSavePrompts(choice: string | undefined): void;
  restartCount(): number;
  treeNodes(folder?: string | vscode.Uri): Promise<(TreeRow & { children: TreeRow[] })[]>;
  /** The tree's top level as drawn: one row per folder in a multi-root workspace. */
  treeRoots(): TreeRow[];
  evaluateOnEngines(expression: string, folder?: string | vscode.Uri): Promise<Record<string, string>>;
  logStorage(): string;
  /** Every message given to the log channel since activation, at any level (the newest 20,000). */
  logText(): string;
  viewVisible(): boolean;
  /** How long the body of activate() took, in ms. */
  activationMs(): number;
  /** Notifications (information, warnings, errors) shown since activation; save prompts are counted by promptCount. */
  notificationCount(): number;
  /** The texts of the last 200 notifications, oldest first. */
  notificationTexts(): string[];
  /** The texts of the last 200 non-modal offers (the save offer, a lost engine's replacement), oldest first. */
  offerTexts(): string[];
  /** What the Task Output channel was given since activation (its newest 2 MiB). */
  taskOutputText(): string;
  /** What the Run Timeline webview last read back from its own drawing (lanes, bars and their outcomes), once it drew. */
  timelineRendered(): TimelineRendered | undefined;
  /** Answers every later input box with this text (undefined: as if dismissed; null: show them again). */
  answerInputBoxes(answer: string | undefined | null): void;
  /** The options of the last input box shown or answered. */
  lastInputBox(): vscode.InputBoxOptions | undefined;
  /** The `when`-clause keys the extension has set. */
  contextKeys(): Record<string, boolean>;
  /** The This Machine view's rows as drawn, each with the cluster it carries. */
  machineRows(): (TreeRow & { cluster: MachineClusterInfo })[];
  machineViewVisible(): boolean;
}

export function createApi(
  service: ClusterService,
  machine: { service: MachineService; tree: MachineTreeProvider; view: vscode.TreeView<unknown> },
  tree: ClusterTreeProvider,
  view: vscode.TreeView<unknown>,
  activationMs: number,
  /** Test mode only: the observed ports (and the log's messages), and the context keys set. */
  underTest?: { observed: ObservedPorts; contextValues: ReadonlyMap<string, boolean> },
): IppEnginesApi {
  const folderOf = (folder?: string | vscode.Uri) => (folder ? service.folderFor(folder) : service.folders()[0]);
  const plain = (n: ClusterNode): TreeRow => ({
    label: String(n.label),
    contextValue: n.contextValue,
    description: typeof n.description === 'string' ? n.description : undefined,
    pid: n.pid,
    logPath: n.logPath,
    tooltip: typeof n.tooltip === 'string' ? n.tooltip : undefined,
  });
  return {
    async getSnapshot(folder) {
      const f = folderOf(folder);
      return f ? service.refresh(f, { kind: 'user' }) : undefined;
    },
    onDidChangeSnapshot: service.onDidChangeSnapshot,
    async getMachineClusters() {
      return (await machine.service.scan()).map((c) => machineClusterInfo(c, machine.service.ownerOf(c)?.uri.fsPath ?? null));
    },
    testing: underTest && testing(underTest.observed, underTest.contextValues),
  };

  function testing(observed: ObservedPorts, contextValues: ReadonlyMap<string, boolean>): IppEnginesTesting {
    return {
      spawnCount: () => observed.spawns,
      treeRootRequests: () => observed.treeRootRequests,
      statusBarText: () => observed.statusBarText,
      promptCount: () => observed.offers,
      answerSavePrompts: (choice) => {
        observed.offerAnswer = choice;
      },
      restartCount: () => observed.restartsAfterSave,
      async treeNodes(folder) {
        const f = folderOf(folder);
        if (!f) return [];
        await service.refresh(f, { kind: 'user' });
        const roots = tree.getChildren();
        const nodes = roots.length && roots[0].kind === 'folder' ? tree.getChildren(roots.find((r) => r.folder === f)) : roots;
        return nodes.map((n) => ({ ...plain(n), children: tree.getChildren(n).map(plain) }));
      },
      treeRoots: () => tree.getChildren().map(plain),
      evaluateOnEngines: (expression, folder) => {
        const f = folderOf(folder);
        if (!f) throw new Error('no workspace folder');
        return service.evaluateOnEngines(service.target(f), expression);
      },
      logStorage: () => service.logStorageDir,
      logText: () => observed.logLines.join('\n'),
      viewVisible: () => view.visible,
      activationMs: () => activationMs,
      notificationCount: () => observed.notifications,
      notificationTexts: () => [...observed.notificationTexts],
      taskOutputText: () => observed.taskOutputText,
      timelineRendered: () => observed.timelineRendered,
      offerTexts: () => [...observed.offerTexts],
      answerInputBoxes: (answer) => {
        observed.inputBoxAnswer = answer;
      },
      lastInputBox: () => observed.lastInputBox,
      contextKeys: () => Object.fromEntries(contextValues),
      machineRows: () =>
        machine.tree.getChildren().map((n) => ({
          label: String(n.label),
          contextValue: n.contextValue,
          description: typeof n.description === 'string' ? n.description : undefined,
          cluster: n.cluster,
        })),
      machineViewVisible: () => machine.view.visible,
    };
  }
}
