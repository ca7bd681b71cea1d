import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { BatchJobs } from './batchJobs';
import { checkClientFile, clusterFilesOf, engineSetsOf, type EngineSet } from './clusterFiles';
import { clusterIdOf, clusterKey, ClusterRecords } from './clusterRecord';
import type {
  ClusterEnvironment,
  ClusterTarget,
  EngineSetState,
  KnownEngine,
  OrphanJob,
  OrphanRemote,
  RestartResult,
  ScaleResult,
  StartOptions,
  StartResult,
  StatusReport,
  StopResult,
} from './clusterTypes';
import { controllerAddressArgs } from './controllerAddress';
import { bootError, BootFailure, EngineBoot } from './engineBoot';
import { EngineChanges } from './engineChanges';
import { EngineEnding } from './engineEnding';
import { Orphans, type OrphansKilled } from './orphans';
import { UserError } from './errors';
import type { HelperMessage, HelperStatus, QueuedTasks, TaskRecords } from './helper';
import { clientFilePath, clusterIdOfFile, ipclusterArgs, STANDBY_SCRIPT, standbyLogPid, Timeouts } from './ipyparallel';
import { checkLauncherSettings, controllerAddressOf, effectiveLauncher, refuseUnsafeLaunch, requireProfile } from './launchChecks';
import { KeyedMutex } from './mutex';
import { readDirectory } from './paths';
import { listOwnProcesses, matchProfileProcesses, type ProfileProcess, type ProfileProcesses } from './processRoles';
import { readPssMiB } from './processTable';
import { recheckDeletable, removeProfileDirectory, type DeletionCheck } from './profile';
import { withProfileLock } from './profileLock';
import { interpreterOf, type PythonInfo } from './python';
import { RemoteEngines } from './remoteEngines';
import { ResidentClient, ResidentError, type ResidentRequest } from './residentClient';
import type { RunTracker } from './runProgress';
import { checkLauncherTools } from './scaleOut';
import { StandbyEngines } from './standby';
import { checkStartupSyntax } from './startupChecks';

/**
 * Start, stop, restart, status and clean-up of ipyparallel clusters, serialised per profile. It holds the
 * per-cluster records and hands the work to its parts: booting (EngineBoot), changing a running cluster's
 * engines (EngineChanges), ending them (EngineEnding), batch jobs and SSH hosts. ipcluster's own bookkeeping
 * is a hint; the process table decides what runs, and every destructive step is verified there.
 */
export class ClusterControl {
  private readonly mutex = new KeyedMutex();
  private readonly records = new ClusterRecords();
  /** Per running cluster of local engines, engines booted ahead of its next restart. */
  private readonly standby: StandbyEngines;
  private readonly jobs: BatchJobs;
  private readonly remote: RemoteEngines;
  private readonly ending: EngineEnding;
  private readonly booting: EngineBoot;
  private readonly changes: EngineChanges;
  private readonly orphans: Orphans;

  constructor(private readonly env: ClusterEnvironment) {
    this.standby = new StandbyEngines(path.join(path.dirname(env.helperPath), STANDBY_SCRIPT), env.log, env.onSpawn);
    this.jobs = new BatchJobs(env.log);
    this.remote = new RemoteEngines(env.log);
    const processes = (target: ClusterTarget) => this.processes(target);
    const archiveLogs = (target: ClusterTarget) => this.archiveLogs(target);
    const { jobs, remote, records, standby } = this;
    this.ending = new EngineEnding({ log: env.log, jobs, remote, records, processes, archiveLogs });
    this.orphans = new Orphans({ log: env.log, jobs, remote, processes, archiveLogs });
    this.booting = new EngineBoot({ helperPath: env.helperPath, log: env.log, keys: env.keys, onSpawn: env.onSpawn, records, jobs, processes });
    this.changes = new EngineChanges({
      env,
      records,
      jobs,
      remote,
      standby,
      ending: this.ending,
      booting: this.booting,
      processes,
      archiveLogs,
      resident: (python, target, pid) => this.resident(python, target, pid),
      acceptStatus: (target, status, failure) => this.acceptStatus(target, status, failure),
    });
  }

  /** One operation at a time per profile: in this process (mutex) and across windows (lock file). */
  private exclusive<T>(target: ClusterTarget, work: () => Promise<T>): Promise<T> {
    return this.mutex.run(target.profileDir, () =>
      withProfileLock(target.profileDir, () => {
        this.env.keys.learn(target.profileDir);
        return work();
      }),
    );
  }

  /** True while a start, stop or restart of this profile is running. */
  isBusy(target: ClusterTarget): boolean {
    return this.mutex.isBusy(target.profileDir);
  }

  /** Engine id → what its last answer said of it (pid, host, start). */
  knownEngines(target: ClusterTarget): ReadonlyMap<number, KnownEngine> {
    return this.records.peek(target)?.engines ?? new Map();
  }

  /** When each dead engine id (see ClusterRecord.deadIds) was first seen without its process. */
  deadSinceById(target: ClusterTarget): ReadonlyMap<number, number> {
    return this.records.peek(target)?.deadSince ?? new Map();
  }

  /** Its resident client holds a connected Client now: asking it starts no process. */
  residentConnected(target: ClusterTarget): boolean {
    return this.records.peek(target)?.resident?.connected ?? false;
  }

  /** The user's work on the cluster over its current or last run, once a status was seen. */
  runProgress(target: ClusterTarget): RunTracker | undefined {
    return this.records.peek(target)?.run;
  }

  /** What the fresh engines' startup files reported, until the next start, restart or stop. */
  startupError(target: ClusterTarget): string | undefined {
    return this.records.peek(target)?.startupError;
  }

  async processes(target: ClusterTarget): Promise<ProfileProcesses> {
    const table = await listOwnProcesses();
    const hints = clusterFilesOf(target.profileDir).flatMap((f) => (f.controllerPid ? [f.controllerPid] : []));
    const procs = matchProfileProcesses(table, target.profileDir, { uid: process.getuid?.(), controllerPidHints: hints, clusterId: clusterIdOf(target) });
    // A warm process serves the controller it was started for only: without it, it ends (not left as an orphan).
    this.standby.release(clusterKey(target), procs.controller?.pid);
    // Nor does the resident client: with no controller (it ended by other means), nothing asks it again.
    if (!procs.controller) this.records.peek(target)?.endResident();
    await Promise.all(procs.standby.map(async (warm) => (warm.pssMiB = await readPssMiB(warm.pid))));
    return procs;
  }

  /** The log files ipcluster recorded for this cluster: the controller's, and each engine's by pid. */
  clusterLogs(target: ClusterTarget): { controller?: string; engines: Map<number, string> } {
    const files = clusterFilesOf(target.profileDir, [clusterIdOf(target)]);
    const engines = new Map(files.flatMap((f) => f.engineLogs.map((e) => [e.pid, e.log] as const)));
    // Engines forked from the warm process are not ipcluster's: their logs are named by pid.
    const logDir = path.join(target.profileDir, 'log');
    for (const file of readDirectory(logDir)) {
      const pid = standbyLogPid(clusterIdOf(target), file);
      if (pid !== undefined && !engines.has(pid)) engines.set(pid, path.join(logDir, file));
    }
    return { controller: files.find((f) => f.controllerLog)?.controllerLog, engines };
  }

  start(target: ClusterTarget, options: StartOptions = {}): Promise<StartResult> {
    return this.exclusive(target, async () => {
      refuseUnsafeLaunch(target);
      const started = performance.now();
      const python = await interpreterOf(target);
      requireProfile(target);
      // Found running (here, or by ipcluster itself: another window won the race): it keeps its count.
      const alreadyRunning = (running: ProfileProcesses): StartResult => ({
        alreadyRunning: true,
        engines: [],
        runningEngines: running.engines.length,
        durationMs: Math.round(performance.now() - started),
      });
      const procs = await this.processes(target);
      if (procs.controller) {
        this.env.log.info(`Cluster already running (controller ${procs.controller.pid})`);
        return alreadyRunning(procs);
      }
      await this.orphans.refuseLeftovers(target, procs);
      await this.archiveLogs(target); // --clean-logs removes the last run's logs, maybe of a crash
      await checkStartupSyntax(python, target.profileDir, { helperPath: this.env.helperPath, log: this.env.log, onSpawn: this.env.onSpawn });
      const launcher = effectiveLauncher(target).kind;
      await checkLauncherTools(launcher, python.pythonPath, this.env.log, target.launcher?.slurm.partition);
      await checkLauncherSettings(python, target, launcher, options.engineCount, this.env.log);
      // Engines on other hosts must reach the controller: not on loopback, and advertised by a name they resolve.
      const address = controllerAddressOf(target);
      if (address.source !== 'local')
        this.env.log.info(
          `Controller address (${address.source}): listens on ${address.ip || "the profile's choice"}, engines connect to ${address.location || "the profile's choice"}`,
        );
      const launch = this.booting.ipcluster(python, target, [
        ...ipclusterArgs.start(target.profileDir, clusterIdOf(target), options.engineCount),
        ...controllerAddressArgs(address),
      ]);
      this.records.forget(target);
      // Until ipcluster has written its cluster file, the count it starts is the one asked for.
      let total = options.engineCount ?? 1;
      const countFromFile = () => clusterFilesOf(target.profileDir, [clusterIdOf(target)])[0]?.requestedEngines;
      try {
        const plan = {
          starting: true,
          total: () => (total = options.engineCount ?? countFromFile() ?? total),
          oldIds: [],
          oldEngines: new Set<number>(),
          launcher,
          oldSets: [],
        };
        const booted = await this.booting.boot(python, target, launch, options, plan);
        if (!booted) return alreadyRunning(await this.processes(target));
        this.records.of(target).requested = total;
        const controller = (await this.processes(target)).controller;
        if (controller) this.changes.fillStandby(python, target, controller.pid);
        return { alreadyRunning: false, engines: booted, durationMs: Math.round(performance.now() - started) };
      } catch (error) {
        // Nothing of a start whose boot failed is worth keeping: end what it left running, verified as in stop.
        // (Other errors, a startup file that raised among them, leave the cluster running.)
        if (!(error instanceof BootFailure)) throw error;
        const left = await this.stopUnlocked(target);
        const ended = left.stopped.length
          ? l10n.t('Stopped what this start left running ({0} process(es)); nothing is left.', left.stopped.length)
          : l10n.t('Nothing is left running.');
        throw bootError(error, target, this.env.keys, (s, why) => l10n.t('Start failed after {0} s: {1}. {2}', s, why, ended), started);
      }
    });
  }

  stop(target: ClusterTarget): Promise<StopResult> {
    return this.exclusive(target, () => this.stopUnlocked(target));
  }

  private async stopUnlocked(target: ClusterTarget): Promise<StopResult> {
    const clusterId = clusterIdOf(target);
    // A batch job of this cluster ends by scancel of exactly its recorded id, verified in the queue. One
    // that cannot be checked (squeue fails or hangs) is named in a warning: the processes here end anyway.
    const jobs = await this.jobs.cancel(target, this.jobs.recorded(target, [clusterId]));
    // SSH engines end on their hosts, found there by the cluster's marks and verified gone, while the controller still runs.
    const remote = await this.remote.end(target, clusterId);
    this.standby.discard(clusterKey(target));
    const procs = await this.processes(target);
    const ours = (p: ProfileProcess) => p.clusterId === clusterId;
    const remoteEnded = new Set(remote.warnings.length ? [] : [clusterId]);
    const rest = [...procs.launchers, ...procs.engines, ...procs.nannies, ...procs.standby, ...procs.orphans.filter(ours)];
    const result = await this.ending.endAll(target, [procs.controller, ...procs.schedulers], rest, ours, remoteEnded);
    return {
      ...result,
      wasRunning: result.wasRunning || remote.ended.length > 0,
      warnings: [...jobs.warnings, ...remote.warnings, ...result.warnings],
      cancelledJobs: jobs.cancelled,
      endedRemote: remote.ended,
    };
  }

  /**
   * New engine processes (with the current code) against the running controller; busy engines are ended
   * only with `allowBusy` (see EngineChanges.restart).
   */
  restartEngines(target: ClusterTarget, options: StartOptions & { allowBusy?: boolean } = {}): Promise<RestartResult> {
    return this.exclusive(target, async () => {
      const { python, procs } = await this.running(target, l10n.t('The cluster is not running: start it instead.'));
      return this.changes.restart(python, target, procs, options);
    });
  }

  /** Adds or removes engines of a running cluster until the controller lists `count` (see EngineChanges.scale). */
  scaleEngines(target: ClusterTarget, count: number, options: StartOptions = {}): Promise<ScaleResult> {
    return this.exclusive(target, async () => {
      const { python, procs } = await this.running(target, l10n.t('The cluster is not running: start it with the engine count you want instead.'));
      return this.changes.scale(python, target, procs, count, options);
    });
  }

  /** What a change of a running cluster's engines starts from; `notRunning` is said where it is not running. */
  private async running(target: ClusterTarget, notRunning: string): Promise<{ python: PythonInfo; procs: ProfileProcesses }> {
    refuseUnsafeLaunch(target);
    const python = await interpreterOf(target);
    const procs = await this.processes(target);
    if (!procs.controller) throw new UserError('not-running', notRunning);
    return { python, procs };
  }

  /**
   * The engine sets of a target's cluster with their state (see BatchJobs.state), and the profile's orphaned
   * Slurm jobs and SSH engines.
   */
  async batchState(
    target: ClusterTarget,
    procs: ProfileProcesses,
  ): Promise<{ engineSets: EngineSetState[]; orphanJobs: OrphanJob[]; orphanRemote: OrphanRemote[] }> {
    const [jobs, orphanRemote] = await Promise.all([this.jobs.state(target, procs), this.remote.orphans(target, procs)]);
    return { ...jobs, orphanRemote };
  }

  /** The engine sets recorded for a target's cluster (kind, Slurm job id, mpiexec pid). */
  engineSets(target: ClusterTarget): EngineSet[] {
    return engineSetsOf(target.profileDir, clusterIdOf(target));
  }

  /** Slurm jobs of this profile whose cluster has no live controller (see BatchJobs.orphans). */
  orphanJobs(target: ClusterTarget, procs: ProfileProcesses): Promise<OrphanJob[]> {
    return this.jobs.orphans(target, procs);
  }

  /** SSH engines still running for clusters of the profile without a live controller (see RemoteEngines.orphans). */
  orphanRemote(target: ClusterTarget, procs: ProfileProcesses, options: { fresh?: boolean } = {}): Promise<OrphanRemote[]> {
    return this.remote.orphans(target, procs, options);
  }

  /**
   * Never blocks on busy engines: only idle ones are probed, and the helper has a hard timeout. A
   * `background` status (the view's timer) does not ask a controller that left a request unanswered in
   * the last half minute: each attempt would start a helper that hangs on it. No lock: status never waits
   * for a start or stop.
   */
  async status(target: ClusterTarget, options: { background?: boolean } = {}): Promise<StatusReport> {
    const python = await interpreterOf(target);
    const procs = await this.processes(target);
    const started = performance.now();
    const base = { engineProcesses: procs.engines.length, controllerPid: procs.controller?.pid };
    if (!procs.controller) return { ...base, controllerAlive: false, engines: [], durationMs: 0 };
    // Engines known to be gone are not probed: a probe would sit in their queue and look like work.
    const dead = [...this.records.of(target).deadIds(procs)];
    const resident = this.resident(python, target, procs.controller.pid);
    let answer: HelperMessage | undefined;
    let failure: { why: string; stderr?: string } | undefined;
    if (options.background && resident.timedOutWithin(Timeouts.unansweredBackoffMs)) {
      failure = { why: l10n.t('it left the last request unanswered; asked again at the next command or in {0} s', Timeouts.unansweredBackoffMs / 1000) };
    } else {
      try {
        answer = await resident.request({ op: 'status', dead }, Timeouts.statusMs);
      } catch (error) {
        failure = error instanceof ResidentError ? { why: error.message, stderr: error.stderr } : { why: String(error) };
      }
    }
    const status = this.acceptStatus(target, answer?.status, failure ?? { why: answer?.error ?? l10n.t('no status in the answer') });
    return { ...base, controllerAlive: true, engines: status.engines, durationMs: Math.round(performance.now() - started) };
  }

  /**
   * Connects the resident client of the cluster whose controller a scan just found (at activation) ahead of
   * its first status; false where an operation holds the profile (it asks the controller itself).
   */
  async connectResident(target: ClusterTarget, controllerPid: number): Promise<boolean> {
    if (this.isBusy(target)) return false;
    const python = await interpreterOf(target);
    await this.resident(python, target, controllerPid).connect();
    return true;
  }

  /**
   * The resident client of a running cluster, bound to its connection file and controller: a new controller
   * gets a new client, and the old one ends (see ResidentBinding for the interpreter). A connection file that is
   * unreadable, empty, truncated or wrong-shaped is a clear error instead of a Python traceback.
   */
  private resident(python: PythonInfo, target: ClusterTarget, controllerPid: number): ResidentClient {
    const clientFile = clientFilePath(target.profileDir, clusterIdOf(target));
    checkClientFile(clientFile);
    const binding = { pythonPath: python.pythonPath, clientFile, controllerPid };
    const record = this.records.of(target);
    if (record.resident && !record.resident.bound(binding)) record.endResident();
    // What tasks print passes through it, and is redacted with the cluster's key: known from here on.
    if (!record.resident) this.env.keys.learn(target.profileDir);
    record.resident ??= new ResidentClient(
      binding,
      this.env.helperPath,
      this.env.log,
      {
        onEngines: (ids, left) => this.env.onEngines?.(target, controllerPid, ids, left),
        onOutput: (chunks, dropped) => this.env.onTaskOutput?.(target, chunks, dropped),
        onDone: (done, order) => {
          if (record.run.observeDone(done, order)) this.env.onRunProgress?.(target);
        },
      },
      () => this.env.onSpawn?.('helper serve'),
    );
    return record.resident;
  }

  /** A status the helper gave: its engine pids are remembered; none is a time-out naming why. */
  private acceptStatus(target: ClusterTarget, status: HelperStatus | undefined, failure?: { why: string; stderr?: string }): HelperStatus {
    if (!status) {
      throw new UserError(
        'timeout',
        l10n.t('The controller did not answer the status request ({0}).', failure?.why ?? l10n.t('no answer within {0} s', Timeouts.statusMs / 1000)),
        failure?.stderr,
      );
    }
    this.records.of(target).accept(status);
    return status;
  }

  /** Ends every resident client (the window closes; clusters keep running). */
  dispose(): void {
    this.records.dispose();
    this.standby.dispose();
  }

  /** The pid of the cluster's warm process once it is ready to fork (benchmarks wait for it). */
  standbyReady(target: ClusterTarget): Promise<number[]> {
    return this.standby.ready(clusterKey(target));
  }

  /**
   * Orphaned processes (`onlyPids`: those of them), orphaned Slurm jobs (`onlyJobs`: those of them) and
   * orphaned SSH engines (`onlyRemote`: of those hosts) end, verified (see Orphans.kill).
   */
  killOrphans(target: ClusterTarget, onlyPids?: number[], onlyJobs?: string[], onlyRemote?: string[]): Promise<OrphansKilled> {
    return this.exclusive(target, () => this.orphans.kill(target, onlyPids, onlyJobs, onlyRemote));
  }

  /** Best effort: a failed copy of the logs must not block a stop. */
  private async archiveLogs(target: ClusterTarget): Promise<void> {
    try {
      await this.env.beforeLogsRemoved?.(target);
    } catch (error) {
      this.env.log.warn(`Could not keep the logs of ${target.profileDir}: ${error}`);
    }
  }

  /** Stops everything of the profile, then removes the directory, if it is still the one the caller confirmed. */
  deleteProfile(target: ClusterTarget, confirmed: DeletionCheck): Promise<StopResult> {
    recheckDeletable(confirmed, target.profileDir, target.workspaceFolder);
    return this.exclusive(target, async () => {
      recheckDeletable(confirmed, target.profileDir, target.workspaceFolder);
      // Every cluster of the profile: the caller has named the other ones in its confirmation.
      const procs = await this.processes(target);
      const clusters = [procs, ...procs.otherClusters];
      clusters.forEach((c) => this.standby.discard(clusterKey({ ...target, clusterId: c.clusterId })));
      const jobs = await this.jobs.cancel(target, this.jobs.recorded(target));
      const clusterIds = new Set([...clusters.map((c) => c.clusterId), ...clusterFilesOf(target.profileDir).map((f) => clusterIdOfFile(f.file) ?? '')]);
      const remote = await Promise.all([...clusterIds].map((id) => this.remote.end({ ...target, clusterId: id }, id)));
      const remoteWarnings = remote.flatMap((r) => r.warnings);
      // The profile (with its cluster files, the record of where engines run) stays while any could not be ended.
      if (remoteWarnings.length) throw new UserError('command-failed', l10n.t('The profile was not deleted: {0}', remoteWarnings.join('; ')));
      const controllers = clusters.flatMap((c) => [c.controller, ...c.schedulers]);
      const rest = [...clusters.flatMap((c) => [...c.launchers, ...c.engines, ...c.nannies, ...c.standby]), ...procs.orphans];
      const stopped = await this.ending.endAll(target, controllers, rest, () => true);
      removeProfileDirectory(recheckDeletable(confirmed, target.profileDir, target.workspaceFolder));
      this.env.log.info(`Deleted profile ${target.profileDir}`);
      return { ...stopped, warnings: [...jobs.warnings, ...stopped.warnings], cancelledJobs: jobs.cancelled };
    });
  }

  /** Evaluates a Python expression on every engine (diagnostics and tests), through the resident client. */
  async evaluateOnEngines(target: ClusterTarget, expression: string): Promise<Record<string, string>> {
    const answer = await this.ask(target, { op: 'run', code: expression, timeout: Timeouts.evaluateTasksMs / 1000 }, Timeouts.evaluateMs);
    if (!answer.results) throw new UserError('command-failed', l10n.t('Could not run code on the engines: {0}', answer.error ?? l10n.t('no results')));
    return answer.results;
  }

  /** The tasks of any client that wait on an engine or for one (not those running), and who sent them. */
  async queuedTasks(target: ClusterTarget): Promise<QueuedTasks> {
    const answer = await this.ask(target, { op: 'queued-tasks' }, Timeouts.statusMs);
    if (!answer.queued) throw new UserError('command-failed', l10n.t('Could not list the queued tasks: {0}', answer.error ?? l10n.t('no answer')));
    return answer.queued;
  }

  /** Aborts those of `msgIds` that still wait (Client.abort): a task already running is not touched. */
  async abortTasks(target: ClusterTarget, msgIds: string[]): Promise<number> {
    const answer = await this.ask(target, { op: 'abort', msgIds }, Timeouts.statusMs);
    if (answer.aborted === undefined)
      throw new UserError('command-failed', l10n.t('Could not abort the queued tasks: {0}', answer.error ?? l10n.t('no answer')));
    return answer.aborted;
  }

  /** Task records the controller kept since the last call (at most `limit`), and the tasks running now. */
  async taskRecords(target: ClusterTarget, limit: number): Promise<TaskRecords> {
    const answer = await this.ask(target, { op: 'timeline', limit }, Timeouts.statusMs);
    if (!answer.timeline) throw new UserError('command-failed', l10n.t('Could not read the task records: {0}', answer.error ?? l10n.t('no answer')));
    return answer.timeline;
  }

  /** One request to the running cluster's resident client; a failure to ask is the answer's `error`. */
  private async ask(target: ClusterTarget, request: ResidentRequest, timeoutMs: number): Promise<HelperMessage> {
    const python = await interpreterOf(target);
    const controller = (await this.processes(target)).controller;
    if (!controller) throw new UserError('not-running', l10n.t('The cluster is not running.'));
    return this.resident(python, target, controller.pid)
      .request(request, timeoutMs)
      .catch((error: unknown) => ({ error: String(error instanceof Error ? error.message : error) }));
  }
}
