import * as vscode from 'vscode';
import type { ClusterService } from './clusterService';
import { readSettings } from './config';
import { engineSetsOf } from './core/clusterFiles';
import type { ClusterTarget, StopResult } from './core/clusterTypes';
import { UserError } from './core/errors';
import { folderProfiles, ipythonProfiles, ParentMemory, scanMachineClusters, type MachineCluster } from './core/machineClusters';
import { realPathOf } from './core/paths';
import { listOwnProcesses } from './core/processRoles';
import { removeClusterFiles } from './core/staleFiles';

/** The cluster a machine command acts on, as a tree row or a caller names it. */
export type MachineClusterRef = Pick<MachineCluster, 'profileDir' | 'clusterId'>;

/**
 * Every ipyparallel cluster of this user on this machine (see core/machineClusters.ts), and the operations
 * on those no workspace folder owns: the one owner of the last scan and of what started each controller.
 * A scan reads files and the process table only; the view decides when to scan.
 */
export class MachineService implements vscode.Disposable {
  private readonly parents = new ParentMemory();
  private readonly changed = new vscode.EventEmitter<readonly MachineCluster[]>();
  readonly onDidChange = this.changed.event;
  private last: readonly MachineCluster[] | undefined;
  private scanning: Promise<readonly MachineCluster[]> | undefined;

  constructor(private readonly service: ClusterService) {}

  /** The last scan's clusters (undefined before the first). */
  get clusters(): readonly MachineCluster[] | undefined {
    return this.last;
  }

  /** Scans now; a scan already running is shared. */
  scan(): Promise<readonly MachineCluster[]> {
    this.scanning ??= this.scanOnce().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async scanOnce(): Promise<readonly MachineCluster[]> {
    const table = await listOwnProcesses();
    const profileDirs = [...ipythonProfiles(), ...this.service.folders().flatMap((f) => [...this.folderProfileDir(f), ...folderProfiles(f.uri.fsPath)])];
    const adoptedBy = (profileDir: string, clusterId: string) => {
      const folder = this.service.adoptions.folderOf(profileDir, clusterId);
      return folder === undefined ? null : vscode.Uri.parse(folder).fsPath;
    };
    this.last = scanMachineClusters({ profileDirs, table, parents: this.parents, uid: process.getuid?.(), adoptedBy });
    this.changed.fire(this.last);
    return this.last;
  }

  /** The workspace folder whose own cluster (its profile, id '') this is: the cluster view shows it. */
  ownerOf(cluster: MachineClusterRef): vscode.WorkspaceFolder | undefined {
    if (cluster.clusterId) return undefined;
    const real = realPathOf(cluster.profileDir);
    return this.service.folders().find((f) => this.folderProfileDir(f).some((dir) => realPathOf(dir) === real));
  }

  /** A listed cluster by profile and id, scanned afresh: a command acts on what runs now, not on a row's past. */
  async find(ref: MachineClusterRef): Promise<MachineCluster> {
    const found = (await this.scan()).find((c) => c.clusterId === ref.clusterId && realPathOf(c.profileDir) === realPathOf(ref.profileDir));
    if (!found) throw new UserError('not-running', vscode.l10n.t('No cluster "{0}" of {1} is on this machine any more.', ref.clusterId, ref.profileDir));
    return found;
  }

  /**
   * Has `folder` watch this running cluster as its own (Watch This Cluster for This Folder): its saves mark
   * the cluster's engines stale and offer restarts, until its controller ends. Refused while the folder's
   * own cluster runs, or another folder watches this one.
   */
  async watch(cluster: MachineCluster, folder: vscode.WorkspaceFolder): Promise<void> {
    const controller = cluster.processes[0];
    if (cluster.state !== 'running' || !controller) throw new UserError('not-running', vscode.l10n.t('Only a running cluster can be watched.'));
    if (this.ownerOf(cluster)) throw new UserError('refused', vscode.l10n.t("This is the folder's own cluster already."));
    const other = this.service.adoptions.folderOf(cluster.profileDir, cluster.clusterId);
    if (other && other !== folder.uri.toString())
      throw new UserError('refused', vscode.l10n.t('Another folder of this workspace watches this cluster: {0}.', vscode.Uri.parse(other).fsPath));
    if (!this.service.adoptions.of(folder.uri.toString()) && (await this.service.processes(this.service.context(folder, '').target)).controller)
      throw new UserError('refused', vscode.l10n.t("{0}'s own cluster is running: stop it first, so that the folder has one cluster.", folder.name));
    await this.service.adoptions.adopt(folder.uri.toString(), {
      profileDir: cluster.profileDir,
      clusterId: cluster.clusterId,
      controllerPid: controller.pid,
      controllerStartedAt: controller.startedAt ?? null,
    });
    await this.afterChange();
  }

  /** The folder goes back to its own profile; the cluster runs on, untouched. */
  async unwatch(folder: vscode.WorkspaceFolder): Promise<void> {
    await this.service.adoptions.release(folder.uri.toString());
    await this.afterChange();
  }

  /** Ends the cluster here, verified, as Stop ends a folder's own (batch jobs by their recorded ids, SSH engines on their hosts). */
  async stop(cluster: MachineCluster): Promise<StopResult> {
    try {
      return await this.service.stopMachineCluster(targetOf(cluster));
    } finally {
      await this.afterChange();
    }
  }

  /** Ends what a dead controller left of this cluster: its processes here, and the jobs and hosts its file records. */
  async killOrphans(cluster: MachineCluster) {
    const sets = engineSetsOf(cluster.profileDir, cluster.clusterId);
    try {
      return await this.service.killMachineOrphans(
        targetOf(cluster),
        cluster.processes.map((p) => p.pid),
        sets.flatMap((s) => (s.jobId ? [s.jobId] : [])),
        sets.flatMap((s) => s.hosts ?? []),
      );
    } finally {
      await this.afterChange();
    }
  }

  /** `ipcluster clean` for one dead cluster: its cluster and connection files go, once nothing of it runs here. */
  async clean(cluster: MachineCluster): Promise<string[]> {
    const now = await this.find(cluster);
    if (now.state !== 'stale')
      throw new UserError('refused', vscode.l10n.t('Cluster "{0}" still has processes or engines elsewhere: kill its orphans instead.', cluster.clusterId));
    try {
      return removeClusterFiles(targetOf(cluster), this.service.log);
    } finally {
      await this.afterChange();
    }
  }

  private async afterChange(): Promise<void> {
    await Promise.all([this.scan(), this.service.refreshAll({ kind: 'state-changed' })]);
  }

  /** The folder's configured profile (not the cluster it watches). */
  private folderProfileDir(folder: vscode.WorkspaceFolder): string[] {
    try {
      return [readSettings(folder).profileDir()];
    } catch {
      return []; // bad settings: the cluster view says why
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A machine cluster as ClusterControl takes one: no folder's settings (engines local, no interpreter needed to end it). */
function targetOf(cluster: MachineClusterRef): ClusterTarget {
  return { profileDir: cluster.profileDir, workspaceFolder: cluster.profileDir, clusterId: cluster.clusterId, foreignProfile: true };
}
