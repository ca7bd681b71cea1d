import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { leftByItsStarter, machineClusterInfo, type MachineCluster, type MachineClusterInfo } from '../core/machineClusters';
import type { MachineService } from '../machineService';
import { formatAge } from './format';

const STATE_ICONS: Record<MachineCluster['state'], [icon: string, color: string]> = {
  running: ['vm-running', 'testing.iconPassed'],
  orphaned: ['warning', 'list.warningForeground'],
  stale: ['circle-slash', 'disabledForeground'],
};

/**
 * A row of the This Machine view: one cluster. `contextValue` is `machineCluster.<state>`, then `.own` for a
 * folder's own or `.watched` for one a folder watches, then `.parentGone` for one its starter left behind.
 */
export class MachineNode extends vscode.TreeItem {
  constructor(
    readonly cluster: MachineClusterInfo,
    now: number,
  ) {
    super(`${profileLabel(cluster.profileDir)} · ${cluster.clusterId || vscode.l10n.t('default id')}`);
    this.id = `${cluster.profileDir}|${cluster.clusterId}`;
    const tie = cluster.workspaceFolder ? '.own' : cluster.adoptedBy ? '.watched' : '';
    this.contextValue = `machineCluster.${cluster.state}${tie}${leftByItsStarter(cluster) ? '.parentGone' : ''}`;
    this.description = describe(cluster, now);
    const [id, color] = STATE_ICONS[cluster.state];
    this.iconPath = new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
    this.tooltip = tooltip(cluster);
  }
}

function startedByText(by: MachineClusterInfo['startedBy']): string {
  if (!by) return '';
  if (by.pid === null) return vscode.l10n.t('parent gone');
  return by.alive
    ? vscode.l10n.t('started by {0}, pid {1}', by.what ?? '?', by.pid)
    : vscode.l10n.t('started by {0}, pid {1}, parent gone', by.what ?? '?', by.pid);
}

function describe(c: MachineClusterInfo, now: number): string {
  const own = c.workspaceFolder
    ? [vscode.l10n.t("this folder's cluster")]
    : c.adoptedBy
      ? [vscode.l10n.t('watched by {0}', vscode.workspace.asRelativePath(c.adoptedBy))]
      : [];
  if (c.state === 'stale') return [vscode.l10n.t('controller gone · files only'), ...own].join(' · ');
  if (c.state === 'orphaned') return [vscode.l10n.t('controller gone · {0} process(es) left', c.pids.length), ...own].join(' · ');
  return [vscode.l10n.t('{0} engine(s)', c.engines), c.launcher, formatAge(c.startedAt, now), startedByText(c.startedBy), ...own].filter(Boolean).join(' · ');
}

function tooltip(c: MachineClusterInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(`${c.profileDir}\n`);
  md.appendText(vscode.l10n.t('cluster id: {0}', c.clusterId || vscode.l10n.t('(default)')) + '\n');
  md.appendText(
    vscode.l10n.t('controller: {0}', c.controllerPid === null ? '?' : `${c.controllerPid}${c.state === 'running' ? '' : ` (${vscode.l10n.t('gone')})`}`) + '\n',
  );
  if (c.startedBy) md.appendText(startedByText(c.startedBy) + '\n');
  md.appendText(vscode.l10n.t('processes here: {0}', c.pids.join(', ') || vscode.l10n.t('none')));
  return md;
}

/** How a profile reads in a row: inside the workspace relative to it, under home with ~. */
function profileLabel(profileDir: string): string {
  const relative = vscode.workspace.asRelativePath(profileDir);
  if (relative !== profileDir) return relative;
  const home = os.homedir();
  return profileDir.startsWith(home + path.sep) ? `~${profileDir.slice(home.length)}` : profileDir;
}

/**
 * The This Machine view: rows from MachineService's last scan. It scans only while the view is visible (a
 * collapsed section is not), at the refresh interval.
 */
export class MachineTreeProvider implements vscode.TreeDataProvider<MachineNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly machine: MachineService) {
    this.subscription = machine.onDidChange(() => this.changed.fire());
  }

  getTreeItem(node: MachineNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: MachineNode): MachineNode[] {
    if (node || !vscode.workspace.isTrusted) return [];
    const now = Date.now();
    return (this.machine.clusters ?? []).map((c) => new MachineNode(machineClusterInfo(c, this.machine.ownerOf(c)?.uri.fsPath ?? null), now));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Scans while `view` is visible: at once when it shows, then at the first folder's refresh interval. */
export function scanWhileVisible(view: vscode.TreeView<unknown>, machine: MachineService): vscode.Disposable {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const follow = () => {
    stop();
    if (!view.visible || !vscode.workspace.isTrusted) return;
    void machine.scan();
    const folder = vscode.workspace.workspaceFolders?.[0];
    timer = setInterval(() => void machine.scan(), (folder ? readSettings(folder).refreshIntervalSeconds : 5) * 1000);
  };
  follow();
  const subscriptions = [
    view.onDidChangeVisibility(follow),
    vscode.workspace.onDidGrantWorkspaceTrust(follow),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ippEngines.refreshIntervalSeconds') && follow()),
  ];
  return { dispose: () => (stop(), subscriptions.forEach((s) => s.dispose())) };
}
