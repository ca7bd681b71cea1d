// What a dead cluster left behind (its controller gone): orphaned processes here, Slurm jobs, SSH engines on
// other hosts, and files that would make ipcluster take it for running. A start refuses to run beside them;
// Kill Orphans ends them, verified.
import * as l10n from '@vscode/l10n';
import { clusterFilesOf } from './clusterFiles';
import { clusterIdOf } from './clusterRecord';
import type { ClusterTarget, OrphanRemote } from './clusterTypes';
import type { EndingPorts } from './engineEnding';
import { UserError } from './errors';
import { clusterIdOfFile, Timeouts } from './ipyparallel';
import { killTrees, type KillReport } from './kill';
import { describeProcesses, type ProfileProcess, type ProfileProcesses } from './processRoles';
import { removeDeadClusterFiles, removeStaleConnectionFiles } from './staleFiles';

/** What ending a dead cluster's leftovers needs: what ending engines needs, but the per-cluster records. */
export type OrphanPorts = Omit<EndingPorts, 'records'>;

export interface OrphansKilled {
  killed: ProfileProcess[];
  report: KillReport;
  cancelledJobs: string[];
  endedRemote: OrphanRemote[];
  warnings: string[];
}

/** The leftovers of a profile's dead clusters; the caller holds the profile's lock. */
export class Orphans {
  constructor(private readonly ports: OrphanPorts) {}

  /**
   * What a dead cluster of this id left that a start must not run beside: orphaned processes, Slurm jobs
   * or SSH engines (the user kills them first), and files that would make ipcluster take it for running.
   */
  async refuseLeftovers(target: ClusterTarget, procs: ProfileProcesses): Promise<void> {
    const clusterId = clusterIdOf(target);
    const orphans = procs.orphans.filter((p) => p.clusterId === clusterId);
    if (orphans.length) {
      throw new UserError(
        'refused',
        l10n.t(
          '{0} orphaned process(es) of this profile are still running (pids {1}). Kill the orphans first.',
          orphans.length,
          orphans.map((p) => p.pid).join(', '),
        ),
      );
    }
    // Its cluster file is the only record of an orphaned job: it must be cancelled before the file goes.
    const jobs = (await this.ports.jobs.orphans(target, procs)).filter((j) => j.clusterId === clusterId);
    if (jobs.length)
      throw new UserError(
        'refused',
        l10n.t('Orphaned Slurm job(s) {0} of this profile still run without a controller. Kill the orphans first.', jobs.map((j) => j.jobId).join(', ')),
      );
    const remote = (await this.ports.remote.orphans(target, procs, { fresh: true })).filter((o) => o.clusterId === clusterId);
    if (remote.length)
      throw new UserError(
        'refused',
        l10n.t(
          'Orphaned engines of this profile may still run without a controller on {0}. Kill the orphans first.',
          remote.map((o) => `${o.host} (${o.error ?? o.pids.join(', ')})`).join(', '),
        ),
      );
    // This cluster's SSH engines were just found gone on every host (above): its dead file may go too.
    const stale = [...removeDeadClusterFiles(target, procs, new Set([clusterId]), this.ports.log), ...removeStaleConnectionFiles(target, this.ports.log)];
    // ipcluster would take a leftover file for a running cluster (exit 10) and start nothing.
    if (stale.length) throw new UserError('refused', l10n.t('Cannot start: {0}. Nothing was started.', stale.join('; ')));
  }

  /**
   * Orphaned processes (`onlyPids`: those of them), orphaned Slurm jobs (`onlyJobs`: those of them) and
   * orphaned SSH engines (`onlyRemote`: of those hosts) end, verified.
   */
  async kill(target: ClusterTarget, onlyPids?: number[], onlyJobs?: string[], onlyRemote?: string[]): Promise<OrphansKilled> {
    const procs = await this.ports.processes(target);
    // Without an answer from squeue, the confirmed jobs are still tried (cancel checks each and warns).
    const orphaned = await this.ports.jobs.orphans(target, procs).then(
      (found) => found.map((j) => j.jobId),
      () => onlyJobs ?? [],
    );
    const { cancelled: cancelledJobs, warnings } = await this.ports.jobs.cancel(
      target,
      orphaned.filter((id) => !onlyJobs || onlyJobs.includes(id)),
    );
    const remote = (await this.ports.remote.orphans(target, procs, { fresh: true })).filter((o) => !onlyRemote || onlyRemote.includes(o.host));
    const endedRemote: OrphanRemote[] = [];
    for (const clusterId of new Set(remote.map((o) => o.clusterId))) {
      // A host that could not be asked before is swept whole: what runs there is not known.
      const hosts = remote.filter((o) => o.clusterId === clusterId);
      const select = hosts.some((o) => o.error) ? undefined : { pidsOn: new Map(hosts.map((o) => [o.host, o.pids])) };
      const ended = await this.ports.remote.end({ ...target, clusterId }, clusterId, Timeouts.stopGraceMs, select);
      endedRemote.push(...ended.ended.map((e) => ({ ...e, clusterId })));
      warnings.push(...ended.warnings);
    }
    const victims = procs.orphans.filter((o) => !onlyPids || onlyPids.includes(o.pid));
    if (victims.length) await this.ports.archiveLogs(target);
    const report = await killTrees(victims, this.ports.log, Timeouts.stopGraceMs);
    const after = await this.ports.processes(target);
    const left = after.orphans.filter((p) => victims.some((o) => o.pid === p.pid));
    if (left.length) throw new UserError('command-failed', l10n.t('Orphans still running after SIGKILL: {0}', describeProcesses(left)));
    // A cluster file is the only record of where SSH engines run: those of dead clusters go only once every host answered and ended what it ran.
    const remoteEnded = new Set(warnings.length ? [] : clusterFilesOf(target.profileDir).map((f) => clusterIdOfFile(f.file) ?? ''));
    removeDeadClusterFiles(target, after, remoteEnded, this.ports.log);
    this.ports.remote.forgetOrphans();
    return { killed: victims, report, cancelledJobs, endedRemote, warnings };
  }
}
