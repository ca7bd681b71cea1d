// Changing a running cluster's engines: a restart (fresh engines with the current code, the old ones
// ended, busy ones only with consent) and scaling up or down. Both go through the resident client, so no
// Python starts for the decision while the engines boot on the same cores.
import * as l10n from '@vscode/l10n';
import type { BatchJobs } from './batchJobs';
import { engineSetsOf } from './clusterFiles';
import { clusterIdOf, clusterKey, type ClusterRecords } from './clusterRecord';
import type { ClusterEnvironment, ClusterTarget, EngineRef, RestartResult, ScaleResult, StartOptions } from './clusterTypes';
import { bootError, type EngineBoot, type EngineWait, type Launch } from './engineBoot';
import { deferred } from './timing';
import type { EngineEnding } from './engineEnding';
import { UserError } from './errors';
import type { HelperStatus } from './helper';
import { onThisHost } from './hosts';
import { ipclusterArgs, isBusy, Timeouts } from './ipyparallel';
import { effectiveLauncher } from './launchChecks';
import type { ProfileProcesses } from './processRoles';
import type { PythonInfo } from './python';
import type { RemoteEngines } from './remoteEngines';
import type { ResidentClient } from './residentClient';
import type { StandbyBinding, StandbyEngines } from './standby';
import { checkStartupSyntax } from './startupChecks';

export interface ChangePorts {
  env: ClusterEnvironment;
  records: ClusterRecords;
  jobs: BatchJobs;
  remote: RemoteEngines;
  ending: EngineEnding;
  booting: EngineBoot;
  standby: StandbyEngines;
  processes: (target: ClusterTarget) => Promise<ProfileProcesses>;
  archiveLogs: (target: ClusterTarget) => Promise<void>;
  /** The running cluster's resident client (see ClusterControl.resident). */
  resident: (python: PythonInfo, target: ClusterTarget, controllerPid: number) => ResidentClient;
  /** A status the helper gave, remembered; none is a time-out naming why (see ClusterControl.acceptStatus). */
  acceptStatus: (target: ClusterTarget, status: HelperStatus | undefined, failure?: { why: string; stderr?: string }) => HelperStatus;
}

/** Restart and scaling of a running cluster's engines; the caller holds the profile's lock. */
export class EngineChanges {
  constructor(private readonly ports: ChangePorts) {}

  /**
   * New engine processes (with the current code) against the running controller. The old engines end as
   * EngineEnding ends them, and ids left behind are unregistered by the helper. Returns when the controller
   * lists exactly the fresh engines and each of them runs code.
   */
  async restart(python: PythonInfo, target: ClusterTarget, procs: ProfileProcesses, options: StartOptions & { allowBusy?: boolean }): Promise<RestartResult> {
    const { records, booting, ending } = this.ports;
    const started = performance.now();
    const controllerPid = procs.controller!.pid;
    const record = records.of(target);
    const total = options.engineCount ?? record.requested ?? Math.max(procs.engines.length, 1);
    const dead = record.deadIds(procs);
    const oldEngines = new Set(procs.engines.map((p) => p.pid));
    const launcher = effectiveLauncher(target).kind;
    const oldJobs = this.ports.jobs.recorded(target, [clusterIdOf(target)]);
    const oldSets = engineSetsOf(target.profileDir, clusterIdOf(target)).map((s) => s.id);
    const resident = this.ports.resident(python, target, controllerPid);
    await this.checkSyntax(python, target, resident);
    const wait = booting.residentWait(resident, target, total, options, [...dead]);
    // The ids the fresh engines must not have; undefined: the old engines stay, and so no fresh ones.
    const decision = deferred<number[] | undefined>();
    let fresh: Promise<EngineRef[] | undefined> | undefined;
    let endingOld: Promise<void> | undefined;
    let forked: Launch | undefined;
    try {
      await this.ports.archiveLogs(target);
      // The fresh engines boot at once, while the helper's status decides about the old ones: these are
      // left alone until then, and should busy engines have to be kept, the fresh ones are ended again.
      // MPI engines ask for their rank as id, which the old ones hold: they boot once the old ones left.
      // A batch job is submitted only once it is decided: a declined restart must leave no new job queued.
      // Engines of the warm process are forked once it is decided: nothing to undo when busy engines must stay.
      // SSH engines end on their hosts first (found there by the cluster's marks, which the fresh ones share).
      const sequential = launcher === 'mpi' || launcher === 'ssh';
      const afterDecision = launcher !== 'local';
      const standby = this.standbyBinding(python, target, controllerPid);
      const fromStandby = standby !== undefined && this.ports.standby.has(clusterKey(target), standby);
      const engines = booting.ipcluster(python, target, ipclusterArgs.engines(target.profileDir, clusterIdOf(target), total));
      const launch = (how: Launch) => {
        fresh = booting.boot(python, target, how, options, { total: () => total, oldIds: [], oldEngines, launcher, oldSets }, wait, decision.promise);
        fresh.catch(() => undefined); // awaited below
        return fresh;
      };
      if (!afterDecision && !fromStandby) void launch(engines);
      const status = await this.statusFrom(target, wait);
      const busy = status.engines.filter((e) => isBusy(e) && !dead.has(e.id));
      if (busy.length && !options.allowBusy) {
        return { kind: 'busy', busyEngines: busy.map((e) => e.id), tasksInFlight: busy.reduce((n, e) => n + e.queue + e.tasks, 0) };
      }
      record.requested = total;
      // Forked before the old engines end: on a quiet machine N forks take milliseconds, beside N engines
      // ending they took seconds.
      forked = fromStandby ? await this.forkFromWarm(target, standby, total) : undefined;
      // The old engines end while the new ones boot, each signalled alone so that its nanny reports it.
      // A batch job's engines may run elsewhere: the old job is cancelled, verified in the queue.
      endingOld = ending.endOld(target, procs, oldJobs);
      const oldIds = status.engines.map((e) => e.id);
      if (sequential) {
        await endingOld;
        const gone = { op: 'wait' as const, n: 0, old: oldIds, keep: [], ghostGrace: Timeouts.restartGraceMs / 1000, startupDir: '' };
        await resident.request(gone, 4 * Timeouts.restartGraceMs + Timeouts.statusMs);
      }
      // The warm process forks local engines only: never sequential.
      const booted = fresh ?? launch(forked ?? engines);
      // Booted after the old ones left, the fresh engines cannot take their ids.
      decision.resolve(sequential ? [] : oldIds);
      const engineRefs = await booted;
      if (!engineRefs) throw new Error('a restart that went on booted no engines'); // a decision to go on always waits
      this.fillStandby(python, target, controllerPid);
      return { kind: 'restarted', oldEngines: oldIds, engines: engineRefs, controllerPid, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      // Engines forked from the warm process failed: the next restart boots its engines anew (and starts another).
      if (forked) this.ports.standby.discard(clusterKey(target));
      throw bootError(
        error,
        target,
        this.ports.env.keys,
        (s, why) => l10n.t('Restart failed after {0} s: {1}. The controller keeps running.', s, why),
        started,
      );
    } finally {
      decision.resolve(undefined);
      wait.stop();
      await endingOld;
      // Fresh engines that were not wanted after all (busy engines kept, or a failure): end them.
      if (
        fresh &&
        (await fresh.then(
          (engines) => !engines,
          () => true,
        ))
      )
        await ending.endFresh(target, oldEngines, oldSets);
    }
  }

  /**
   * Adds or removes engines of a running cluster until the controller lists `count`. Added engines boot
   * with `ipcluster engines`, as a restart's fresh ones, and the wait ends when each answers. Removed
   * engines are idle ones only (the highest ids), ended as a restart ends the old ones, and the wait ends
   * when the controller has dropped them. Busy engines are never ended: too few idle ones is refused.
   */
  async scale(python: PythonInfo, target: ClusterTarget, procs: ProfileProcesses, count: number, options: StartOptions): Promise<ScaleResult> {
    const { records, booting } = this.ports;
    const started = performance.now();
    const controllerPid = procs.controller!.pid;
    const record = records.of(target);
    const dead = record.deadIds(procs);
    const resident = this.ports.resident(python, target, controllerPid);
    const wait = booting.residentWait(resident, target, count, options, [...dead]);
    const oldEngines = new Set(procs.engines.map((p) => p.pid));
    const oldSets = engineSetsOf(target.profileDir, clusterIdOf(target)).map((s) => s.id);
    let added: Promise<EngineRef[] | undefined> | undefined;
    let oldRemote = new Map<string, number[]>();
    try {
      const live = (await this.statusFrom(target, wait)).engines.filter((e) => !dead.has(e.id));
      const known = record.engines;
      oldRemote = (await this.ports.remote.pidsByHost(target, live, known)).pidsOn;
      const done = (engines: EngineRef[], removed: number[]): ScaleResult => {
        record.requested = count;
        this.fillStandby(python, target, controllerPid);
        return { from: live.length, to: count, added: engines, removed, controllerPid, durationMs: Math.round(performance.now() - started) };
      };
      if (count === live.length) return done([], []);
      const launcher = effectiveLauncher(target).kind;
      if (count > live.length) {
        await this.checkSyntax(python, target, resident);
        const more = count - live.length;
        const engines = booting.ipcluster(python, target, ipclusterArgs.engines(target.profileDir, clusterIdOf(target), more));
        const standby = this.standbyBinding(python, target, controllerPid);
        const launch = (standby && this.ports.standby.has(clusterKey(target), standby) && (await this.forkFromWarm(target, standby, more))) || engines;
        added = booting.boot(
          python,
          target,
          launch,
          options,
          { total: () => count, oldIds: [...dead], oldEngines, keepIds: live.map((e) => e.id), launcher, oldSets },
          wait,
        );
        return done((await added) ?? [], []);
      }
      // An MPI or Slurm set ends as a whole (one rank ending ends the job): fewer engines is a restart.
      if (launcher !== 'local' && launcher !== 'ssh')
        throw new UserError(
          'refused',
          l10n.t(
            'Engines launched by {0} end together, not one by one: to run fewer, restart the engines with the count you want (Restart Engines with engineCount). Nothing was changed.',
            launcher,
          ),
        );
      const pidOf = (e: { id: number; pid?: number | null }) => e.pid ?? known.get(e.id)?.pid;
      const here = (e: { id: number; host?: string | null }) => onThisHost(e.host ?? known.get(e.id)?.host);
      const idle = live.filter((e) => e.answered && !isBusy(e) && pidOf(e) !== undefined).sort((a, b) => b.id - a.id);
      const removing = idle.slice(0, live.length - count);
      if (removing.length < live.length - count) {
        throw new UserError(
          'refused',
          l10n.t(
            'Only {0} of {1} engines are idle: scaling to {2} would end busy ones. Nothing was changed; try again when they finish.',
            idle.length,
            live.length,
            count,
          ),
        );
      }
      const removedPids = new Set(removing.filter(here).map(pidOf));
      await this.ports.ending.endSome(
        target,
        procs,
        procs.engines.filter((p) => removedPids.has(p.pid)),
        removing.filter((e) => !here(e)),
        known,
      );
      const removed = removing.map((e) => e.id);
      wait.go(
        [...dead, ...removed],
        live.filter((e) => !removed.includes(e.id)).map((e) => e.id),
      );
      const outcome = await wait.outcome;
      if (!outcome.messages.some((m) => m.ready))
        throw new UserError(
          'timeout',
          l10n.t('The ended engines were ended, but the controller did not drop their ids ({0}).', outcome.error ?? l10n.t('no answer')),
          outcome.stderr,
        );
      return done([], removed);
    } catch (error) {
      throw bootError(
        error,
        target,
        this.ports.env.keys,
        (s, why) => l10n.t('Adding engines failed after {0} s: {1}. The other engines keep running.', s, why),
        started,
      );
    } finally {
      wait.stop();
      // Engines added by a scale that failed: end them, so the count stays what it was.
      if (
        added &&
        (await added.then(
          (engines) => !engines,
          () => true,
        ))
      )
        await this.ports.ending.endFresh(target, oldEngines, oldSets, oldRemote);
    }
  }

  /** Starts the cluster's warm process for the next restart in the background (or ends it, where the cluster has none). */
  fillStandby(python: PythonInfo, target: ClusterTarget, controllerPid: number): void {
    const binding = this.standbyBinding(python, target, controllerPid);
    if (!binding) return this.ports.standby.discard(clusterKey(target));
    this.ports.standby.fill(clusterKey(target), binding).catch((error: unknown) => this.ports.env.log.warn(`Could not start the warm process: ${error}`));
  }

  private checkSyntax(python: PythonInfo, target: ClusterTarget, resident: ResidentClient): Promise<void> {
    return checkStartupSyntax(python, target.profileDir, { resident, helperPath: this.ports.env.helperPath, log: this.ports.env.log });
  }

  /** The binding of a cluster's warm process, or undefined where it has none (the setting off, or engines not local). */
  private standbyBinding(python: PythonInfo, target: ClusterTarget, controllerPid: number): StandbyBinding | undefined {
    if (target.standbyEngines === false || effectiveLauncher(target).kind !== 'local') return undefined;
    return { pythonPath: python.pythonPath, controllerPid, profileDir: target.profileDir, clusterId: clusterIdOf(target), cwd: target.workspaceFolder };
  }

  /** Forks `count` fresh engines from the warm process now, as a launch already done; undefined (nothing forked) where it cannot. */
  private async forkFromWarm(target: ClusterTarget, binding: StandbyBinding | undefined, count: number): Promise<Launch | undefined> {
    const started = performance.now();
    const pids = binding && (await this.ports.standby.activate(clusterKey(target), binding, count));
    if (!pids) return undefined;
    const durationMs = Math.round(performance.now() - started);
    const forked = {
      command: `fork engines ${pids.join(' ')} from the warm process`,
      exitCode: 0,
      stdout: '',
      stderr: '',
      durationMs,
      timedOut: false,
      failed: false,
    };
    return () => Promise.resolve(forked);
  }

  /** The status a restart's helper answers first, within the status time-out. */
  private async statusFrom(target: ClusterTarget, wait: EngineWait): Promise<HelperStatus> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Timeouts.statusMs)));
    const status = await Promise.race([wait.status, late, wait.outcome.then(() => undefined)]);
    clearTimeout(timer);
    if (status) return this.ports.acceptStatus(target, status);
    wait.stop();
    const outcome = await wait.outcome;
    return this.ports.acceptStatus(target, undefined, {
      why: outcome.timedOut || !outcome.error ? l10n.t('no answer within {0} s', Timeouts.statusMs / 1000) : outcome.error,
      stderr: outcome.stderr,
    });
  }
}
