import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import type { ClusterTarget, EngineRef, EngineSetState, KnownEngine, OrphanJob, OrphanRemote, RestartResult, ScaleResult, StartOptions, StartResult, StatusReport, StopResult } from './clusterTypes';
import { checkClientFile, clusterFilePaths, readClusterFiles, type EngineSet } from './clusterFiles';
import { controllerAddress, controllerAddressArgs, type ControllerAddress } from './controllerAddress';
import { errorMessage, UserError } from './errors';
import { runHelper, type HelperMessage, type HelperRun, type HelperStatus, type StartupError } from './helper';
import { clientFilePath, clusterIdOfFile, helperArgs, ipclusterArgs, isBusy, STANDBY_SCRIPT, standbyLogPid, Timeouts } from './ipyparallel';
import { onThisHost } from './hosts';
import type { KeyRing } from './keyRing';
import { failureCause, registrationAddress } from './logTail';
import { isAlive, killTrees, sightTrees, signalEach, waitUntilGone, type KillReport } from './kill';
import type { Logger } from './log';
import { KeyedMutex } from './mutex';
import { describeProcesses, listOwnProcesses, matchProfileProcesses, type ProfileProcess, type ProfileProcesses } from './processes';
import { withProfileLock } from './profileLock';
import { ResidentClient, ResidentError } from './residentClient';
import { looksLikeProfile, recheckDeletable, removeProfileDirectory, type DeletionCheck } from './profile';
import { launchConfigProblems, readProfileText } from './profileFile';
import type { PythonInfo } from './python';
import { run, type RunResult } from './run';
import { StandbyEngines, type StandbyBinding } from './standby';
import { cancelSlurmJobs, checkLauncherTools, HOPELESS_PENDING, isProfileJob, launcherArgs, onPath, profileLauncher, slurmJobEnd, slurmQueue, slurmTemplate, type SlurmJob } from './scaleOut';
import { destinationOf, endOnHosts, listOnHosts, parseSshHost, probeSshHosts, sshHostsOf, type SshHost, type SshScope } from './sshEngines';

/** The launcher that runs a target's engines: the profile's own choice wins over the setting. */
export function effectiveLauncher(target: ClusterTarget): { kind: string; source: 'profile' | 'setting' } {
  const fromProfile = profileLauncher(target.profileDir);
  return fromProfile ? { kind: fromProfile, source: 'profile' } : { kind: target.launcher?.launcher ?? 'local', source: 'setting' };
}

/** Where a start of this target's cluster makes the controller listen, and what it advertises (see controllerAddress). */
export function controllerAddressOf(target: ClusterTarget): ControllerAddress {
  return controllerAddress(effectiveLauncher(target).kind, target.launcher?.mpiArgs ?? [], target.launcher?.controllerIp ?? '', target.profileDir);
}

/** Engines are launched by the setting's launcher only when it names one (a default could run them where they were not meant to run). */
function refuseUnknownLauncher(target: ClusterTarget): void {
  if (target.launcher?.refusal && effectiveLauncher(target).source === 'setting') throw new UserError('bad-setting', target.launcher.refusal);
}

/** ipyparallel reads the profile's config files at every launch: ones it cannot safely read start nothing. */
function refuseUnsafeConfigs(target: ClusterTarget): void {
  const problems = launchConfigProblems(target.profileDir);
  if (problems.length) throw new UserError('refused', l10n.t('Cannot launch ipyparallel on this profile: {0}. Nothing was started.', problems.join('; ')));
}

/** ipcluster arguments that choose the target's launcher (none for local engines or a profile that chooses). */
const launcherArgsOf = (target: ClusterTarget, pythonPath: string) => (target.launcher ? launcherArgs(target.launcher, target.profileDir, pythonPath) : []);

const clusterIdOf = (target: ClusterTarget) => target.clusterId ?? '';
/** Per-cluster bookkeeping is keyed by profile and cluster id. */
const clusterKey = (target: ClusterTarget) => `${target.profileDir}\0${clusterIdOf(target)}`;

export interface ClusterEnvironment {
  /** The interpreter that drives a target's cluster. */
  python: (target: ClusterTarget) => Promise<PythonInfo>;
  helperPath: string;
  log: Logger;
  /** Learns each cluster key before a stop can delete its file, so that the log can redact it later. */
  keys: KeyRing;
  /** Called before anything that makes ipcluster delete its logs (stop, restart, delete). */
  beforeLogsRemoved?: (target: ClusterTarget) => Promise<void> | void;
  /** Called after each helper or ipcluster spawn, with what was run (tests count spawns through this). */
  onSpawn?: (what: string) => void;
  /** The controller registered or unregistered an engine of a running cluster: its engine ids now. */
  onEngines?: (target: ClusterTarget, ids: number[]) => void;
}

/**
 * Start, stop, restart, status and clean-up of ipyparallel clusters, serialised per profile. ipcluster's own
 * bookkeeping is a hint; the process table decides what runs, and every destructive step is verified there.
 */
export class ClusterControl {
  private readonly mutex = new KeyedMutex();
  /** Engine id → its pid, host and start, learnt from its answers: busy engines cannot tell us. */
  private readonly enginesById = new Map<string, Map<number, KnownEngine>>();
  /** Per running cluster, the helper that holds a Client: status without a Python start-up, pushed registrations. */
  private readonly residents = new Map<string, ResidentClient>();
  /** Engine count of the last start or restart, so a restart brings back N after an engine died. */
  private readonly requested = new Map<string, number>();
  /** Engine id → when it was first seen registered without its process. */
  private readonly deadSince = new Map<string, Map<number, number>>();
  /** What the startup files of the current engines raised, per cluster. */
  private readonly startupErrors = new Map<string, string>();
  /** Slurm jobs that this window's ipcluster submitted (a profile's own batch template may name them otherwise). */
  private readonly submittedJobs = new Set<string>();
  /** What ssh found of clusters without a controller, per cluster file, with when it asked. */
  private readonly endedJobs = new Map<string, string | undefined>();
  private readonly remoteOrphanCache = new Map<string, { at: number; found: OrphanRemote[] }>();
  /** Per running cluster of local engines, engines booted ahead of its next restart. */
  private readonly standby: StandbyEngines;

  constructor(private readonly env: ClusterEnvironment) {
    this.standby = new StandbyEngines(path.join(path.dirname(env.helperPath), STANDBY_SCRIPT), env.log, env.onSpawn);
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
    return this.enginesById.get(clusterKey(target)) ?? new Map();
  }

  async processes(target: ClusterTarget): Promise<ProfileProcesses> {
    const table = await listOwnProcesses();
    const hints = readClusterFiles(target.profileDir).flatMap((f) => (f.controllerPid ? [f.controllerPid] : []));
    const procs = matchProfileProcesses(table, target.profileDir, { uid: process.getuid?.(), controllerPidHints: hints, clusterId: clusterIdOf(target) });
    // Standby engines serve the controller they were booted for only: without it, they end (not left as orphans).
    this.standby.release(clusterKey(target), procs.controller?.pid);
    // Nor does the resident client: with no controller (it ended by other means), nothing asks it again.
    if (!procs.controller) this.endResident(target);
    // (An engine still switching from standby is listed as standby for a moment: it keeps its activation.)
    const activated = this.standby.activatedAt(clusterKey(target), [...procs.engines, ...procs.standby].map((p) => p.pid));
    for (const engine of procs.engines) engine.activatedAt = activated.get(engine.pid);
    return procs;
  }

  /** The log files ipcluster recorded for this cluster: the controller's, and each engine's by pid. */
  clusterLogs(target: ClusterTarget): { controller?: string; engines: Map<number, string> } {
    const files = this.clusterFiles(target, [clusterIdOf(target)]);
    const engines = new Map(files.flatMap((f) => f.engineLogs.map((e) => [e.pid, e.log] as const)));
    // Activated standby engines are not ipcluster's: their logs are named by pid.
    const logDir = path.join(target.profileDir, 'log');
    for (const file of readDirectory(logDir)) {
      const pid = standbyLogPid(clusterIdOf(target), file);
      if (pid !== undefined && !engines.has(pid)) engines.set(pid, path.join(logDir, file));
    }
    return { controller: files.find((f) => f.controllerLog)?.controllerLog, engines };
  }

  start(target: ClusterTarget, options: StartOptions = {}): Promise<StartResult> {
    return this.exclusive(target, async () => {
      refuseUnknownLauncher(target);
      refuseUnsafeConfigs(target);
      const started = performance.now();
      const python = await this.env.python(target);
      this.requireProfile(target);
      // Found running (here, or by ipcluster itself: another window won the race): it keeps its count.
      const alreadyRunning = (running: ProfileProcesses): StartResult => ({ alreadyRunning: true, engines: [], runningEngines: running.engines.length, durationMs: Math.round(performance.now() - started) });
      const procs = await this.processes(target);
      if (procs.controller) {
        this.env.log.info(`Cluster already running (controller ${procs.controller.pid})`);
        return alreadyRunning(procs);
      }
      const orphans = procs.orphans.filter((p) => p.clusterId === clusterIdOf(target));
      if (orphans.length) {
        throw new UserError('refused', l10n.t('{0} orphaned process(es) of this profile are still running (pids {1}). Kill the orphans first.', orphans.length, orphans.map((p) => p.pid).join(', ')));
      }
      // Its cluster file is the only record of an orphaned job: it must be cancelled before the file goes.
      const jobs = (await this.orphanJobs(target, procs)).filter((j) => j.clusterId === clusterIdOf(target));
      if (jobs.length) throw new UserError('refused', l10n.t('Orphaned Slurm job(s) {0} of this profile still run without a controller. Kill the orphans first.', jobs.map((j) => j.jobId).join(', ')));
      const remote = (await this.orphanRemote(target, procs, { fresh: true })).filter((o) => o.clusterId === clusterIdOf(target));
      if (remote.length) throw new UserError('refused', l10n.t('Orphaned engines of this profile may still run without a controller on {0}. Kill the orphans first.', remote.map((o) => `${o.host} (${o.error ?? o.pids.join(', ')})`).join(', ')));
      // This cluster's SSH engines were just found gone on every host (above): its dead file may go too.
      const stale = [...this.removeDeadClusterFiles(target, procs, new Set([clusterIdOf(target)])), ...this.removeStaleConnectionFiles(target)];
      // ipcluster would take a leftover file for a running cluster (exit 10) and start nothing.
      if (stale.length) throw new UserError('refused', l10n.t('Cannot start: {0}. Nothing was started.', stale.join('; ')));
      await this.archiveLogs(target); // --clean-logs removes the last run's logs, maybe of a crash
      await this.checkStartupSyntax(python, target);
      const launcher = effectiveLauncher(target).kind;
      await checkLauncherTools(launcher, python.pythonPath, this.env.log, target.launcher?.slurm.partition);
      await this.checkLauncherSettings(python, target, launcher, options.engineCount);
      // Engines on other hosts must reach the controller: not on loopback, and advertised by a name they resolve.
      const address = controllerAddressOf(target);
      if (address.source !== 'local') this.env.log.info(`Controller address (${address.source}): listens on ${address.ip || "the profile's choice"}, engines connect to ${address.location || "the profile's choice"}`);
      const launch = this.ipcluster(python, target, [...ipclusterArgs.start(target.profileDir, clusterIdOf(target), options.engineCount), ...controllerAddressArgs(address)]);
      this.forget(target);
      // Until ipcluster has written its cluster file, the count it starts is the one asked for.
      let total = options.engineCount ?? 1;
      const countFromFile = () => this.clusterFiles(target, [clusterIdOf(target)])[0]?.requestedEngines;
      try {
        const booted = await this.boot(python, target, launch, options, {
          starting: true,
          total: () => (total = options.engineCount ?? countFromFile() ?? total),
          oldIds: [],
          oldEngines: new Set(),
          launcher,
          oldSets: [],
        });
        if (!booted) return alreadyRunning(await this.processes(target));
        this.requested.set(clusterKey(target), total);
        const controller = (await this.processes(target)).controller;
        if (controller) this.fillStandby(python, target, controller.pid, total);
        return { alreadyRunning: false, engines: booted, durationMs: Math.round(performance.now() - started) };
      } catch (error) {
        // Nothing of a failed start is worth keeping: end what it left running, verified as in stop.
        if (!(error instanceof BootFailure)) throw error;
        const left = await this.stopUnlocked(target);
        const ended = left.stopped.length ? l10n.t('Stopped what this start left running ({0} process(es)); nothing is left.', left.stopped.length) : l10n.t('Nothing is left running.');
        throw new UserError('start-failed', l10n.t('Start failed after {0} s: {1}. {2}\n{3}', seconds(started), error.message, ended, failureCause(target.profileDir, error.output, this.env.keys)), error.output);
      }
    });
  }

  /** What the launcher's settings need before a start: every SSH host usable, room for the engines; a batch script ipyparallel can fill. */
  private async checkLauncherSettings(python: PythonInfo, target: ClusterTarget, launcher: string, engineCount: number | undefined): Promise<void> {
    const settings = target.launcher;
    if (!settings || effectiveLauncher(target).source !== 'setting') return;
    if (launcher === 'ssh') {
      const room = sshHostsOf(settings.ssh.hosts).reduce((n, h) => n + h.engines, 0);
      if ((engineCount ?? 1) > room) throw new UserError('bad-setting', l10n.t('{0} engines were asked for, but ippEngines.ssh.hosts has room for {1}. Nothing was started.', engineCount ?? 1, room));
      await probeSshHosts(settings.ssh.hosts, settings.ssh.python || python.pythonPath, target.profileDir, this.env.log);
    }
    if (launcher === 'slurm' && python.major < 8 && slurmTemplate(settings.slurm)) {
      throw new UserError('bad-setting', l10n.t('ippEngines.slurm.nodes, tasksPerNode, cpusPerEngine and extraDirectives need ipyparallel 8 or later (this interpreter has {0}). Nothing was started.', python.ipyparallelVersion));
    }
  }

  stop(target: ClusterTarget): Promise<StopResult> {
    return this.exclusive(target, () => this.stopUnlocked(target));
  }

  private async stopUnlocked(target: ClusterTarget): Promise<StopResult> {
    const clusterId = clusterIdOf(target);
    // A batch job of this cluster ends by scancel of exactly its recorded id, verified in the queue. One
    // that cannot be checked (squeue fails or hangs) is named in a warning: the processes here end anyway.
    const jobs = await this.cancelJobs(target, this.jobsOf(target, [clusterId]));
    // SSH engines end on their hosts, found there by the cluster's marks and verified gone, while the controller still runs.
    const remote = await this.endRemote(target, clusterId);
    this.standby.discard(clusterKey(target));
    const procs = await this.processes(target);
    const ours = (p: ProfileProcess) => p.clusterId === clusterId;
    const remoteEnded = new Set(remote.warnings.length ? [] : [clusterId]);
    const result = await this.endProcesses(target, [procs.controller, ...procs.schedulers], [...procs.launchers, ...procs.engines, ...procs.nannies, ...procs.standby, ...procs.orphans.filter(ours)], ours, remoteEnded);
    return { ...result, wasRunning: result.wasRunning || remote.ended.length > 0, warnings: [...jobs.warnings, ...remote.warnings, ...result.warnings], cancelledJobs: jobs.cancelled, endedRemote: remote.ended };
  }

  /** ipcluster's cluster files of the profile, those of these cluster ids only when given. */
  private clusterFiles(target: ClusterTarget, clusterIds?: string[]) {
    return readClusterFiles(target.profileDir).filter((f) => !clusterIds || clusterIds.includes(clusterIdOfFile(f.file) ?? ''));
  }

  /** The Slurm job ids recorded in the cluster files of these cluster ids (all of the profile's when not given). */
  private jobsOf(target: ClusterTarget, clusterIds?: string[]): string[] {
    return this.clusterFiles(target, clusterIds).flatMap((f) => f.engineSets.flatMap((s) => (s.kind === 'slurm' && s.jobId ? [s.jobId] : [])));
  }

  /**
   * scancel of those of these jobs that are this user's and carry the profile's marks (isProfileJob),
   * verified gone from the queue. Never throws: a job that could not be checked or cancelled, or that a
   * cluster file names without being this profile's, is a warning, so that a stop still ends every process.
   */
  private async cancelJobs(target: ClusterTarget, jobIds: string[]): Promise<{ cancelled: string[]; warnings: string[] }> {
    if (!jobIds.length) return { cancelled: [], warnings: [] };
    const jobs = jobIds.join(', ');
    if (!onPath('squeue')) return { cancelled: [], warnings: [l10n.t('Slurm job(s) {0} could not be checked: squeue is not on PATH', jobs)] };
    try {
      const { cancelled, left, foreign } = await cancelSlurmJobs(jobIds, this.env.log, (job) => this.isOurJob(target, job));
      if (cancelled.length) this.env.log.info(`Cancelled Slurm job(s) ${cancelled.join(', ')}`);
      const warnings = [
        ...(left.length ? [l10n.t('Slurm still lists job(s) {0} after scancel', left.join(', '))] : []),
        ...(foreign.length ? [l10n.t("Slurm job(s) {0} named in the profile's cluster file are not this profile's (output elsewhere, or another job name): left alone", foreign.join(', '))] : []),
      ];
      return { cancelled, warnings };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.env.log.warn(`Could not cancel Slurm job(s) ${jobs}: ${why}`);
      return { cancelled: [], warnings: [l10n.t('Slurm job(s) {0} could not be checked or cancelled ({1}): check them with squeue, and scancel them if they still run', jobs, why)] };
    }
  }

  /** A job of this profile: its marks (output in the profile, ipyparallel's job name), or one this window's ipcluster submitted. */
  private isOurJob(target: ClusterTarget, job: SlurmJob): boolean {
    return isProfileJob(job, [target.profileDir, realPath(target.profileDir)], this.submittedJobs);
  }

  /**
   * Where a cluster's SSH engines may run: the setting's hosts, when the setting chooses ssh, and those the
   * cluster file recorded. Undefined where there are none. The sweep runs there with the interpreter of the
   * setting (a cluster file's is never run: the file may be forged).
   */
  private async sshScope(target: ClusterTarget, clusterId: string): Promise<SshScope | undefined> {
    const settings = target.launcher;
    const fromSetting = settings?.launcher === 'ssh' && effectiveLauncher(target).source === 'setting' ? tryOr(() => sshHostsOf(settings.ssh.hosts).map((h) => h.host), []) : [];
    const recorded = this.clusterFiles(target, [clusterId]).flatMap((f) => f.engineSets.flatMap((s) => (s.kind === 'ssh' ? (s.hosts ?? []) : [])));
    const hosts: SshHost[] = [...fromSetting];
    for (const host of recorded.flatMap((key) => parseSshHost(key) ?? [])) if (!hosts.some((h) => h.host === host.host && h.user === host.user)) hosts.push(host);
    if (!hosts.length) return undefined;
    // Ending engines there needs an interpreter there, not this window's: without one, the hosts' python3.
    const remotePython =
      settings?.ssh.python ||
      (await this.env.python(target).then(
        (python) => python.pythonPath,
        (error: unknown) => {
          if (error instanceof UserError && error.kind === 'untrusted') throw error;
          this.env.log.warn(`No interpreter here (${errorMessage(error)}); the SSH hosts run python3`);
          return 'python3';
        },
      ));
    const home = os.homedir();
    const inHome = target.profileDir.startsWith(home + path.sep) ? [path.relative(home, target.profileDir)] : [];
    return { hosts, remotePython, profiles: [...new Set([target.profileDir, realPath(target.profileDir), ...inHome])], clusterId };
  }

  /** The pids of engines on other hosts by the SSH destination they run on, in the target's cluster. */
  private async remotePidsByHost(target: ClusterTarget, engines: readonly { id: number; pid?: number | null; host?: string | null }[]): Promise<{ pidsOn: Map<string, number[]>; unplaced: number[] }> {
    const known = this.knownEngines(target);
    const remote = engines.map((e) => ({ id: e.id, pid: e.pid ?? known.get(e.id)?.pid, host: e.host ?? known.get(e.id)?.host })).filter((e) => !onThisHost(e.host));
    const scope = remote.length ? await this.sshScope(target, clusterIdOf(target)).catch(() => undefined) : undefined;
    const pidsOn = new Map<string, number[]>();
    const unplaced: number[] = [];
    for (const engine of remote) {
      const destination = engine.host && engine.pid ? destinationOf(engine.host, scope?.hosts ?? []) : undefined;
      if (!destination) unplaced.push(engine.id);
      else pidsOn.set(destination.key, [...(pidsOn.get(destination.key) ?? []), engine.pid!]);
    }
    return { pidsOn, unplaced };
  }

  /** Ends these engines of other hosts on their SSH hosts, verified there. Never throws: what could not be ended is a warning. */
  private async endRemoteEngines(target: ClusterTarget, engines: readonly { id: number; pid?: number | null; host?: string | null }[]): Promise<{ warnings: string[] }> {
    if (!engines.length) return { warnings: [] };
    const { pidsOn, unplaced } = await this.remotePidsByHost(target, engines);
    const ended = pidsOn.size ? await this.endRemote(target, clusterIdOf(target), Timeouts.restartGraceMs, { pidsOn }) : { warnings: [] };
    return { warnings: [...ended.warnings, ...(unplaced.length ? [l10n.t('engine(s) {0} run on a host that ippEngines.ssh.hosts does not name: not ended', unplaced.join(', '))] : [])] };
  }

  /** Ends a cluster's processes on its SSH hosts (see endOnHosts); nothing where it has none. Never throws. */
  private async endRemote(target: ClusterTarget, clusterId: string, graceMs: number = Timeouts.stopGraceMs, select?: Parameters<typeof endOnHosts>[3]): Promise<{ ended: { host: string; pids: number[] }[]; warnings: string[] }> {
    const scope = await this.sshScope(target, clusterId).catch((error: unknown) => {
      this.env.log.warn(`Could not tell where SSH engines run: ${error}`);
      return undefined;
    });
    return scope ? endOnHosts(scope, this.env.log, graceMs, select) : { ended: [], warnings: [] };
  }

  /**
   * SSH engines still running for clusters of the profile without a live controller (they do not end by
   * themselves when it dies). Asked over ssh only where a cluster file records SSH engines, at most every
   * 30 s per file (`fresh`: now).
   */
  async orphanRemote(target: ClusterTarget, procs: ProfileProcesses, options: { fresh?: boolean } = {}): Promise<OrphanRemote[]> {
    const live = new Set([procs.controller ? clusterIdOf(target) : undefined, ...procs.otherClusters.map((c) => c.clusterId)]);
    const files = this.clusterFiles(target).filter((f) => !live.has(clusterIdOfFile(f.file) ?? '') && f.engineSets.some((s) => s.kind === 'ssh'));
    const found = await Promise.all(
      files.map(async (f) => {
        const cached = this.remoteOrphanCache.get(f.file);
        if (cached && !options.fresh && Date.now() - cached.at < 30_000) return cached.found;
        const clusterId = clusterIdOfFile(f.file) ?? '';
        const scope = await this.sshScope(target, clusterId).catch(() => undefined);
        const running: OrphanRemote[] = scope ? (await listOnHosts(scope, this.env.log)).map((r) => ({ ...r, clusterId })) : [];
        this.remoteOrphanCache.set(f.file, { at: Date.now(), found: running });
        return running;
      }),
    );
    return found.flat();
  }

  /**
   * The engine sets of a target's cluster with their state (a Slurm job's from the queue, `gone` once it
   * left it, even though ipyparallel still lists it; an mpiexec's from the process table), and the
   * profile's orphaned Slurm jobs and SSH engines. Slurm's queue is read only when a job is recorded.
   */
  async batchState(target: ClusterTarget, procs: ProfileProcesses): Promise<{ engineSets: EngineSetState[]; orphanJobs: OrphanJob[]; orphanRemote: OrphanRemote[] }> {
    const sets = procs.controller ? this.engineSets(target) : [];
    const candidates = this.orphanJobCandidates(target, procs);
    // One look at the queue serves both.
    const queue = (sets.some((s) => s.jobId) || candidates.length) && onPath('squeue') ? await slurmQueue(this.env.log).catch(() => undefined) : undefined;
    const orphanJobs = queue ? candidates.filter((j) => this.queuedOurs(target, queue, j.jobId)) : [];
    const engineSets = await Promise.all(sets.map(async (s): Promise<EngineSetState> => {
      if (s.jobId) {
        const job = queue?.get(s.jobId);
        // A job that left the queue is `gone`, unless Slurm (while it remembers) says its time limit ended it: not a crash.
        const state = job?.state ?? (queue ? ((await this.jobEnd(s.jobId)) === 'TIMEOUT' ? 'TIMEOUT' : 'gone') : 'unknown');
        return { ...s, state, reason: job && job.reason !== 'None' ? job.reason : undefined, nodes: job?.nodes || undefined, timeLeft: job?.timeLeft || undefined };
      }
      return { ...s, state: s.pid && !isAlive(s.pid) ? 'gone' : 'running' };
    }));
    return { engineSets, orphanJobs, orphanRemote: await this.orphanRemote(target, procs) };
  }

  /** The engine sets recorded for a target's cluster (kind, Slurm job id, mpiexec pid). */
  engineSets(target: ClusterTarget): EngineSet[] {
    return this.clusterFiles(target, [clusterIdOf(target)]).flatMap((f) => f.engineSets);
  }

  /**
   * Slurm jobs of this profile whose cluster has no live controller: their engines cannot be reached, and
   * they hold the allocation until cancelled.
   */
  async orphanJobs(target: ClusterTarget, procs: ProfileProcesses): Promise<OrphanJob[]> {
    const candidates = this.orphanJobCandidates(target, procs);
    if (!candidates.length || !onPath('squeue')) return [];
    const queue = await slurmQueue(this.env.log);
    return candidates.filter((j) => this.queuedOurs(target, queue, j.jobId));
  }

  /** A job still in the queue that carries this profile's marks. */
  private queuedOurs(target: ClusterTarget, queue: ReadonlyMap<string, SlurmJob>, jobId: string): boolean {
    const job = queue.get(jobId);
    return job !== undefined && this.isOurJob(target, job);
  }

  /** How a job that left the queue ended (see slurmJobEnd), asked once per job: the end is final. */
  private async jobEnd(jobId: string): Promise<string | undefined> {
    if (!this.endedJobs.has(jobId)) this.endedJobs.set(jobId, onPath('scontrol') ? await slurmJobEnd(jobId, this.env.log).catch(() => undefined) : undefined);
    return this.endedJobs.get(jobId);
  }

  /** Slurm jobs recorded for clusters of the profile with no live controller (whether still queued or not). */
  private orphanJobCandidates(target: ClusterTarget, procs: ProfileProcesses): OrphanJob[] {
    const live = new Set([procs.controller ? clusterIdOf(target) : undefined, ...procs.otherClusters.map((c) => c.clusterId)]);
    return this.clusterFiles(target).flatMap((f) => {
      const clusterId = clusterIdOfFile(f.file) ?? '';
      return live.has(clusterId) ? [] : f.engineSets.flatMap((s) => (s.kind === 'slurm' && s.jobId ? [{ jobId: s.jobId, clusterId }] : []));
    });
  }

  /**
   * Ends controllers first: while one runs with its engines gone, it lists dead ids to any client that
   * connects. Then every engine tree, signalled directly: ipcluster stop waits out its own grace periods
   * (6-10 s) and trusts a cluster file that `ipcluster engines` may have rewritten. Verified in the process
   * table: nothing that `inScope` selects may be left.
   */
  private async endProcesses(target: ClusterTarget, controllers: (ProfileProcess | undefined)[], rest: ProfileProcess[], inScope: (p: ProfileProcess) => boolean, remoteEnded: ReadonlySet<string> = new Set()): Promise<StopResult> {
    const started = performance.now();
    const first = controllers.filter((p): p is ProfileProcess => Boolean(p));
    if (first.length || rest.length) await this.archiveLogs(target);
    const reports = [await killTrees(first, this.env.log, Timeouts.stopGraceMs), await killTrees(rest, this.env.log, Timeouts.stopGraceMs)];
    const counted = (p: ProfileProcess) => p.role !== 'ipcluster' && inScope(p);
    let after = await this.processes(target);
    // A launcher still starting engines when the table was read (ipcluster between its engines, a failed
    // boot's last ones) adds processes after it: each is ended the same way, in one more round.
    const signalled = new Set([...first, ...rest].map((p) => p.pid));
    const late = after.all.filter((p) => counted(p) && !signalled.has(p.pid));
    if (late.length) {
      this.env.log.info(`Started while stopping: ${describeProcesses(late)}`);
      reports.push(await killTrees(late, this.env.log, Timeouts.stopGraceMs));
      after = await this.processes(target);
    }
    const left = after.all.filter(counted);
    if (left.length) {
      throw new UserError('command-failed', l10n.t('Processes of this profile are still running after SIGKILL: {0}', describeProcesses(left)));
    }
    const warnings = this.removeDeadClusterFiles(target, after, remoteEnded);
    this.forget(target);
    const stopped = [...first, ...rest];
    const durationMs = Math.round(performance.now() - started);
    this.env.log.info(`Stopped ${stopped.length} process(es) in ${durationMs} ms`);
    const report = { terminated: reports.flatMap((r) => r.terminated), killed: reports.flatMap((r) => r.killed), survivors: reports.flatMap((r) => r.survivors) };
    return { wasRunning: stopped.length > 0, stopped, report, durationMs, warnings };
  }

  /**
   * New engine processes (with the current code) against the running controller. The old engines end as
   * endEngines ends them (each alone first, then what is left of their trees), and ids left behind are
   * unregistered by the helper. Returns when the controller lists exactly the fresh engines and each of
   * them runs code.
   */
  restartEngines(target: ClusterTarget, options: StartOptions & { allowBusy?: boolean } = {}): Promise<RestartResult> {
    return this.exclusive(target, async () => {
      refuseUnknownLauncher(target);
      refuseUnsafeConfigs(target);
      const started = performance.now();
      const python = await this.env.python(target);
      const procs = await this.processes(target);
      if (!procs.controller) throw new UserError('not-running', l10n.t('The cluster is not running: start it instead.'));
      const total = options.engineCount ?? this.requested.get(clusterKey(target)) ?? Math.max(procs.engines.length, 1);
      const dead = this.deadIds(target, procs);
      const oldEngines = procs.engines.map((p) => p.pid);
      const launcher = effectiveLauncher(target).kind;
      const oldJobs = this.jobsOf(target, [clusterIdOf(target)]);
      const oldSets = this.engineSets(target).map((s) => s.id);
      // The resident client answers the status that decides about busy engines, then waits for the fresh
      // ones: no Python starts for it while the engines boot on the same cores.
      this.validateClientFile(target);
      const resident = this.resident(python, target, procs.controller.pid);
      await this.checkStartupSyntax(python, target, resident);
      const wait = this.residentWait(resident, target, total, options, [...dead]);
      let decide: (oldIds: number[] | undefined) => void = () => undefined;
      const decision = new Promise<number[] | undefined>((resolve) => (decide = resolve));
      let booting: Promise<EngineRef[] | undefined> | undefined;
      let ending: Promise<void> | undefined;
      try {
        await this.archiveLogs(target);
        // The fresh engines boot at once, while the helper's status decides about the old ones: these are
        // left alone until then, and should busy engines have to be kept, the fresh ones are ended again.
        // MPI engines ask for their rank as id, which the old ones hold: they boot once the old ones left.
        // A batch job is submitted only once it is decided: a declined restart must leave no new job queued.
        // Standby engines only connect, once it is decided: nothing to undo when busy engines must stay.
        // SSH engines end on their hosts first (found there by the cluster's marks, which the fresh ones share).
        const sequential = launcher === 'mpi' || launcher === 'ssh';
        const afterDecision = launcher !== 'local';
        const standby = this.standbyBinding(python, target, procs.controller.pid);
        const fromStandby = standby !== undefined && this.standby.count(clusterKey(target), standby) >= total;
        const engines = this.ipcluster(python, target, ipclusterArgs.engines(target.profileDir, clusterIdOf(target), total));
        const launch = (how: Launch) => {
          booting = this.boot(python, target, how, options, { total: () => total, oldIds: [], oldEngines: new Set(oldEngines), launcher, oldSets }, wait, decision);
          booting.catch(() => undefined); // awaited below
        };
        if (!afterDecision && !fromStandby) launch(engines);
        const status = await this.statusFrom(target, wait);
        const busy = status.engines.filter((e) => isBusy(e) && !dead.has(e.id));
        if (busy.length && !options.allowBusy) {
          decide(undefined);
          return { kind: 'busy', busyEngines: busy.map((e) => e.id), tasksInFlight: busy.reduce((n, e) => n + e.queue + e.tasks, 0) };
        }
        this.requested.set(clusterKey(target), total);
        // The old engines end while the new ones boot, each signalled alone so that its nanny reports it.
        // A batch job's engines may run elsewhere: the old job is cancelled, verified in the queue.
        ending = (async () => {
          const local = this.endEngines(procs, procs.engines, procs.launchers);
          const jobs = this.cancelJobs(target, oldJobs).then(({ warnings }) => warnings.forEach((w) => this.env.log.warn(w)));
          const remote = this.endRemote(target, clusterIdOf(target), Timeouts.restartGraceMs).then(({ warnings }) => warnings.forEach((w) => this.env.log.warn(w)));
          await Promise.all([local, jobs, remote]);
        })();
        const oldIds = status.engines.map((e) => e.id);
        if (sequential) {
          await ending;
          const gone = { op: 'wait' as const, n: 0, old: oldIds, keep: [], ghostGrace: Timeouts.restartGraceMs / 1000, startupDir: '' };
          await resident.request(gone, 4 * Timeouts.restartGraceMs + Timeouts.statusMs);
          launch(engines);
        } else if (afterDecision) {
          launch(engines);
        } else if (fromStandby) {
          launch(this.standbyLaunch(target, standby, total, engines));
        }
        // The ids the fresh engines must not have (the old ones: gone already when booted after them).
        decide(sequential ? [] : oldIds);
        const fresh = (await booting!)!;
        this.fillStandby(python, target, procs.controller.pid, total);
        return { kind: 'restarted', oldEngines: oldIds, engines: fresh, controllerPid: procs.controller.pid, durationMs: Math.round(performance.now() - started) };
      } catch (error) {
        if (!(error instanceof BootFailure)) throw error;
        throw new UserError('start-failed', l10n.t('Restart failed after {0} s: {1}. The controller keeps running.\n{2}', seconds(started), error.message, failureCause(target.profileDir, error.output, this.env.keys)), error.output);
      } finally {
        decide(undefined);
        wait.stop();
        await ending;
        // Fresh engines that were not wanted after all (busy engines kept, or a failure): end them.
        if (booting && (await booting.then((engines) => !engines, () => true))) await this.endFreshEngines(target, new Set(oldEngines), oldSets);
      }
    });
  }

  /**
   * Adds or removes engines of a running cluster until the controller lists `count`. Added engines boot
   * with `ipcluster engines`, as a restart's fresh ones, and the wait ends when each answers. Removed
   * engines are idle ones only (the highest ids), ended as a restart ends the old ones, and the wait ends
   * when the controller has dropped them. Busy engines are never ended: too few idle ones is refused.
   */
  scaleEngines(target: ClusterTarget, count: number, options: StartOptions = {}): Promise<ScaleResult> {
    return this.exclusive(target, async () => {
      refuseUnknownLauncher(target);
      refuseUnsafeConfigs(target);
      const started = performance.now();
      const python = await this.env.python(target);
      const procs = await this.processes(target);
      if (!procs.controller) throw new UserError('not-running', l10n.t('The cluster is not running: start it with the engine count you want instead.'));
      const controllerPid = procs.controller.pid;
      const dead = this.deadIds(target, procs);
      this.validateClientFile(target);
      const resident = this.resident(python, target, controllerPid);
      const wait = this.residentWait(resident, target, count, options, [...dead]);
      const oldSets = this.engineSets(target).map((s) => s.id);
      let booting: Promise<EngineRef[] | undefined> | undefined;
      let oldRemote = new Map<string, number[]>();
      try {
        const live = (await this.statusFrom(target, wait)).engines.filter((e) => !dead.has(e.id));
        oldRemote = (await this.remotePidsByHost(target, live)).pidsOn;
        const done = (added: EngineRef[], removed: number[]): ScaleResult => {
          this.requested.set(clusterKey(target), count);
          this.fillStandby(python, target, controllerPid, count); // the next restart brings back `count`
          return { from: live.length, to: count, added, removed, controllerPid, durationMs: Math.round(performance.now() - started) };
        };
        if (count === live.length) return done([], []);
        const launcher = effectiveLauncher(target).kind;
        if (count > live.length) {
          await this.checkStartupSyntax(python, target, resident);
          const launch = this.ipcluster(python, target, ipclusterArgs.engines(target.profileDir, clusterIdOf(target), count - live.length));
          const plan = { total: () => count, oldIds: [...dead], oldEngines: new Set(procs.engines.map((p) => p.pid)), keepIds: live.map((e) => e.id), launcher, oldSets };
          booting = this.boot(python, target, launch, options, plan, wait);
          return done((await booting) ?? [], []);
        }
        // An MPI or Slurm set ends as a whole (one rank ending ends the job): fewer engines is a restart.
        if (launcher !== 'local' && launcher !== 'ssh') throw new UserError('refused', l10n.t('Engines launched by {0} end together, not one by one: to run fewer, restart the engines with the count you want (Restart Engines with engineCount). Nothing was changed.', launcher));
        const known = this.knownEngines(target);
        const idle = live.filter((e) => e.answered && !isBusy(e) && (e.pid ?? known.get(e.id)?.pid) !== undefined).sort((a, b) => b.id - a.id);
        const removing = idle.slice(0, live.length - count);
        if (removing.length < live.length - count) {
          throw new UserError('refused', l10n.t('Only {0} of {1} engines are idle: scaling to {2} would end busy ones. Nothing was changed; try again when they finish.', idle.length, live.length, count));
        }
        const removedPids = new Set(removing.filter((e) => onThisHost(e.host ?? known.get(e.id)?.host)).map((e) => e.pid ?? known.get(e.id)?.pid));
        const engines = procs.engines.filter((p) => removedPids.has(p.pid));
        const [, remote] = await Promise.all([this.endEngines(procs, engines), this.endRemoteEngines(target, removing.filter((e) => !onThisHost(e.host ?? known.get(e.id)?.host)))]);
        const removed = removing.map((e) => e.id);
        remote.warnings.forEach((w) => this.env.log.warn(w));
        wait.go([...dead, ...removed], live.filter((e) => !removed.includes(e.id)).map((e) => e.id));
        const outcome = await wait.outcome;
        if (!outcome.messages.some((m) => m.ready)) throw new UserError('timeout', l10n.t('The ended engines were ended, but the controller did not drop their ids ({0}).', outcome.error ?? l10n.t('no answer')), outcome.stderr);
        return done([], removed);
      } catch (error) {
        if (!(error instanceof BootFailure)) throw error;
        throw new UserError('start-failed', l10n.t('Adding engines failed after {0} s: {1}. The other engines keep running.\n{2}', seconds(started), error.message, failureCause(target.profileDir, error.output, this.env.keys)), error.output);
      } finally {
        wait.stop();
        // Engines added by a scale that failed: end them, so the count stays what it was.
        if (booting && (await booting.then((engines) => !engines, () => true))) await this.endFreshEngines(target, new Set(procs.engines.map((p) => p.pid)), oldSets, oldRemote);
      }
    });
  }

  /**
   * Ends engines of this cluster started after the old ones (`oldEngines`), each alone first so that its
   * nanny reports it, and cancels the batch jobs of engine sets recorded after `oldSets`.
   */
  private async endFreshEngines(target: ClusterTarget, oldEngines: Set<number>, oldSets: string[], oldRemote: ReadonlyMap<string, number[]> = new Map()): Promise<void> {
    const freshJobs = this.engineSets(target).flatMap((s) => (!oldSets.includes(s.id) && s.jobId ? [s.jobId] : []));
    (await this.cancelJobs(target, freshJobs)).warnings.forEach((w) => this.env.log.warn(w));
    if (effectiveLauncher(target).kind === 'ssh') (await this.endRemote(target, clusterIdOf(target), Timeouts.restartGraceMs, { keepOn: oldRemote })).warnings.forEach((w) => this.env.log.warn(w));
    const procs = await this.processes(target);
    const fresh = [...procs.engines, ...procs.orphans.filter((p) => p.role === 'engine')].filter((p) => p.clusterId === clusterIdOf(target) && !oldEngines.has(p.pid));
    await this.endEngines(procs, fresh);
  }

  /**
   * Ends engines of this machine, each signalled alone first so that its nanny tells the controller at once
   * and the id leaves its list: a nanny killed before that leaves a ghost id. Their trees are sighted before
   * the signal, since what a task started (a worker pool, a solver) is re-parented when its engine exits.
   * After the engines' grace and the nannies' report, what is left of those trees and `others` is tree-killed.
   */
  private async endEngines(procs: ProfileProcesses, engines: ProfileProcess[], others: ProfileProcess[] = []): Promise<void> {
    const trees = sightTrees(engines);
    const enginePids = new Set(engines.map((e) => e.pid));
    signalEach(engines, 'SIGTERM', this.env.log);
    await waitUntilGone(engines, Timeouts.restartGraceMs);
    await waitUntilGone(procs.all.filter((p) => p.role === 'nanny' && enginePids.has(p.ppid)), Timeouts.nannyReportMs);
    await killTrees([...trees, ...others], this.env.log, 500);
  }

  /**
   * Never blocks on busy engines: only idle ones are probed, and the helper has a hard timeout. A
   * `background` status (the view's timer) does not ask a controller that left a request unanswered in
   * the last half minute: each attempt would start a helper that hangs on it.
   */
  async status(target: ClusterTarget, options: { background?: boolean } = {}): Promise<StatusReport> {
    const python = await this.env.python(target);
    return this.queryStatus(python, target, await this.processes(target), options.background);
  }

  /** Asks the controller (no lock: status never waits for a start or stop). */
  private async queryStatus(python: PythonInfo, target: ClusterTarget, procs: ProfileProcesses, background = false): Promise<StatusReport> {
    const started = performance.now();
    const base = { engineProcesses: procs.engines.length, controllerPid: procs.controller?.pid };
    if (!procs.controller) {
      this.endResident(target);
      return { ...base, controllerAlive: false, engines: [], durationMs: 0 };
    }
    this.validateClientFile(target);
    // Engines known to be gone are not probed: a probe would sit in their queue and look like work.
    const dead = [...this.deadIds(target, procs)];
    const resident = this.resident(python, target, procs.controller.pid);
    let answer: HelperMessage | undefined;
    let failure: { why: string; stderr?: string } | undefined;
    if (background && resident.timedOutWithin(Timeouts.unansweredBackoffMs)) {
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
   * The resident client of a running cluster, bound to its interpreter, connection file and controller:
   * a new controller (or interpreter) gets a new client, and the old one ends.
   */
  private resident(python: PythonInfo, target: ClusterTarget, controllerPid: number): ResidentClient {
    const binding = { pythonPath: python.pythonPath, clientFile: this.clientFile(target), controllerPid };
    const key = clusterKey(target);
    let resident = this.residents.get(key);
    if (resident && !resident.bound(binding)) {
      resident.dispose();
      resident = undefined;
    }
    if (!resident) {
      resident = new ResidentClient(binding, this.env.helperPath, this.env.log, (ids) => this.env.onEngines?.(target, ids), () => this.env.onSpawn?.('helper serve'));
      this.residents.set(key, resident);
    }
    return resident;
  }

  private endResident(target: ClusterTarget): void {
    this.residents.get(clusterKey(target))?.dispose();
    this.residents.delete(clusterKey(target));
  }

  /** Ends every resident client (the window closes; clusters keep running). */
  dispose(): void {
    for (const resident of this.residents.values()) resident.dispose();
    this.residents.clear();
    this.standby.dispose();
  }

  /** Pids of the cluster's standby engines once each is ready to connect (benchmarks wait for them). */
  standbyReady(target: ClusterTarget): Promise<number[]> {
    return this.standby.ready(clusterKey(target));
  }

  /** The binding of a cluster's standby engines, or undefined where it has none (the setting off, or engines not local). */
  private standbyBinding(python: PythonInfo, target: ClusterTarget, controllerPid: number): StandbyBinding | undefined {
    if (target.standbyEngines === false || effectiveLauncher(target).kind !== 'local') return undefined;
    return { pythonPath: python.pythonPath, controllerPid, profileDir: target.profileDir, clusterId: clusterIdOf(target), cwd: target.workspaceFolder };
  }

  /** Boots standby engines for the next restart in the background (or ends them, where the cluster has none). */
  private fillStandby(python: PythonInfo, target: ClusterTarget, controllerPid: number, count: number): void {
    const binding = this.standbyBinding(python, target, controllerPid);
    if (!binding) return this.standby.discard(clusterKey(target));
    this.standby.fill(clusterKey(target), binding, count).catch((error: unknown) => this.env.log.warn(`Could not boot standby engines: ${error}`));
  }

  /** `ipcluster <subcommand>` (see ipclusterArgs) with the target's launcher options, run in its folder. */
  private ipcluster(python: PythonInfo, target: ClusterTarget, args: string[]): Launch {
    return (signal) => {
      this.env.onSpawn?.(`ipcluster ${args[2]}`);
      return run(python.pythonPath, [...args, ...launcherArgsOf(target, python.pythonPath)], this.env.log, { cwd: target.workspaceFolder, timeoutMs: Timeouts.ipclusterMs, signal });
    };
  }

  /** Connects `total` standby engines as the fresh ones; where they are not there after all, `fallback` boots engines. */
  private standbyLaunch(target: ClusterTarget, binding: StandbyBinding, total: number, fallback: Launch): Launch {
    return async (signal) => {
      const started = performance.now();
      const pids = await this.standby.activate(clusterKey(target), binding, total);
      if (!pids) return fallback(signal);
      const durationMs = Math.round(performance.now() - started);
      return { command: `activate standby engines ${pids.join(' ')}`, exitCode: 0, stdout: '', stderr: '', durationMs, timedOut: false, failed: false };
    };
  }

  /** A status the helper gave: its engine pids are remembered; none is a time-out naming why. */
  private acceptStatus(target: ClusterTarget, status: HelperStatus | undefined, failure?: { why: string; stderr?: string }): HelperStatus {
    if (!status) {
      throw new UserError('timeout', l10n.t('The controller did not answer the status request ({0}).', failure?.why ?? l10n.t('no answer within {0} s', Timeouts.statusMs / 1000)), failure?.stderr);
    }
    // A status lists every id the controller has: one it no longer lists (an engine a restart replaced) is
    // forgotten, else every restart would add its old engines to the dead ids of each later request.
    const listed = new Set(status.engines.map((e) => e.id));
    const known = this.enginesById.get(clusterKey(target));
    for (const id of known?.keys() ?? []) if (!listed.has(id)) known!.delete(id);
    this.remember(target, status.engines.flatMap((e) => (e.pid ? [{ id: e.id, pid: e.pid, host: e.host, started: e.started }] : [])));
    for (const e of status.engines) e.host = e.host || (this.knownEngines(target).get(e.id)?.host ?? null);
    return status;
  }

  /** The status a restart's helper answers first, within the status time-out. */
  private async statusFrom(target: ClusterTarget, wait: EngineWait): Promise<HelperStatus> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Timeouts.statusMs)));
    const status = await Promise.race([wait.status, late, wait.outcome.then(() => undefined)]);
    clearTimeout(timer);
    if (status) return this.acceptStatus(target, status);
    wait.stop();
    const outcome = await wait.outcome;
    return this.acceptStatus(target, undefined, { why: outcome.timedOut || !outcome.error ? l10n.t('no answer within {0} s', Timeouts.statusMs / 1000) : outcome.error, stderr: outcome.stderr });
  }

  /** A connection file that is unreadable, empty, truncated or wrong-shaped is a clear error instead of a Python traceback. */
  private validateClientFile(target: ClusterTarget): void {
    checkClientFile(this.clientFile(target));
  }

  /**
   * Registered engine ids of this host whose process we know and which is gone (killed, crashed); remembers
   * since when. An engine on another host is never judged from this process table: the controller drops it.
   */
  private deadIds(target: ClusterTarget, procs: ProfileProcesses): Set<number> {
    const alive = new Set(procs.engines.map((e) => e.pid));
    const dead = new Set([...this.knownEngines(target)].filter(([, e]) => onThisHost(e.host) && !alive.has(e.pid)).map(([id]) => id));
    const since = this.deadSince.get(clusterKey(target)) ?? new Map<number, number>();
    for (const id of since.keys()) if (!dead.has(id)) since.delete(id);
    for (const id of dead) if (!since.has(id)) since.set(id, Date.now());
    this.deadSince.set(clusterKey(target), since);
    return dead;
  }

  /** When each dead engine id (see deadIds) was first seen without its process. */
  deadSinceById(target: ClusterTarget): ReadonlyMap<number, number> {
    return this.deadSince.get(clusterKey(target)) ?? new Map();
  }

  private forget(target: ClusterTarget): void {
    this.endResident(target);
    this.startupErrors.delete(clusterKey(target));
    this.enginesById.delete(clusterKey(target));
    this.deadSince.delete(clusterKey(target));
  }

  private clientFile(target: ClusterTarget): string {
    return clientFilePath(target.profileDir, clusterIdOf(target));
  }

  /**
   * Orphaned processes (`onlyPids`: those of them), orphaned Slurm jobs (`onlyJobs`: those of them) and
   * orphaned SSH engines (`onlyRemote`: of those hosts) end, verified.
   */
  killOrphans(target: ClusterTarget, onlyPids?: number[], onlyJobs?: string[], onlyRemote?: string[]): Promise<{ killed: ProfileProcess[]; report: KillReport; cancelledJobs: string[]; endedRemote: OrphanRemote[]; warnings: string[] }> {
    return this.exclusive(target, async () => {
      const procs = await this.processes(target);
      // Without an answer from squeue, the confirmed jobs are still tried (cancelJobs checks each and warns).
      const orphaned = await this.orphanJobs(target, procs).then((found) => found.map((j) => j.jobId), () => onlyJobs ?? []);
      const jobs = orphaned.filter((id) => !onlyJobs || onlyJobs.includes(id));
      const { cancelled: cancelledJobs, warnings } = await this.cancelJobs(target, jobs);
      const remote = (await this.orphanRemote(target, procs, { fresh: true })).filter((o) => !onlyRemote || onlyRemote.includes(o.host));
      const endedRemote: OrphanRemote[] = [];
      for (const clusterId of new Set(remote.map((o) => o.clusterId))) {
        // A host that could not be asked before is swept whole: what runs there is not known.
        const hosts = remote.filter((o) => o.clusterId === clusterId);
        const ended = hosts.some((o) => o.error)
          ? await this.endRemote({ ...target, clusterId }, clusterId, Timeouts.stopGraceMs)
          : await this.endRemote({ ...target, clusterId }, clusterId, Timeouts.stopGraceMs, { pidsOn: new Map(hosts.map((o) => [o.host, o.pids])) });
        endedRemote.push(...ended.ended.map((e) => ({ ...e, clusterId })));
        warnings.push(...ended.warnings);
      }
      const victims = procs.orphans.filter((o) => !onlyPids || onlyPids.includes(o.pid));
      if (victims.length) await this.archiveLogs(target);
      const report = await killTrees(victims, this.env.log, Timeouts.stopGraceMs);
      const after = await this.processes(target);
      const left = after.orphans.filter((p) => victims.some((o) => o.pid === p.pid));
      if (left.length) throw new UserError('command-failed', l10n.t('Orphans still running after SIGKILL: {0}', describeProcesses(left)));
      // A cluster file is the only record of where SSH engines run: those of dead clusters go only once every host answered and ended what it ran.
      this.removeDeadClusterFiles(target, after, warnings.length ? new Set() : new Set(this.clusterFiles(target).map((f) => clusterIdOfFile(f.file) ?? '')));
      this.remoteOrphanCache.clear();
      return { killed: victims, report, cancelledJobs, endedRemote, warnings };
    });
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
      const jobs = await this.cancelJobs(target, this.jobsOf(target));
      const clusterIds = new Set([...clusters.map((c) => c.clusterId), ...this.clusterFiles(target).map((f) => clusterIdOfFile(f.file) ?? '')]);
      const remote = await Promise.all([...clusterIds].map((id) => this.endRemote({ ...target, clusterId: id }, id)));
      const remoteWarnings = remote.flatMap((r) => r.warnings);
      // The profile (with its cluster files, the record of where engines run) stays while any could not be ended.
      if (remoteWarnings.length) throw new UserError('command-failed', l10n.t('The profile was not deleted: {0}', remoteWarnings.join('; ')));
      const stopped = await this.endProcesses(
        target,
        clusters.flatMap((c) => [c.controller, ...c.schedulers]),
        [...clusters.flatMap((c) => [...c.launchers, ...c.engines, ...c.nannies, ...c.standby]), ...procs.orphans],
        () => true,
      );
      removeProfileDirectory(recheckDeletable(confirmed, target.profileDir, target.workspaceFolder));
      this.env.log.info(`Deleted profile ${target.profileDir}`);
      return { ...stopped, warnings: [...jobs.warnings, ...stopped.warnings], cancelledJobs: jobs.cancelled };
    });
  }

  /** Evaluates a Python expression on every engine (diagnostics and tests), through the resident client. */
  async evaluateOnEngines(target: ClusterTarget, expression: string): Promise<Record<string, string>> {
    const python = await this.env.python(target);
    const controller = (await this.processes(target)).controller;
    if (!controller) throw new UserError('not-running', l10n.t('The cluster is not running.'));
    const request = { op: 'run', code: expression, timeout: Timeouts.evaluateTasksMs / 1000 } as const;
    const answer = await this.resident(python, target, controller.pid)
      .request(request, Timeouts.evaluateMs)
      .catch((error: unknown) => ({ error: String(error instanceof Error ? error.message : error), results: undefined }));
    if (!answer.results) throw new UserError('command-failed', l10n.t('Could not run code on the engines: {0}', answer.error ?? l10n.t('no results')));
    return answer.results;
  }

  /**
   * Runs ipcluster (start, or engines for a restart) and waits for the engines, while the process table is
   * watched from the first moment: a controller that never comes up, or one or engines that die while
   * booting, end the wait in seconds as a BootFailure. Undefined when ipcluster found the cluster running,
   * or when a restart's `decision` says the old engines must stay.
   */
  private async boot(python: PythonInfo, target: ClusterTarget, launchEngines: Launch, options: StartOptions, plan: BootPlan, wait?: EngineWait, decision?: Promise<number[] | undefined>): Promise<EngineRef[] | undefined> {
    const watching = new AbortController();
    const hopeless = this.watchBoot(target, plan, watching.signal);
    const cancelLaunch = new AbortController();
    try {
      const launching = launchEngines(anySignal(cancelLaunch.signal, options.signal));
      const early = await Promise.race([hopeless, launching.then(() => undefined)]);
      if (early) cancelLaunch.abort(); // e.g. ipcluster hangs when it cannot write its log
      const launch = await launching;
      if (early) throw new BootFailure(early, launch.stderr);
      if (launch.exitCode === 10 && plan.starting) return undefined;
      if (launch.exitCode !== 0) throw new BootFailure(ipclusterFailure(launch), launch.stderr);
      // A restart launches before it knows whether it may end the old engines: undefined means it may not.
      const oldIds = decision ? await decision : plan.oldIds;
      if (!oldIds) return undefined;
      return await this.waitForEngines(python, target, { ...plan, oldIds }, options, launch, hopeless, wait);
    } finally {
      // Before a failed boot's clean-up deletes the new connection files: its cause may quote their key.
      this.env.keys.learn(target.profileDir);
      watching.abort();
      // The jobs this boot's ipcluster submitted are ours, whatever a profile's batch template names them.
      for (const set of this.engineSets(target)) if (set.jobId && !plan.oldSets.includes(set.id)) this.submittedJobs.add(set.jobId);
    }
  }

  /**
   * Until the controller lists exactly `total` engines, none of them `oldIds`, each answers, and both a
   * direct view over all of them and a load-balanced view run code: what a user's Client sees next. A
   * startup file that raised on the fresh engines is a UserError after the wait: the cluster keeps running
   * so the user can fix the file and restart.
   */
  private async waitForEngines(
    python: PythonInfo,
    target: ClusterTarget,
    plan: BootPlan,
    options: StartOptions,
    launch: RunResult,
    hopeless: Promise<string | undefined>,
    opened?: EngineWait,
  ): Promise<EngineRef[]> {
    const total = plan.total();
    const timeoutMs = this.readyTimeoutMs(total, options);
    options.onProgress?.({ ready: 0, total });
    const wait = opened ?? this.openWait(python, target, total, options, plan.oldIds);
    wait.go(plan.oldIds, plan.keepIds);
    const reason = await Promise.race([hopeless, wait.outcome.then(() => undefined)]);
    if (reason) wait.stop();
    const outcome = await wait.outcome;
    if (reason) throw new BootFailure(reason, launch.stderr);
    const ready = outcome.messages.find((m) => m.ready);
    if (!ready?.ready) {
      if (options.signal?.aborted) throw new UserError('cancelled', l10n.t('Cancelled while waiting for engines; the cluster keeps starting in the background.'));
      const last = outcome.messages.filter((m) => m.registered !== undefined).pop();
      const seen = last?.registered ?? 0;
      const extra = last?.listed !== undefined && last.listed > total ? l10n.t('; the controller lists {0} engines', last.listed) : '';
      const why = outcome.error ? ` (${outcome.error})` : '';
      throw new UserError('timeout', l10n.t('Only {0} of {1} engines answered within {2} s{3}{4}.\n{5}', seen, total, Math.round(timeoutMs / 1000), extra, why, failureCause(target.profileDir, launch.stderr, this.env.keys)), outcome.stderr);
    }
    this.remember(target, ready.ready);
    options.onProgress?.({ ready: ready.ready.length, total });
    this.reportStartupErrors(target, ready.startupErrors ?? {});
    return ready.ready;
  }

  private readyTimeoutMs(total: number, options: StartOptions): number {
    return options.readyTimeoutMs ?? Timeouts.engineReadyBaseMs + Timeouts.engineReadyPerEngineMs * total;
  }

  /** A fresh cluster's wait for `total` engines to be ready (see waitForEngines): a helper of its own, as no resident client runs yet. */
  private openWait(python: PythonInfo, target: ClusterTarget, total: number, options: StartOptions, oldIds: number[]): EngineWait {
    const stopper = new AbortController();
    const args = helperArgs.wait(this.clientFile(target), total, oldIds, path.join(target.profileDir, 'startup'));
    this.env.onSpawn?.('helper wait');
    const outcome = runHelper(python.pythonPath, this.env.helperPath, args, this.env.log, {
      timeoutMs: this.readyTimeoutMs(total, options),
      signal: anySignal(stopper.signal, options.signal),
      onMessage: this.waitProgress(total, options),
    });
    return { outcome, status: new Promise(() => undefined), go: () => undefined, stop: () => stopper.abort() };
  }

  /**
   * A restart's wait through the resident client: it answers a status first (busy engines decide whether
   * the restart goes on), and waits for the fresh engines on `go`. Stopping it while it waits ends that
   * helper; the next request starts another.
   */
  private residentWait(resident: ResidentClient, target: ClusterTarget, total: number, options: StartOptions, dead: number[]): EngineWait {
    let settled = false;
    let waiting = false;
    let finish: (run: HelperRun) => void = () => undefined;
    const outcome = new Promise<HelperRun>((resolve) => (finish = resolve));
    const settle = (run: HelperRun) => {
      if (settled) return;
      settled = true;
      finish(run);
    };
    const failed = (error: unknown): HelperRun =>
      error instanceof ResidentError ? { messages: [], timedOut: error.timedOut, error: error.message, stderr: error.stderr } : { messages: [], timedOut: false, error: String(error), stderr: '' };
    const stop = () => {
      if (settled) return;
      if (waiting) resident.interrupt();
      settle({ messages: [], timedOut: false, error: l10n.t('stopped'), stderr: '' });
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    let gave: (status: HelperStatus) => void = () => undefined;
    const status = new Promise<HelperStatus>((resolve) => (gave = resolve));
    // Probes answer quickly or not at all here: the decision on busy engines waits for this.
    resident.request({ op: 'status', dead }, Timeouts.statusMs).then(
      (answer) => (answer.status ? gave(answer.status) : settle({ messages: [], timedOut: false, error: answer.error ?? l10n.t('no status in the answer'), stderr: '' })),
      (error: unknown) => settle(failed(error)),
    );
    const progress = this.waitProgress(total, options);
    return {
      outcome,
      status,
      go: (oldIds, keep = []) => {
        if (settled) return;
        waiting = true;
        const request = { op: 'wait', n: total, old: oldIds, keep, ghostGrace: Timeouts.restartGraceMs / 1000, startupDir: path.join(target.profileDir, 'startup') } as const;
        resident.request(request, this.readyTimeoutMs(total, options), progress).then(
          (answer) => settle({ messages: [answer], timedOut: false, error: answer.error, stderr: '' }),
          (error: unknown) => settle(failed(error)),
        );
      },
      stop,
    };
  }

  /** What a wait reports on its way: engines registered so far, and old ids it asked the controller to drop. */
  private waitProgress(total: number, options: StartOptions): (message: HelperMessage) => void {
    return (m) => {
      if (m.unregistered) this.env.log.info(`Asked the controller to drop engine id(s) ${m.unregistered.join(', ')}: their nannies died with them`);
      if (m.registered !== undefined) options.onProgress?.({ ready: m.registered, total });
    };
  }

  /**
   * Resolves with why waiting for engines is pointless (the controller is gone, or the engine processes of
   * this start exited), checking the process table twice a second until `signal` aborts.
   */
  private async watchBoot(target: ClusterTarget, plan: BootPlan, signal: AbortSignal): Promise<string | undefined> {
    const started = Date.now();
    const seen = new Set<number>();
    let controllerSeen = false;
    // The nodes each Slurm job of this boot was seen running on (said when it ends early).
    const jobNodes = new Map<string, string>();
    while (!signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, Timeouts.bootPollMs));
      if (signal.aborted) break;
      const procs = await this.processes(target);
      if (procs.controller) controllerSeen = true;
      else if (controllerSeen) return l10n.t('the controller exited');
      else if (Date.now() - started > Timeouts.controllerAppearMs) return l10n.t('no controller was running {0} s after ipcluster returned', Math.round(Timeouts.controllerAppearMs / 1000));
      // Engines of a batch job or of mpiexec may run on other machines: their job or mpiexec is watched instead.
      if (plan.launcher !== 'local') {
        const why = await this.batchProblem(target, plan, started, jobNodes);
        if (why) return why;
        continue;
      }
      const alive = procs.engines.filter((e) => !plan.oldEngines.has(e.pid));
      const total = plan.total();
      alive.forEach((e) => seen.add(e.pid));
      const exited = [...seen].filter((pid) => !alive.some((e) => e.pid === pid)).length;
      // All of them gone, or so many that N can no longer answer.
      if (exited && (!alive.length || (seen.size >= total && alive.length < total))) return l10n.t('{0} of {1} engine process(es) exited while starting', exited, seen.size);
      if (!seen.size && Date.now() - started > Timeouts.enginesAppearMs) return l10n.t('no engine process was running {0} s after ipcluster returned', Math.round(Timeouts.enginesAppearMs / 1000));
    }
    return undefined;
  }

  /**
   * Why a non-local engine set will not bring its engines: a Slurm job that left the queue, pends for a
   * reason waiting does not cure, or pends past Timeouts.slurmPendingMs (the reason is said); an mpiexec
   * that exited.
   */
  private async batchProblem(target: ClusterTarget, plan: BootPlan, started: number, jobNodes: Map<string, string>): Promise<string | undefined> {
    // Sets recorded before this boot are the old engines' (an ended one stays in the file): only new ones are watched.
    const fresh = this.engineSets(target).filter((s) => !plan.oldSets.includes(s.id));
    if (!fresh.length) {
      return Date.now() - started > Timeouts.enginesAppearMs ? l10n.t('ipcluster recorded no engine set {0} s after it returned', Math.round(Timeouts.enginesAppearMs / 1000)) : undefined;
    }
    if (plan.launcher === 'slurm') {
      const queue = await slurmQueue(this.env.log);
      for (const set of fresh.filter((s) => s.jobId)) {
        const job = queue.get(set.jobId!);
        if (job) {
          if (job.nodes) jobNodes.set(set.jobId!, job.nodes);
        } else {
          return this.jobEndedEarly(target, set.jobId!, jobNodes.get(set.jobId!));
        }
        if (job.state === 'PENDING' && HOPELESS_PENDING.test(job.reason)) return l10n.t('Slurm job {0} cannot run: it pends with Reason={1}', set.jobId!, job.reason);
        if (job.state === 'PENDING' && Date.now() - started > Timeouts.slurmPendingMs) return l10n.t('Slurm job {0} still pends after {1} s (Reason={2})', set.jobId!, Math.round(Timeouts.slurmPendingMs / 1000), job.reason);
      }
    } else {
      const gone = fresh.find((s) => s.pid && !isAlive(s.pid));
      if (gone) return l10n.t('the {0} launcher (pid {1}) exited while its engines were starting', gone.kind, gone.pid!);
    }
    return undefined;
  }

  /** Why a Slurm job that ended before its engines registered did so: where its engines ran and what they tried to reach. */
  private jobEndedEarly(target: ClusterTarget, jobId: string, nodes: string | undefined): string {
    const tried = registrationAddress(target.profileDir);
    const loopback = tried && /\/\/(127\.|localhost|\[::1\])/.test(tried);
    return [
      l10n.t('Slurm job {0} ended before its engines registered', jobId),
      nodes ? l10n.t('its engines ran on {0}', nodes) : undefined,
      tried ? l10n.t('they tried to register at {0}', tried) : undefined,
      loopback ? l10n.t('a loopback address, which on a compute host is that host\'s own: the controller must listen where they can reach it (ippEngines.controller.ip, or the profile\'s controller_ip and controller_location)') : undefined,
      l10n.t('their output is in the profile\'s log folder'),
    ].filter(Boolean).join('; ');
  }

  /** Startup files that raised on fresh engines: kept for the tree, and said as an error naming file, line and cause. */
  private reportStartupErrors(target: ClusterTarget, errors: Record<string, StartupError>): void {
    const reports = Object.values(errors);
    if (!reports.length) {
      this.startupErrors.delete(clusterKey(target));
      return;
    }
    const first = reports[0];
    const startupDir = path.join(target.profileDir, 'startup');
    const failed = (first.file ? path.basename(first.file) : l10n.t('a startup file')) + lineOf(first.line);
    const later = listStartupFiles(startupDir).filter((f) => first.file && path.basename(f) > path.basename(first.file));
    const where = first.where && first.where !== `${first.file}:${first.line}` ? l10n.t(' (raised at {0})', first.where) : '';
    const skipped = later.length ? l10n.t(' IPython skipped the startup files after it: {0}.', later.map((f) => path.basename(f)).join(', ')) : '';
    const engines = this.knownEngines(target).size || reports.length;
    const message = l10n.t(
      'Engines started with errors: startup file {0} failed on {1} of {2} engine(s): {3}{4}.{5} The cluster keeps running: fix the file and restart the engines.',
      failed,
      reports.length,
      engines,
      first.error,
      where,
      skipped,
    );
    this.startupErrors.set(clusterKey(target), message);
    this.env.log.error(`${message}\n${first.traceback}`);
    throw new UserError('startup-failed', message, first.traceback);
  }

  /** What the fresh engines' startup files reported, until the next start, restart or stop. */
  startupError(target: ClusterTarget): string | undefined {
    return this.startupErrors.get(clusterKey(target));
  }

  /**
   * Engines run the profile's startup copies: a syntax error in one is reported before anything starts.
   * A running cluster's resident client compiles them; before a start, a helper of its own does.
   */
  private async checkStartupSyntax(python: PythonInfo, target: ClusterTarget, resident?: ResidentClient): Promise<void> {
    const files = listStartupFiles(path.join(target.profileDir, 'startup'));
    if (!files.length) return;
    let answer: { syntax?: HelperMessage['syntax']; error?: string; stderr?: string };
    if (resident) {
      answer = await resident.request({ op: 'check-syntax', files }, Timeouts.statusMs).catch((error: ResidentError) => ({ error: error.message, stderr: error.stderr }));
    } else {
      this.env.onSpawn?.('helper check-syntax');
      // A Python start of its own, as cold as the probe's (and IPython's import, for a .ipy file).
      const outcome = await runHelper(python.pythonPath, this.env.helperPath, helperArgs.checkSyntax(files), this.env.log, { timeoutMs: Timeouts.pythonProbeMs });
      answer = { syntax: outcome.messages.find((m) => m.syntax)?.syntax, error: outcome.error, stderr: outcome.stderr };
    }
    const problems = answer.syntax;
    if (!problems) throw new UserError('command-failed', l10n.t('Could not check the startup files: {0}. Nothing was started.', answer.error ?? l10n.t('no answer')), answer.stderr);
    if (problems.length) {
      const list = problems.map((p) => `${p.file}${lineOf(p.line)}: ${p.error}`).join('; ');
      throw new UserError('startup-failed', l10n.t('Startup file {0}. Engines run every file in {1}; fix it (or its source in the workspace, then let it be copied). Nothing was started.', list, path.dirname(problems[0].file)));
    }
  }

  private remember(target: ClusterTarget, engines: EngineRef[]): void {
    const map = this.enginesById.get(clusterKey(target)) ?? new Map<number, KnownEngine>();
    for (const e of engines) map.set(e.id, { pid: e.pid, host: e.host ?? null, startedAt: typeof e.started === 'number' ? Math.round(e.started * 1000) : null });
    this.enginesById.set(clusterKey(target), map);
  }

  private requireProfile(target: ClusterTarget): void {
    if (!fs.existsSync(target.profileDir)) {
      throw new UserError('no-profile', l10n.t('No profile at {0}. Create it first (IPP: Create Profile).', target.profileDir));
    }
    if (!looksLikeProfile(target.profileDir)) {
      throw new UserError('not-a-profile', l10n.t('{0} is not an IPython parallel profile (no ipcluster_config.py or security/).', target.profileDir));
    }
  }

  /**
   * The connection files a controller of this cluster left when it was killed (it removes them when it
   * exits cleanly), removed before a start: engines that a batch system starts elsewhere at once read the
   * old file before the new controller rewrites it, and wait in vain on the old ports. A profile that
   * reuses its files (`reuse_files`) keeps them: its controller reads them for its ports and key.
   */
  private removeStaleConnectionFiles(target: ClusterTarget): string[] {
    if (/^[ \t]*c\.IPController\.reuse_files[ \t]*=[ \t]*True/m.test(readProfileText(path.join(target.profileDir, 'ipcontroller_config.py')) ?? '')) return [];
    const files = [this.clientFile(target), this.clientFile(target).replace(/-client\.json$/, '-engine.json')];
    return files.flatMap((file) => this.removeFile(file, 'stale connection file'));
  }

  /** Removes one of the profile's files (a symlink itself, never what it points to); a failure is returned as a warning. */
  private removeFile(file: string, what: string): string[] {
    if (!fs.existsSync(file) && !isSymlink(file)) return [];
    this.env.log.info(`Removing ${what} ${file}`);
    try {
      fs.rmSync(file, { force: true });
      return [];
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? String(error);
      this.env.log.warn(`Could not remove ${file}: ${why}`);
      return [l10n.t('could not remove {0} ({1}); remove it before the next start', file, why)];
    }
  }

  /**
   * ipcluster refuses to start (exit 10) while a cluster file names a dead cluster: remove the files of
   * cluster ids with no process left; another cluster's file stays. A file that cannot be removed (an
   * unwritable profile) is returned as a warning: the processes are gone all the same.
   */
  private removeDeadClusterFiles(target: ClusterTarget, procs: ProfileProcesses, remoteEnded: ReadonlySet<string> = new Set()): string[] {
    const running = new Set(procs.all.map((p) => p.clusterId));
    // A file that records SSH engines is the only record of where they run: it goes once they were ended.
    const recordsSsh = new Set(this.clusterFiles(target).filter((f) => f.engineSets.some((s) => s.kind === 'ssh')).map((f) => f.file));
    return clusterFilePaths(target.profileDir).flatMap((file) => {
      const id = clusterIdOfFile(file);
      if (id === undefined || running.has(id) || (recordsSsh.has(file) && !remoteEnded.has(id))) return [];
      return this.removeFile(file, 'stale cluster file');
    });
  }
}

/** A start or restart that cannot succeed: its engines or controller died while booting. */
class BootFailure extends Error {
  constructor(
    message: string,
    /** What ipcluster printed: part of the cause. */
    readonly output: string,
  ) {
    super(message);
  }
}

/** A helper waiting for engines (see openWait). */
interface EngineWait {
  outcome: Promise<HelperRun>;
  /** A restart's: the status it answers first (a start's never resolves). */
  status: Promise<HelperStatus>;
  /** A restart's: start waiting, for engines other than these old ids, beside the kept ones (a start's waits at once). */
  go(oldIds: number[], keep?: number[]): void;
  /** Ends the helper (a declined restart, a failure); harmless once it has finished. */
  stop(): void;
}

/** Launches engines (ipcluster, or activating standby engines) and returns when that program did. */
type Launch = (signal: AbortSignal | undefined) => Promise<RunResult>;

/** What a boot waits for: how many engines, and which ids and pids belong to the engines being replaced. */
interface BootPlan {
  /** A start: ipcluster's exit 10 means it found the cluster running already. */
  starting?: boolean;
  total: () => number;
  oldIds: number[];
  oldEngines: Set<number>;
  /** Engines that stay registered beside the fresh ones (a scale up): counted, not probed. */
  keepIds?: number[];
  /** The engine launcher's kind (local, mpi, slurm, …): what the boot watches. */
  launcher: string;
  /** Ids of the engine sets in the cluster file before this boot: the boot watches only the sets it added. */
  oldSets: string[];}

/** Seconds since `started` (performance.now()), as messages give them: "12.3". */
function seconds(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

/** " line 3" after a startup file's name, when the line is known. */
function lineOf(line: number | null | undefined): string {
  return line ? l10n.t(' line {0}', line) : '';
}

/** Why ipcluster itself failed: it did not return, or exited with a code or a signal. */
function ipclusterFailure(launch: RunResult): string {
  if (launch.timedOut) return l10n.t('ipcluster did not return');
  return launch.exitCode === undefined ? l10n.t('ipcluster exited with a signal') : l10n.t('ipcluster exited with {0}', launch.exitCode);
}

function anySignal(own: AbortSignal, caller?: AbortSignal): AbortSignal {
  return caller ? AbortSignal.any([own, caller]) : own;
}

/** The startup files engines run, in the order IPython runs them. */
function listStartupFiles(dir: string): string[] {
  return readDirectory(dir).filter((n) => n.endsWith('.py') || n.endsWith('.ipy')).sort().map((n) => path.join(dir, n));
}

/** The path with every symlink resolved (a profile on NFS is often reached through one); itself where that fails. */
function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The names in a directory; none when it cannot be read. */
function readDirectory(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** What `work` returns, or `fallback` where it throws. */
function tryOr<T>(work: () => T, fallback: T): T {
  try {
    return work();
  } catch {
    return fallback;
  }
}
