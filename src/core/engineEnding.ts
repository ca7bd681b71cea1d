// How engines end, in one place: each signalled alone so that its nanny reports it, their trees sighted
// before the signal, batch jobs cancelled and SSH engines ended on their hosts, and a stop verified in the
// process table.
import * as l10n from '@vscode/l10n';
import type { BatchJobs } from './batchJobs';
import { engineSetsOf } from './clusterFiles';
import { clusterIdOf, type ClusterRecords } from './clusterRecord';
import type { ClusterTarget, KnownEngine, StopResult } from './clusterTypes';
import { UserError } from './errors';
import { Timeouts } from './ipyparallel';
import { killTrees, sightTrees, signalEach, waitUntilGone } from './kill';
import { effectiveLauncher } from './launchChecks';
import type { Logger } from './log';
import { describeProcesses, type ProfileProcess, type ProfileProcesses } from './processRoles';
import type { RemoteEngines } from './remoteEngines';
import { removeDeadClusterFiles } from './staleFiles';

export interface EndingPorts {
  log: Logger;
  jobs: BatchJobs;
  remote: RemoteEngines;
  records: ClusterRecords;
  /** The profile's processes now (see ClusterControl.processes). */
  processes: (target: ClusterTarget) => Promise<ProfileProcesses>;
  /** Keeps the logs before anything that makes them go; never throws. */
  archiveLogs: (target: ClusterTarget) => Promise<void>;
}

export class EngineEnding {
  constructor(private readonly ports: EndingPorts) {}

  /**
   * A restart's old engines, while the fresh ones boot: those here (with their launchers), the old batch
   * jobs (verified gone from the queue) and the cluster's engines on its SSH hosts. Never throws: what could
   * not be ended is logged.
   */
  async endOld(target: ClusterTarget, procs: ProfileProcesses, oldJobs: string[]): Promise<void> {
    const warn = ({ warnings }: { warnings: string[] }) => warnings.forEach((w) => this.ports.log.warn(w));
    await Promise.all([
      this.endHere(procs, procs.engines, procs.launchers),
      this.ports.jobs.cancel(target, oldJobs).then(warn),
      this.ports.remote.end(target, clusterIdOf(target), Timeouts.restartGraceMs).then(warn),
    ]);
  }

  /** Some of a running cluster's engines (a scale down): these of this host, and the others on their SSH hosts. */
  async endSome(
    target: ClusterTarget,
    procs: ProfileProcesses,
    here: ProfileProcess[],
    elsewhere: { id: number; pid?: number | null; host?: string | null }[],
    known: ReadonlyMap<number, KnownEngine>,
  ): Promise<void> {
    const [, remote] = await Promise.all([this.endHere(procs, here), this.ports.remote.endEngines(target, elsewhere, known)]);
    remote.warnings.forEach((w) => this.ports.log.warn(w));
  }

  /**
   * Engines of this cluster that a restart or scale booted and that are not wanted after all (busy engines
   * kept, or a failure): those started after `oldEngines`, the batch jobs of engine sets recorded after
   * `oldSets`, and on SSH hosts all but `oldRemote`.
   */
  async endFresh(
    target: ClusterTarget,
    oldEngines: ReadonlySet<number>,
    oldSets: readonly string[],
    oldRemote: ReadonlyMap<string, number[]> = new Map(),
  ): Promise<void> {
    const { log, jobs, remote } = this.ports;
    const freshJobs = engineSetsOf(target.profileDir, clusterIdOf(target)).flatMap((s) => (!oldSets.includes(s.id) && s.jobId ? [s.jobId] : []));
    (await jobs.cancel(target, freshJobs)).warnings.forEach((w) => log.warn(w));
    if (effectiveLauncher(target).kind === 'ssh')
      (await remote.end(target, clusterIdOf(target), Timeouts.restartGraceMs, { keepOn: oldRemote })).warnings.forEach((w) => log.warn(w));
    const procs = await this.ports.processes(target);
    const fresh = [...procs.engines, ...procs.orphans.filter((p) => p.role === 'engine')].filter(
      (p) => p.clusterId === clusterIdOf(target) && !oldEngines.has(p.pid),
    );
    await this.endHere(procs, fresh);
  }

  /**
   * Ends controllers first: while one runs with its engines gone, it lists dead ids to any client that
   * connects. Then every engine tree, signalled directly: ipcluster stop waits out its own grace periods
   * (6-10 s) and trusts a cluster file that `ipcluster engines` may have rewritten. Verified in the process
   * table: nothing that `inScope` selects may be left. Then the dead clusters' files go, and so does what
   * was known of the cluster.
   */
  async endAll(
    target: ClusterTarget,
    controllers: (ProfileProcess | undefined)[],
    rest: ProfileProcess[],
    inScope: (p: ProfileProcess) => boolean,
    remoteEnded: ReadonlySet<string> = new Set(),
  ): Promise<StopResult> {
    const { log } = this.ports;
    const started = performance.now();
    const first = controllers.filter((p): p is ProfileProcess => Boolean(p));
    if (first.length || rest.length) await this.ports.archiveLogs(target);
    const reports = [await killTrees(first, log, Timeouts.stopGraceMs), await killTrees(rest, log, Timeouts.stopGraceMs)];
    const counted = (p: ProfileProcess) => p.role !== 'ipcluster' && inScope(p);
    let after = await this.ports.processes(target);
    // A launcher still starting engines when the table was read (ipcluster between its engines, a failed
    // boot's last ones) adds processes after it: each is ended the same way, in one more round.
    const signalled = new Set([...first, ...rest].map((p) => p.pid));
    const late = after.all.filter((p) => counted(p) && !signalled.has(p.pid));
    if (late.length) {
      log.info(`Started while stopping: ${describeProcesses(late)}`);
      reports.push(await killTrees(late, log, Timeouts.stopGraceMs));
      after = await this.ports.processes(target);
    }
    const left = after.all.filter(counted);
    if (left.length) {
      throw new UserError('command-failed', l10n.t('Processes of this profile are still running after SIGKILL: {0}', describeProcesses(left)));
    }
    const warnings = removeDeadClusterFiles(target, after, remoteEnded, log);
    this.ports.records.forget(target);
    const stopped = [...first, ...rest];
    const durationMs = Math.round(performance.now() - started);
    log.info(`Stopped ${stopped.length} process(es) in ${durationMs} ms`);
    const report = {
      terminated: reports.flatMap((r) => r.terminated),
      killed: reports.flatMap((r) => r.killed),
      survivors: reports.flatMap((r) => r.survivors),
    };
    return { wasRunning: stopped.length > 0, stopped, report, durationMs, warnings };
  }

  /**
   * Ends engines of this machine, each signalled alone first so that its nanny tells the controller at once
   * and the id leaves its list: a nanny killed before that leaves a ghost id. Their trees are sighted before
   * the signal, since what a task started (a worker pool, a solver) is re-parented when its engine exits.
   * After the engines' grace and the nannies' report, what is left of those trees and `others` is tree-killed.
   */
  private async endHere(procs: ProfileProcesses, engines: ProfileProcess[], others: ProfileProcess[] = []): Promise<void> {
    const { log } = this.ports;
    const trees = sightTrees(engines);
    const enginePids = new Set(engines.map((e) => e.pid));
    signalEach(engines, 'SIGTERM', log);
    await waitUntilGone(engines, Timeouts.restartGraceMs);
    await waitUntilGone(
      procs.all.filter((p) => p.role === 'nanny' && enginePids.has(p.ppid)),
      Timeouts.nannyReportMs,
    );
    await killTrees([...trees, ...others], log, 500);
  }
}
