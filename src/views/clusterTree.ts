import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { Commands } from '../constants';
import { readyCount, type ClusterSnapshot, type EngineSnapshot, type ProcessSnapshot } from '../core/snapshot';
import { formatAge, labelLines, progressSummary, stateLabel } from './format';

type NodeKind =
  | 'folder'
  | 'error'
  | 'profile'
  | 'startupFile'
  | 'controller'
  | 'engines'
  | 'engine'
  | 'standby'
  | 'otherClusters'
  | 'otherCluster'
  | 'orphans'
  | 'orphan'
  | 'logs'
  | 'log';

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

function standbyNode(folder: vscode.WorkspaceFolder, standby: ClusterSnapshot['standby']): ClusterNode {
  const node = new ClusterNode('standby', folder, vscode.l10n.t('Standby'));
  // PSS: the pages its forked engines share with it are not counted again for each.
  const memory = standby.reduce((sum, p) => sum + (p.pssMiB ?? p.rssMiB ?? 0), 0);
  node.description = vscode.l10n.t('warm process for the next restart · {0} MiB', memory.toFixed(0));
  node.tooltip = vscode.l10n.t(
    "Python started and ipyparallel's engine and nanny imported, but not connected and holding no user code: the next restart forks its fresh engines from it, so it takes about a second, and each engine loads your code after its fork. Memory is its PSS (proportional set size). It ends with the cluster or the window (setting ippEngines.standbyEngines).\nPid: {0}",
    standby.map((p) => p.pid).join(', '),
  );
  node.iconPath = icon('debug-pause');
  return node;
}

function engineNode(folder: vscode.WorkspaceFolder, engine: EngineSnapshot, now: number, runActive: boolean): ClusterNode {
  const name = engine.id === null ? vscode.l10n.t('engine (pid {0})', String(engine.pid)) : vscode.l10n.t('engine {0}', engine.id);
  if (engine.dead) return deadEngineNode(folder, name, engine);
  const stale = engine.staleFiles.length;
  const node = new ClusterNode('engine', folder, name, stale ? `${engine.state}.stale` : engine.state);
  node.pid = engine.pid ?? undefined;
  node.logPath = engine.logPath ?? undefined;
  node.iconPath = ENGINE_ICONS[engine.state];
  // An engine on another host: its pid is that host's, and its CPU and memory are not known here.
  const pid = engine.pid ? (engine.remote ? vscode.l10n.t('pid {0} on {1}', engine.pid, engine.host ?? '?') : vscode.l10n.t('pid {0}', engine.pid)) : undefined;
  const run = engine.progress;
  const parts = [
    stateLabel(engine.state),
    pid,
    // During a run: its share of it; otherwise every task it ever finished.
    runActive && run
      ? [vscode.l10n.t('{0} done this run', run.completed), run.queued ? vscode.l10n.t('{0} queued', run.queued) : undefined].filter(Boolean).join(', ')
      : vscode.l10n.t('{0} done', engine.tasksDone),
    engine.cpu !== null ? vscode.l10n.t('CPU {0}%', engine.cpu.toFixed(0)) : undefined,
    engine.memory !== null ? vscode.l10n.t('mem {0}%', engine.memory.toFixed(1)) : undefined,
    engine.startedAt !== null ? vscode.l10n.t('up {0}', formatAge(engine.startedAt, now)) : undefined,
    engine.host && !engine.remote && engine.host !== os.hostname() ? vscode.l10n.t('on {0}', engine.host) : undefined,
    stale ? (stale > 1 ? vscode.l10n.t('stale: {0} files changed', stale) : vscode.l10n.t('stale: {0} file changed', stale)) : undefined,
  ];
  node.description = parts.filter(Boolean).join(' · ');
  const lines = [
    `${name}: ${stateLabel(engine.state)}${pid ? `, ${pid}` : ''}`,
    vscode.l10n.t('Queue: {0} task(s) · completed: {1}', engine.queued, engine.tasksDone),
    engine.cpu !== null && engine.memory !== null
      ? vscode.l10n.t(
          'CPU: {0}% over the last refresh interval · memory: {1}',
          engine.cpu.toFixed(0),
          engine.rssMiB !== null
            ? vscode.l10n.t('{0} MiB ({1}% of the machine)', engine.rssMiB.toFixed(0), engine.memory.toFixed(1))
            : `${engine.memory.toFixed(1)}%`,
        )
      : vscode.l10n.t('Runs on another host: the controller says whether it is alive and busy; its CPU and memory are not known here.'),
    engine.host ? vscode.l10n.t('Host: {0}', engine.host) : undefined,
    engine.logPath ? vscode.l10n.t('Log: {0}', engine.logPath) : undefined,
    stale
      ? vscode.l10n.t('Runs old code. Changed since this engine started:\n{0}', engine.staleFiles.map((f) => vscode.workspace.asRelativePath(f)).join('\n'))
      : undefined,
  ];
  node.tooltip = lines.filter(Boolean).join('\n');
  return node;
}

/** An engine whose process is gone while the controller still lists its id, so user code may still be sent to it. */
function deadEngineNode(folder: vscode.WorkspaceFolder, name: string, engine: EngineSnapshot): ClusterNode {
  const node = new ClusterNode('engine', folder, name, 'dead');
  node.iconPath = icon('error', 'errorForeground');
  node.description =
    engine.listedForMs === null
      ? vscode.l10n.t('dead · the controller still lists it')
      : vscode.l10n.t('dead · the controller still lists it, for at most {0} s more', Math.ceil(engine.listedForMs / 1000));
  node.tooltip = vscode.l10n.t(
    'Its process is gone (it died together with its nanny). Until the controller drops the id, work sent to all engines fails with EngineError. Restart Engines drops it at once.',
  );
  return node;
}

function otherClusterNode(folder: vscode.WorkspaceFolder, cluster: ClusterSnapshot['otherClusters'][number]): ClusterNode {
  const node = new ClusterNode('otherCluster', folder, vscode.l10n.t('cluster "{0}"', cluster.clusterId));
  node.description = vscode.l10n.t('controller pid {0} · {1} engine process(es)', cluster.controllerPid, cluster.engineProcesses);
  node.tooltip = vscode.l10n.t(
    'Another cluster of this profile (started with --cluster-id={0}, e.g. from JupyterLab). Commands act on the default cluster and leave this one running.',
    cluster.clusterId,
  );
  node.iconPath = icon('vm-running');
  return node;
}

/** "Slurm job 12 PENDING (Resources)", "mpi: mpiexec 4242 running": what runs a set of engines, and its state. */
function engineSetLabel(set: ClusterSnapshot['engineSets'][number]): string {
  const reason = set.reason ? ` (${set.reason})` : '';
  if (set.jobId && set.state === 'TIMEOUT') return vscode.l10n.t('Slurm job {0} ended at its time limit', set.jobId);
  if (set.jobId) {
    const job = vscode.l10n.t('{0} job {1} {2}{3}', set.kind === 'slurm' ? 'Slurm' : set.kind, set.jobId, set.state, reason);
    const nodes = set.nodes ? vscode.l10n.t('on {0}', set.nodes) : undefined;
    const left = set.timeLeft && /^[\d:-]+$/.test(set.timeLeft) ? vscode.l10n.t('{0} left', set.timeLeft) : undefined;
    return [job, nodes, left].filter(Boolean).join(' · ');
  }
  return set.pid ? vscode.l10n.t('{0}: pid {1} {2}', set.kind === 'mpi' ? 'mpiexec' : set.kind, set.pid, set.state) : `${set.kind} ${set.state}`;
}

function orphanJobNode(folder: vscode.WorkspaceFolder, job: ClusterSnapshot['orphanJobs'][number]): ClusterNode {
  const node = new ClusterNode('orphan', folder, vscode.l10n.t('Slurm job {0}', job.jobId), 'job');
  node.description = job.clusterId ? vscode.l10n.t('no live controller owns it (cluster "{0}")', job.clusterId) : vscode.l10n.t('no live controller owns it');
  node.tooltip = vscode.l10n.t('Its engines cannot be reached and it holds its allocation. Kill Orphans cancels it (scancel).');
  node.iconPath = icon('warning', 'list.warningForeground');
  return node;
}

function orphanRemoteNode(folder: vscode.WorkspaceFolder, orphan: ClusterSnapshot['orphanRemote'][number]): ClusterNode {
  const node = new ClusterNode(
    'orphan',
    folder,
    orphan.error ? vscode.l10n.t('{0}: could not be checked', orphan.host) : vscode.l10n.t('{0}: pid(s) {1}', orphan.host, orphan.pids.join(', ')),
    'remote',
  );
  node.description = orphan.clusterId
    ? vscode.l10n.t('no live controller owns them (cluster "{0}")', orphan.clusterId)
    : vscode.l10n.t('no live controller owns them');
  node.tooltip =
    orphan.error ?? vscode.l10n.t('Engines of this profile still running on {0} without their controller. Kill Orphans ends them there over ssh.', orphan.host);
  node.iconPath = icon('warning', 'list.warningForeground');
  return node;
}

function orphanNode(folder: vscode.WorkspaceFolder, orphan: ProcessSnapshot): ClusterNode {
  const node = new ClusterNode('orphan', folder, `${orphan.role} ${orphan.pid}`);
  node.pid = orphan.pid;
  node.description = orphan.clusterId
    ? vscode.l10n.t('no live controller owns it (cluster "{0}")', orphan.clusterId)
    : vscode.l10n.t('no live controller owns it');
  node.tooltip = orphan.command;
  node.iconPath = icon('warning', 'list.warningForeground');
  return node;
}

function logNode(folder: vscode.WorkspaceFolder, log: ClusterSnapshot['logs'][number]): ClusterNode {
  const node = new ClusterNode('log', folder, log.name, log.previousRun ? 'previous' : 'current');
  node.logPath = log.path;
  node.id = `${folder.uri.toString()}|log|${log.path}`;
  node.description = log.previousRun ? vscode.l10n.t('previous run ({0})', log.previousRun.slice(0, 19).replace('T', ' ')) : undefined;
  node.iconPath = icon('output');
  node.command = { command: Commands.openLogFile, title: vscode.l10n.t('Open Log'), arguments: [{ logPath: log.path }] };
  return node;
}

/** The nodes of one folder's cluster: Profile, Controller, Engines, Orphans (only if any), Logs. */
export function clusterNodes(folder: vscode.WorkspaceFolder, s: ClusterSnapshot, now = Date.now()): ClusterNode[] {
  const expanded = vscode.TreeItemCollapsibleState.Expanded;
  const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  const staleStartup = s.startupFiles.filter((f) => f.stale);
  const profile = new ClusterNode(
    'profile',
    folder,
    vscode.l10n.t('Profile'),
    s.profileExists ? 'exists' : 'missing',
    s.startupFiles.length ? collapsed : vscode.TreeItemCollapsibleState.None,
  );
  const version = s.python ? `ipyparallel ${s.python.ipyparallelVersion}` : undefined;
  // A cluster of this machine the folder watches (This Machine, Watch This Cluster for This Folder) is named by its id.
  const watched = s.clusterId ? vscode.l10n.t('watching cluster "{0}"', s.clusterId) : undefined;
  profile.description = [s.profileDir, watched, version].filter(Boolean).join(' · ');
  const tooltip = [
    s.profileDir,
    s.profileExists ? vscode.l10n.t('exists') : vscode.l10n.t('not created yet'),
    s.python ? vscode.l10n.t('Python: {0} (ipyparallel {1})', s.python.path, s.python.ipyparallelVersion) : undefined,
    s.lastError ? vscode.l10n.t('Last error: {0}', s.lastError) : undefined,
  ];
  profile.tooltip = tooltip.filter((line) => line !== undefined).join('\n');
  profile.iconPath = icon(staleStartup.length ? 'warning' : 'folder', staleStartup.length ? 'list.warningForeground' : undefined);
  profile.children = s.startupFiles.map((f) => {
    const node = new ClusterNode('startupFile', folder, path.basename(f.copy), f.stale ? 'stale' : f.copyExists ? 'current' : 'missing');
    node.description = f.stale ? vscode.l10n.t('source changed since copied') : f.copyExists ? vscode.l10n.t('up to date') : vscode.l10n.t('not copied');
    node.tooltip = `${f.source} → ${f.copy}`;
    node.iconPath = icon('file-code', f.stale ? 'list.warningForeground' : undefined);
    return node;
  });

  const running = Boolean(s.controller);
  const busyActivity = s.activity !== 'idle' ? s.activity : undefined;
  const controller = new ClusterNode('controller', folder, vscode.l10n.t('Controller'), busyActivity ?? (running ? 'running' : 'stopped'));
  const heartbeat = !s.heartbeat
    ? undefined
    : s.heartbeat.source === 'default'
      ? vscode.l10n.t('heartbeat {0} ms (default)', s.heartbeat.periodMs)
      : vscode.l10n.t('heartbeat {0} ms', s.heartbeat.periodMs);
  const upTime = s.controller && [vscode.l10n.t('pid {0}', s.controller.pid), vscode.l10n.t('up {0}', formatAge(s.controller.startedAt, now))].join(' · ');
  const address = s.controllerAddress;
  const reachable = address && address.source !== 'local' && address.location ? vscode.l10n.t('engines connect to {0}', address.location) : undefined;
  // A run shows first; nothing of it while the cluster is idle.
  const run = s.progress?.active ? s.progress : undefined;
  controller.description = [run && progressSummary(run), upTime || stateLabel(busyActivity ?? 'stopped'), heartbeat, reachable].filter(Boolean).join(' · ');
  const beat =
    s.heartbeat &&
    vscode.l10n.t(
      'Heartbeat every {0} ms ({1}). Fresh engines register on a beat; an engine that dies without its nanny is dropped after {2} missed beats.',
      s.heartbeat.periodMs,
      {
        extension: vscode.l10n.t('set by IPP Engines when it created the profile'),
        profile: vscode.l10n.t("set in the profile's ipcontroller_config.py"),
        default: vscode.l10n.t("ipyparallel's default; the profile does not set it"),
      }[s.heartbeat.source],
      s.heartbeat.misses,
    );
  const where =
    address &&
    {
      local: vscode.l10n.t('Listens on loopback (127.0.0.1): the engines run on this host.'),
      default: vscode.l10n.t(
        "Listens on every interface, and engines on other hosts connect to {0} (this host's name). Set ippEngines.controller.ip to pin an address or interface.",
        address.location,
      ),
      setting: vscode.l10n.t('Listens on {0} and engines connect to it (ippEngines.controller.ip).', address.ip),
      profile: vscode.l10n.t("Listens where the profile's own config says (controller_ip or IPController.ip/location): it wins over ippEngines.controller.ip."),
    }[address.source];
  const runLines = run ? [vscode.l10n.t('This run: {0}', progressSummary(run)), ...labelLines(run)] : [];
  controller.tooltip = [...runLines, beat, where].filter(Boolean).join('\n') || undefined;
  controller.logPath = s.controller?.logPath ?? undefined;
  controller.iconPath = busyActivity ? icon('sync~spin') : running ? icon('vm-running', 'testing.iconPassed') : icon('vm-outline');

  const ready = readyCount(s);
  const engines = new ClusterNode(
    'engines',
    folder,
    vscode.l10n.t('Engines'),
    running ? (s.restartPending ? 'restartPending' : 'running') : 'stopped',
    s.engines.length || s.standby.length ? expanded : vscode.TreeItemCollapsibleState.None,
  );
  const staleCount = s.engines.filter((e) => e.staleFiles.length).length;
  engines.description = [
    vscode.l10n.t('{0}/{1} ready', ready, s.engines.length),
    s.startupError ? vscode.l10n.t('started with errors') : undefined,
    staleCount ? vscode.l10n.t('{0} stale', staleCount) : undefined,
    s.restartPending ? vscode.l10n.t('restart when idle') : undefined,
    ...s.engineSets.filter((set) => set.kind !== 'local').map(engineSetLabel),
  ]
    .filter(Boolean)
    .join(' · ');
  const launcher =
    s.launcher.source === 'profile'
      ? vscode.l10n.t("Launcher: {0} (set in the profile's ipcluster_config.py; it wins over ippEngines.engineLauncher)", s.launcher.kind)
      : vscode.l10n.t('Launcher: {0} (ippEngines.engineLauncher)', s.launcher.kind);
  const restarts =
    s.launcher.kind !== 'local'
      ? vscode.l10n.t('Restarts boot {0} engines the usual way: the warm process (Standby) serves local engines only.', s.launcher.kind)
      : s.standby.length
        ? vscode.l10n.t('Restarts fork fresh engines from the warm process (Standby).')
        : undefined;
  engines.tooltip = [s.startupError, launcher, restarts, ...s.engineSets.map(engineSetLabel)].filter(Boolean).join('\n');
  engines.iconPath = s.startupError ? icon('error', 'errorForeground') : icon('server-process', staleCount ? 'list.warningForeground' : undefined);
  engines.children = s.engines.map((e) => engineNode(folder, e, now, Boolean(s.progress?.active)));
  if (s.standby.length) engines.children.push(standbyNode(folder, s.standby));

  const nodes = [profile, controller, engines];
  if (s.lastError) {
    // Kept until the next command on this folder: a failure must not vanish with the next refresh.
    const error = new ClusterNode('error', folder, vscode.l10n.t('Last error'));
    error.description = s.lastError.split('\n')[0];
    error.tooltip = s.lastError;
    error.iconPath = icon('error', 'errorForeground');
    nodes.unshift(error);
  }
  if (s.otherClusters.length) {
    const others = new ClusterNode('otherClusters', folder, vscode.l10n.t('Other Clusters'), undefined, expanded);
    others.description = vscode.l10n.t('{0} in this profile, left alone', s.otherClusters.length);
    others.iconPath = icon('layers');
    others.children = s.otherClusters.map((c) => otherClusterNode(folder, c));
    nodes.push(others);
  }
  if (s.orphans.length || s.orphanJobs.length || s.orphanRemote.length) {
    const orphans = new ClusterNode('orphans', folder, vscode.l10n.t('Orphans'), undefined, expanded);
    const remote = s.orphanRemote.reduce((n, o) => n + o.pids.length, 0);
    orphans.description = [
      vscode.l10n.t('{0} process(es)', s.orphans.length),
      ...(s.orphanJobs.length ? [vscode.l10n.t('{0} Slurm job(s)', s.orphanJobs.length)] : []),
      ...(s.orphanRemote.length ? [vscode.l10n.t('{0} on other hosts', remote)] : []),
    ].join(', ');
    orphans.iconPath = icon('warning', 'list.warningForeground');
    orphans.children = [
      ...s.orphanJobs.map((j) => orphanJobNode(folder, j)),
      ...s.orphanRemote.map((o) => orphanRemoteNode(folder, o)),
      ...s.orphans.map((o) => orphanNode(folder, o)),
    ];
    nodes.push(orphans);
  }
  const logs = new ClusterNode('logs', folder, vscode.l10n.t('Logs'), undefined, collapsed);
  logs.iconPath = icon('output');
  logs.children = s.logs.map((l) => logNode(folder, l));
  logs.description = vscode.l10n.t('{0} file(s)', logs.children.length);
  nodes.push(logs);
  return nodes;
}

/** The sidebar tree. Reads snapshots from the service; a snapshot change re-renders the folder. */
export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: ClusterService) {
    this.subscription = service.onDidChangeSnapshot(() => this.changed.fire(undefined));
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: ClusterNode): ClusterNode[] {
    if (node) return node.kind === 'folder' ? this.folderChildren(node.folder) : (node.children ?? []);
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
