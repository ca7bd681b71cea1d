import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { Commands } from '../constants';
import { readyCount, type ClusterSnapshot, type EngineSnapshot, type ProcessSnapshot } from '../core/snapshot';
import { formatAge } from './format';

type NodeKind = 'folder' | 'error' | 'profile' | 'startupFile' | 'controller' | 'engines' | 'engine' | 'otherClusters' | 'otherCluster' | 'orphans' | 'orphan' | 'logs' | 'log';

/** A row of the cluster tree. `contextValue` carries kind and state (e.g. `engine.busy`) for menus and tests. */
export class ClusterNode extends vscode.TreeItem {
  children?: ClusterNode[];
  pid?: number;
  logPath?: string;

  constructor(
    readonly kind: NodeKind,
    readonly folder: vscode.WorkspaceFolder,
    label: string,
    state?: string,
    collapsible = vscode.TreeItemCollapsibleState.None,
  ) {
    super(label, collapsible);
    this.contextValue = state ? `${kind}.${state}` : kind;
    // Stable across refreshes (the label names the row: "Engines", "engine 3", "scheduler 1234"), so that
    // selection and expansion stay where they were while descriptions change.
    this.id = `${folder.uri.toString()}|${kind}|${label}`;
  }
}

const icon = (id: string, color?: string) => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);

const ENGINE_ICONS: Record<EngineSnapshot['state'], vscode.ThemeIcon> = {
  idle: icon('pass', 'testing.iconPassed'),
  busy: icon('loading~spin', 'charts.blue'),
  starting: icon('clock', 'charts.yellow'),
  unresponsive: icon('error', 'errorForeground'),
};

function engineNode(folder: vscode.WorkspaceFolder, engine: EngineSnapshot, now: number): ClusterNode {
  const name = engine.id === null ? `engine (pid ${engine.pid})` : `engine ${engine.id}`;
  if (engine.dead) return deadEngineNode(folder, name, engine);
  const stale = engine.staleFiles.length;
  const node = new ClusterNode('engine', folder, name, stale ? `${engine.state}.stale` : engine.state);
  node.pid = engine.pid ?? undefined;
  node.logPath = engine.logPath ?? undefined;
  node.iconPath = ENGINE_ICONS[engine.state];
  const parts = [
    engine.state,
    engine.pid ? `pid ${engine.pid}` : undefined,
    `${engine.tasksDone} done`,
    `CPU ${engine.cpu.toFixed(0)}%`,
    `mem ${engine.memory.toFixed(1)}%`,
    `up ${formatAge(engine.startedAt, now)}`,
    stale ? `stale: ${stale} file${stale > 1 ? 's' : ''} changed` : undefined,
  ];
  node.description = parts.filter(Boolean).join(' · ');
  const memory = engine.rssMiB !== null ? `${engine.rssMiB.toFixed(0)} MiB (${engine.memory.toFixed(1)}% of the machine)` : `${engine.memory.toFixed(1)}%`;
  const lines = [
    `${name}: ${engine.state}${engine.pid ? `, pid ${engine.pid}` : ''}`,
    `Queue: ${engine.queued} task(s) · completed: ${engine.tasksDone}`,
    `CPU: ${engine.cpu.toFixed(0)}% over the last refresh interval · memory: ${memory}`,
    engine.logPath ? `Log: ${engine.logPath}` : undefined,
    stale ? `Runs old code. Changed since this engine started:\n${engine.staleFiles.map((f) => vscode.workspace.asRelativePath(f)).join('\n')}` : undefined,
  ];
  node.tooltip = lines.filter(Boolean).join('\n');
  return node;
}

/** An engine whose process is gone while the controller still lists its id, so user code may still be sent to it. */
function deadEngineNode(folder: vscode.WorkspaceFolder, name: string, engine: EngineSnapshot): ClusterNode {
  const node = new ClusterNode('engine', folder, name, 'dead');
  node.iconPath = icon('error', 'errorForeground');
  const forHowLong = engine.listedForMs === null ? '' : `, for at most ${Math.ceil(engine.listedForMs / 1000)} s more`;
  node.description = `dead · the controller still lists it${forHowLong}`;
  node.tooltip = 'Its process is gone (it died together with its nanny). Until the controller drops the id, work sent to all engines fails with EngineError. Restart Engines drops it at once.';
  return node;
}

function otherClusterNode(folder: vscode.WorkspaceFolder, cluster: ClusterSnapshot['otherClusters'][number]): ClusterNode {
  const node = new ClusterNode('otherCluster', folder, `cluster "${cluster.clusterId}"`);
  node.description = `controller pid ${cluster.controllerPid} · ${cluster.engineProcesses} engine process(es)`;
  node.tooltip = `Another cluster of this profile (started with --cluster-id=${cluster.clusterId}, e.g. from JupyterLab). Commands act on the default cluster and leave this one running.`;
  node.iconPath = icon('vm-running');
  return node;
}

function orphanNode(folder: vscode.WorkspaceFolder, orphan: ProcessSnapshot): ClusterNode {
  const node = new ClusterNode('orphan', folder, `${orphan.role} ${orphan.pid}`);
  node.pid = orphan.pid;
  node.description = `no live controller owns it${orphan.clusterId ? ` (cluster "${orphan.clusterId}")` : ''}`;
  node.tooltip = orphan.command;
  node.iconPath = icon('warning', 'list.warningForeground');
  return node;
}

function logNode(folder: vscode.WorkspaceFolder, log: ClusterSnapshot['logs'][number]): ClusterNode {
  const node = new ClusterNode('log', folder, log.name, log.previousRun ? 'previous' : 'current');
  node.logPath = log.path;
  node.id = `${folder.uri.toString()}|log|${log.path}`;
  node.description = log.previousRun ? `previous run (${log.previousRun.slice(0, 19).replace('T', ' ')})` : undefined;
  node.iconPath = icon('output');
  node.command = { command: Commands.openLogFile, title: 'Open Log', arguments: [{ logPath: log.path }] };
  return node;
}

/** The nodes of one folder's cluster: Profile, Controller, Engines, Orphans (only if any), Logs. */
export function clusterNodes(folder: vscode.WorkspaceFolder, s: ClusterSnapshot, now = Date.now()): ClusterNode[] {
  const expanded = vscode.TreeItemCollapsibleState.Expanded;
  const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  const staleStartup = s.startupFiles.filter((f) => f.stale);
  const profile = new ClusterNode('profile', folder, 'Profile', s.profileExists ? 'exists' : 'missing', s.startupFiles.length ? collapsed : vscode.TreeItemCollapsibleState.None);
  const version = s.python ? `ipyparallel ${s.python.ipyparallelVersion}` : undefined;
  profile.description = [s.profileDir, version].filter(Boolean).join(' · ');
  const interpreter = s.python ? `\nPython: ${s.python.path} (ipyparallel ${s.python.ipyparallelVersion})` : '';
  profile.tooltip = `${s.profileDir}\n${s.profileExists ? 'exists' : 'not created yet'}${interpreter}${s.lastError ? `\nLast error: ${s.lastError}` : ''}`;
  profile.iconPath = icon(staleStartup.length ? 'warning' : 'folder', staleStartup.length ? 'list.warningForeground' : undefined);
  profile.children = s.startupFiles.map((f) => {
    const node = new ClusterNode('startupFile', folder, path.basename(f.copy), f.stale ? 'stale' : f.copyExists ? 'current' : 'missing');
    node.description = f.stale ? 'source changed since copied' : f.copyExists ? 'up to date' : 'not copied';
    node.tooltip = `${f.source} → ${f.copy}`;
    node.iconPath = icon('file-code', f.stale ? 'list.warningForeground' : undefined);
    return node;
  });

  const running = Boolean(s.controller);
  const busyActivity = s.activity !== 'idle' ? s.activity : undefined;
  const controller = new ClusterNode('controller', folder, 'Controller', busyActivity ?? (running ? 'running' : 'stopped'));
  const heartbeat = s.heartbeat ? `heartbeat ${s.heartbeat.periodMs} ms${s.heartbeat.source === 'default' ? ' (default)' : ''}` : undefined;
  controller.description = [s.controller ? `pid ${s.controller.pid} · up ${formatAge(s.controller.startedAt, now)}` : busyActivity ?? 'stopped', heartbeat].filter(Boolean).join(' · ');
  if (s.heartbeat) {
    const who = { extension: 'set by IPP Engines when it created the profile', profile: "set in the profile's ipcontroller_config.py", default: "ipyparallel's default; the profile does not set it" }[s.heartbeat.source];
    controller.tooltip = `Heartbeat every ${s.heartbeat.periodMs} ms (${who}). Fresh engines register on a beat; an engine that dies without its nanny is dropped after ${s.heartbeat.misses} missed beats.`;
  }
  controller.logPath = s.controller?.logPath ?? undefined;
  controller.iconPath = busyActivity ? icon('sync~spin') : running ? icon('vm-running', 'testing.iconPassed') : icon('vm-outline');

  const ready = readyCount(s);
  const engines = new ClusterNode('engines', folder, 'Engines', running ? (s.restartPending ? 'restartPending' : 'running') : 'stopped', s.engines.length ? expanded : vscode.TreeItemCollapsibleState.None);
  const staleCount = s.engines.filter((e) => e.staleFiles.length).length;
  const started = s.startupError ? 'started with errors' : undefined;
  engines.description = [`${ready}/${s.engines.length} ready`, started, staleCount ? `${staleCount} stale` : undefined, s.restartPending ? 'restart when idle' : undefined].filter(Boolean).join(' · ');
  engines.tooltip = s.startupError ?? undefined;
  engines.iconPath = s.startupError ? icon('error', 'errorForeground') : icon('server-process', staleCount ? 'list.warningForeground' : undefined);
  engines.children = s.engines.map((e) => engineNode(folder, e, now));

  const nodes = [profile, controller, engines];
  if (s.lastError) {
    // Kept until the next command on this folder: a failure must not vanish with the next refresh.
    const error = new ClusterNode('error', folder, 'Last error');
    error.description = s.lastError.split('\n')[0];
    error.tooltip = s.lastError;
    error.iconPath = icon('error', 'errorForeground');
    nodes.unshift(error);
  }
  if (s.otherClusters.length) {
    const others = new ClusterNode('otherClusters', folder, 'Other Clusters', undefined, expanded);
    others.description = `${s.otherClusters.length} in this profile, left alone`;
    others.iconPath = icon('layers');
    others.children = s.otherClusters.map((c) => otherClusterNode(folder, c));
    nodes.push(others);
  }
  if (s.orphans.length) {
    const orphans = new ClusterNode('orphans', folder, 'Orphans', undefined, expanded);
    orphans.description = `${s.orphans.length} process(es)`;
    orphans.iconPath = icon('warning', 'list.warningForeground');
    orphans.children = s.orphans.map((o) => orphanNode(folder, o));
    nodes.push(orphans);
  }
  const logs = new ClusterNode('logs', folder, 'Logs', undefined, collapsed);
  logs.iconPath = icon('output');
  logs.children = s.logs.map((l) => logNode(folder, l));
  logs.description = `${logs.children.length} file(s)`;
  nodes.push(logs);
  return nodes;
}

/** The sidebar tree. Reads snapshots from the service; a snapshot change re-renders the folder. */
export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** How many times the workbench asked for the root (tests check that the view rendered). */
  rootRequests = 0;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: ClusterService) {
    this.subscription = service.onDidChangeSnapshot(() => this.changed.fire(undefined));
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: ClusterNode): ClusterNode[] {
    if (node) return node.kind === 'folder' ? this.folderChildren(node.folder) : node.children ?? [];
    this.rootRequests++;
    // Restricted Mode: no rows, so the view shows its welcome content, which explains why.
    if (!vscode.workspace.isTrusted) return [];
    const folders = this.service.folders();
    if (folders.length === 1) return this.folderChildren(folders[0]);
    return folders.map((folder) => {
      const item = new ClusterNode('folder', folder, folder.name, undefined, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.resourceUri = folder.uri;
      return item;
    });
  }

  /** Empty for a folder with no profile and nothing running, so the welcome view shows instead. */
  private folderChildren(folder: vscode.WorkspaceFolder): ClusterNode[] {
    // Rendering only: the first snapshot comes from the refresh that activation and the view's visibility start.
    const snapshot = this.service.snapshot(folder);
    if (!snapshot) return [];
    if (!snapshot.profileExists && !snapshot.controller && !snapshot.orphans.length && this.service.folders().length === 1) return [];
    return clusterNodes(folder, snapshot);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
