import * as l10n from '@vscode/l10n';
import { clusterFilesOf, engineSetsOf } from './clusterFiles';
import { clusterIdOf } from './clusterRecord';
import type { ClusterTarget, EngineSetState, OrphanJob } from './clusterTypes';
import { errorMessage } from './errors';
import { clusterIdOfFile, Timeouts } from './ipyparallel';
import { isAlive } from './kill';
import type { Logger } from './log';
import { registrationAddress } from './logTail';
import { realPathOf } from './paths';
import type { ProfileProcesses } from './processRoles';
import { cancelSlurmJobs, HOPELESS_PENDING, isProfileJob, onPath, slurmJobEnd, slurmQueue, type SlurmJob } from './scaleOut';

/**
 * The batch jobs (Slurm) and batch launchers (mpiexec) that run a profile's engines: which are ours, their
 * state, their cancellation verified in the queue, and why a boot's set will not bring its engines.
 */
export class BatchJobs {
  /** Slurm jobs that this window's ipcluster submitted (a profile's own batch template may name them otherwise). */
  private readonly submitted = new Set<string>();
  /** How each job that left the queue ended, asked once: the end is final. */
  private readonly ended = new Map<string, string | undefined>();

  constructor(private readonly log: Logger) {}

  /** The Slurm job ids recorded in the cluster files of these cluster ids (all of the profile's when not given). */
  recorded(target: ClusterTarget, clusterIds?: string[]): string[] {
    return clusterFilesOf(target.profileDir, clusterIds).flatMap((f) => f.engineSets.flatMap((s) => (s.kind === 'slurm' && s.jobId ? [s.jobId] : [])));
  }

  /** The jobs a boot's ipcluster submitted (recorded after `oldSets`) are ours, whatever a profile's batch template names them. */
  noteSubmitted(target: ClusterTarget, oldSets: readonly string[]): void {
    for (const set of engineSetsOf(target.profileDir, clusterIdOf(target))) if (set.jobId && !oldSets.includes(set.id)) this.submitted.add(set.jobId);
  }

  /**
   * scancel of those of these jobs that are this user's and carry the profile's marks (isProfileJob),
   * verified gone from the queue. Never throws: a job that could not be checked or cancelled, or that a
   * cluster file names without being this profile's, is a warning, so that a stop still ends every process.
   */
  async cancel(target: ClusterTarget, jobIds: string[]): Promise<{ cancelled: string[]; warnings: string[] }> {
    if (!jobIds.length) return { cancelled: [], warnings: [] };
    const jobs = jobIds.join(', ');
    if (!onPath('squeue')) return { cancelled: [], warnings: [l10n.t('Slurm job(s) {0} could not be checked: squeue is not on PATH', jobs)] };
    try {
      const { cancelled, left, foreign } = await cancelSlurmJobs(jobIds, this.log, (job) => this.isOurs(target, job));
      if (cancelled.length) this.log.info(`Cancelled Slurm job(s) ${cancelled.join(', ')}`);
      const warnings = [
        ...(left.length ? [l10n.t('Slurm still lists job(s) {0} after scancel', left.join(', '))] : []),
        ...(foreign.length
          ? [
              l10n.t(
                "Slurm job(s) {0} named in the profile's cluster file are not this profile's (output elsewhere, or another job name): left alone",
                foreign.join(', '),
              ),
            ]
          : []),
      ];
      return { cancelled, warnings };
    } catch (error) {
      const why = errorMessage(error);
      this.log.warn(`Could not cancel Slurm job(s) ${jobs}: ${why}`);
      return {
        cancelled: [],
        warnings: [l10n.t('Slurm job(s) {0} could not be checked or cancelled ({1}): check them with squeue, and scancel them if they still run', jobs, why)],
      };
    }
  }

  /**
   * The engine sets of a target's running cluster with their state (a Slurm job's from the queue, `gone`
   * once it left it, even though ipyparallel still lists it; an mpiexec's from the process table), and the
   * profile's orphaned Slurm jobs. Slurm's queue is read only when a job is recorded.
   */
  async state(target: ClusterTarget, procs: ProfileProcesses): Promise<{ engineSets: EngineSetState[]; orphanJobs: OrphanJob[] }> {
    const sets = procs.controller ? engineSetsOf(target.profileDir, clusterIdOf(target)) : [];
    const candidates = this.orphanCandidates(target, procs);
    // One look at the queue serves both.
    const queue = (sets.some((s) => s.jobId) || candidates.length) && onPath('squeue') ? await slurmQueue(this.log).catch(() => undefined) : undefined;
    const orphanJobs = queue ? candidates.filter((j) => this.queuedOurs(target, queue, j.jobId)) : [];
    const engineSets = await Promise.all(
      sets.map(async (s): Promise<EngineSetState> => {
        if (s.jobId) {
          const job = queue?.get(s.jobId);
          // A job that left the queue is `gone`, unless Slurm (while it remembers) says its time limit ended it: not a crash.
          const state = job?.state ?? (queue ? ((await this.endOf(s.jobId)) === 'TIMEOUT' ? 'TIMEOUT' : 'gone') : 'unknown');
          return {
            ...s,
            state,
            reason: job && job.reason !== 'None' ? job.reason : undefined,
            nodes: job?.nodes || undefined,
            timeLeft: job?.timeLeft || undefined,
          };
        }
        return { ...s, state: s.pid && !isAlive(s.pid) ? 'gone' : 'running' };
      }),
    );
    return { engineSets, orphanJobs };
  }

  /**
   * Slurm jobs of this profile whose cluster has no live controller: their engines cannot be reached, and
   * they hold the allocation until cancelled.
   */
  async orphans(target: ClusterTarget, procs: ProfileProcesses): Promise<OrphanJob[]> {
    const candidates = this.orphanCandidates(target, procs);
    if (!candidates.length || !onPath('squeue')) return [];
    const queue = await slurmQueue(this.log);
    return candidates.filter((j) => this.queuedOurs(target, queue, j.jobId));
  }

  /**
   * Why a boot's non-local engine sets (recorded after `oldSets`) will not bring their engines: ipcluster
   * exited without recording one (while it lives it is still launching: SSH starts engine after engine, with
   * several round trips each, and the boot's ready time-out bounds that); a Slurm job
   * that left the queue, pends for a reason waiting does not cure, or pends past Timeouts.slurmPendingMs
   * (the reason is said); an mpiexec that exited. `jobNodes` keeps where each job was seen running.
   */
  async bootProblem(
    target: ClusterTarget,
    launcher: string,
    oldSets: readonly string[],
    started: number,
    jobNodes: Map<string, string>,
    procs: ProfileProcesses,
  ): Promise<string | undefined> {
    // Sets recorded before this boot are the old engines' (an ended one stays in the file): only new ones are watched.
    const clusterId = clusterIdOf(target);
    const fresh = engineSetsOf(target.profileDir, clusterId).filter((s) => !oldSets.includes(s.id));
    if (!fresh.length) {
      const launching = procs.all.some((p) => p.role === 'ipcluster' && p.clusterId === clusterId);
      return !launching && Date.now() - started > Timeouts.enginesAppearMs ? l10n.t('ipcluster exited without recording an engine set') : undefined;
    }
    if (launcher !== 'slurm') {
      const gone = fresh.find((s) => s.pid && !isAlive(s.pid));
      return gone ? l10n.t('the {0} launcher (pid {1}) exited while its engines were starting', gone.kind, gone.pid!) : undefined;
    }
    const queue = await slurmQueue(this.log);
    for (const set of fresh) {
      if (!set.jobId) continue;
      const job = queue.get(set.jobId);
      if (!job) return endedEarly(target, set.jobId, jobNodes.get(set.jobId));
      if (job.nodes) jobNodes.set(set.jobId, job.nodes);
      if (job.state === 'PENDING' && HOPELESS_PENDING.test(job.reason))
        return l10n.t('Slurm job {0} cannot run: it pends with Reason={1}', set.jobId, job.reason);
      if (job.state === 'PENDING' && Date.now() - started > Timeouts.slurmPendingMs)
        return l10n.t('Slurm job {0} still pends after {1} s (Reason={2})', set.jobId, Math.round(Timeouts.slurmPendingMs / 1000), job.reason);
    }
    return undefined;
  }

  /** A job of this profile: its marks (output in the profile, ipyparallel's job name), or one this window's ipcluster submitted. */
  private isOurs(target: ClusterTarget, job: SlurmJob): boolean {
    return isProfileJob(job, [target.profileDir, realPathOf(target.profileDir)], this.submitted);
  }

  /** A job still in the queue that carries this profile's marks. */
  private queuedOurs(target: ClusterTarget, queue: ReadonlyMap<string, SlurmJob>, jobId: string): boolean {
    const job = queue.get(jobId);
    return job !== undefined && this.isOurs(target, job);
  }

  /** How a job that left the queue ended (see slurmJobEnd). */
  private async endOf(jobId: string): Promise<string | undefined> {
    if (!this.ended.has(jobId)) this.ended.set(jobId, onPath('scontrol') ? await slurmJobEnd(jobId, this.log).catch(() => undefined) : undefined);
    return this.ended.get(jobId);
  }

  /** Slurm jobs recorded for clusters of the profile with no live controller (whether still queued or not). */
  private orphanCandidates(target: ClusterTarget, procs: ProfileProcesses): OrphanJob[] {
    const live = new Set([procs.controller ? clusterIdOf(target) : undefined, ...procs.otherClusters.map((c) => c.clusterId)]);
    return clusterFilesOf(target.profileDir).flatMap((f) => {
      const clusterId = clusterIdOfFile(f.file) ?? '';
      return live.has(clusterId) ? [] : f.engineSets.flatMap((s) => (s.kind === 'slurm' && s.jobId ? [{ jobId: s.jobId, clusterId }] : []));
    });
  }
}

/** Why a Slurm job that ended before its engines registered did so: where its engines ran and what they tried to reach. */
function endedEarly(target: ClusterTarget, jobId: string, nodes: string | undefined): string {
  const tried = registrationAddress(target.profileDir);
  const loopback = tried && /\/\/(127\.|localhost|\[::1\])/.test(tried);
  return [
    l10n.t('Slurm job {0} ended before its engines registered', jobId),
    nodes ? l10n.t('its engines ran on {0}', nodes) : undefined,
    tried ? l10n.t('they tried to register at {0}', tried) : undefined,
    loopback
      ? l10n.t(
          "a loopback address, which on a compute host is that host's own: the controller must listen where they can reach it (ippEngines.controller.ip, or the profile's controller_ip and controller_location)",
        )
      : undefined,
    l10n.t("their output is in the profile's log folder"),
  ]
    .filter(Boolean)
    .join('; ');
}
