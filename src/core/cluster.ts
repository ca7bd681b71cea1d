import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientFilePath, clusterFilePaths, readClusterFiles, validateClientFile } from './clusterFiles';
import { UserError } from './errors';
import { runHelper, type HelperStatus } from './helper';
import { killTrees, type KillReport } from './kill';
import type { Logger } from './log';
import { KeyedMutex } from './mutex';
import { listOwnProcesses, matchProfileProcesses, type ProcessRecord, type ProfileProcess, type ProfileProcesses } from './processes';
import { withProfileLock } from './profileLock';
import { checkDeletable, looksLikeProfile, removeProfileDirectory } from './profile';
import type { PythonInfo } from './python';
import { run } from './run';

/** One cluster: a profile directory and the workspace folder its engines run in. */
export interface ClusterTarget {
  profileDir: string;
  workspaceFolder: string;
}

export interface ClusterEnvironment {
  /** The interpreter that drives a target's cluster. */
  python: (target: ClusterTarget) => Promise<PythonInfo>;
  helperPath: string;
  log: Logger;
  /** The process table; injectable so benchmarks and tests can count scans. */
  listProcesses?: () => Promise<ProcessRecord[]>;
  /** Called before anything that makes ipcluster delete its logs (stop, restart, delete). */
  beforeLogsRemoved?: (target: ClusterTarget) => Promise<void> | void;
  /** Called after each helper or ipcluster spawn, with what was run (tests count spawns through this). */
  onSpawn?: (what: string) => void;
}

export interface ProgressReport {
  ready: number;
  total: number;
}

export interface EngineRef {
  id: number;
  pid: number;
}

export interface StartResult {
  alreadyRunning: boolean;
  engines: EngineRef[];
  durationMs: number;
}

export interface StopResult {
  wasRunning: boolean;
  stopped: ProfileProcess[];
  report: KillReport;
  durationMs: number;
}

export interface StatusReport {
  controllerAlive: boolean;
  controllerPid?: number;
  engines: HelperStatus['engines'];
  /** Engine processes seen in the process table (registered or not). */
  engineProcesses: number;
  durationMs: number;
}

export type RestartResult =
  | { kind: 'restarted'; oldEngines: number[]; engines: EngineRef[]; controllerPid: number; durationMs: number }
  | { kind: 'busy'; busyEngines: number[]; tasksInFlight: number };

export interface StartOptions {
  engineCount?: number;
  signal?: AbortSignal;
  onProgress?: (p: ProgressReport) => void;
  readyTimeoutMs?: number;
}

const STOP_GRACE_MS = 2000;
const STATUS_TIMEOUT_MS = 4000;

/**
 * Start, stop, restart, status and clean-up of ipyparallel clusters, serialised per profile. ipcluster's own
 * bookkeeping is a hint; the process table decides what runs, and every destructive step is verified there.
 */
export class ClusterControl {
  private readonly mutex = new KeyedMutex();
  /** Engine id → pid, learnt from probes: busy engines cannot tell us their pid. */
  private readonly pidsById = new Map<string, Map<number, number>>();
  /** Ids of engines we replaced: the controller lists them until their heartbeats time out (~30 s). */
  private readonly retiredIds = new Map<string, Set<number>>();
  /** Engine count of the last start or restart, so a restart brings back N after an engine died. */
  private readonly requested = new Map<string, number>();

  constructor(private readonly env: ClusterEnvironment) {}

  /** One operation at a time per profile: in this process (mutex) and across windows (lock file). */
  private exclusive<T>(target: ClusterTarget, work: () => Promise<T>): Promise<T> {
    return this.mutex.run(target.profileDir, () => withProfileLock(target.profileDir, work));
  }

  /** True while a start, stop or restart of this profile is running. */
  isBusy(target: ClusterTarget): boolean {
    return this.mutex.isBusy(target.profileDir);
  }

  knownPids(target: ClusterTarget): ReadonlyMap<number, number> {
    return this.pidsById.get(target.profileDir) ?? new Map();
  }

  async processes(target: ClusterTarget): Promise<ProfileProcesses> {
    const table = await (this.env.listProcesses ?? listOwnProcesses)();
    const hints = readClusterFiles(target.profileDir).flatMap((f) => (f.controllerPid ? [f.controllerPid] : []));
    return matchProfileProcesses(table, target.profileDir, { uid: process.getuid?.(), controllerPidHints: hints });
  }

  start(target: ClusterTarget, options: StartOptions = {}): Promise<StartResult> {
    return this.exclusive(target, async () => {
      const started = performance.now();
      const python = await this.env.python(target);
      this.requireProfile(target);
      const procs = await this.processes(target);
      if (procs.controller) {
        this.env.log.info(`Cluster already running (controller ${procs.controller.pid})`);
        return { alreadyRunning: true, engines: [], durationMs: Math.round(performance.now() - started) };
      }
      if (procs.orphans.length) {
        throw new UserError('refused', `${procs.orphans.length} orphaned process(es) of this profile are still running (pids ${procs.orphans.map((p) => p.pid).join(', ')}). Kill the orphans first.`);
      }
      this.removeStaleClusterFiles(target);
      await this.archiveLogs(target); // --clean-logs removes the last run's logs, maybe of a crash
      const args = ['-m', 'ipyparallel.cluster', 'start', `--profile-dir=${target.profileDir}`, '--daemonize', '--clean-logs=True'];
      if (options.engineCount) args.push(`-n`, String(options.engineCount));
      this.env.onSpawn?.('ipcluster start');
      const result = await run(python.pythonPath, args, this.env.log, { cwd: target.workspaceFolder, timeoutMs: 60_000, signal: options.signal });
      if (result.exitCode === 10) {
        return { alreadyRunning: true, engines: [], durationMs: Math.round(performance.now() - started) };
      }
      if (result.exitCode !== 0) {
        throw new UserError('command-failed', `ipcluster start failed (exit ${result.exitCode ?? 'none'}): ${lastLines(result.stderr, 3)}`, result.stderr);
      }
      const total = options.engineCount ?? readClusterFiles(target.profileDir)[0]?.requestedEngines ?? 1;
      this.forget(target);
      this.requested.set(target.profileDir, total);
      const engines = await this.waitForEngines(python, target, total, [], options);
      return { alreadyRunning: false, engines, durationMs: Math.round(performance.now() - started) };
    });
  }

  stop(target: ClusterTarget): Promise<StopResult> {
    return this.exclusive(target, () => this.stopUnlocked(target));
  }

  private async stopUnlocked(target: ClusterTarget): Promise<StopResult> {
    const started = performance.now();
    const procs = await this.processes(target);
    const victims = procs.all.filter((p) => p.role !== 'ipcluster');
    if (victims.length) await this.archiveLogs(target);
    // Signal every tree directly: ipcluster stop waits out its own grace periods (6-10 s) and trusts a
    // cluster file that `ipcluster engines` may have rewritten.
    const report = await killTrees(victims.map((p) => p.pid), this.env.log, STOP_GRACE_MS);
    const left = (await this.processes(target)).all.filter((p) => p.role !== 'ipcluster');
    if (left.length) {
      throw new UserError('command-failed', `Processes of this profile are still running after SIGKILL: ${left.map((p) => p.pid).join(', ')}`);
    }
    this.removeStaleClusterFiles(target);
    this.forget(target);
    this.env.log.info(`Stopped ${victims.length} process(es) in ${Math.round(performance.now() - started)} ms`);
    return { wasRunning: victims.length > 0, stopped: victims, report, durationMs: Math.round(performance.now() - started) };
  }

  /** New engine processes (with the current code) against the running controller; old ones are ended. */
  restartEngines(target: ClusterTarget, options: StartOptions & { allowBusy?: boolean } = {}): Promise<RestartResult> {
    return this.exclusive(target, async () => {
      const started = performance.now();
      const python = await this.env.python(target);
      const procs = await this.processes(target);
      if (!procs.controller) throw new UserError('command-failed', 'The cluster is not running: start it instead.');
      const status = await this.statusUnlocked(python, target, procs);
      const dead = this.deadIds(target, procs);
      const busy = status.engines.filter((e) => (e.queue > 0 || e.tasks > 0) && !dead.has(e.id));
      if (busy.length && !options.allowBusy) {
        return { kind: 'busy', busyEngines: busy.map((e) => e.id), tasksInFlight: busy.reduce((n, e) => n + e.queue + e.tasks, 0) };
      }
      const total = options.engineCount ?? this.requested.get(target.profileDir) ?? Math.max(procs.engines.length, 1);
      this.requested.set(target.profileDir, total);
      const oldIds = status.engines.map((e) => e.id);
      await this.archiveLogs(target);
      // End the old engines while the new ones boot: on a small machine they compete for the same cores.
      const killing = killTrees(procs.engines.map((p) => p.pid), this.env.log, 1000);
      this.env.onSpawn?.('ipcluster engines');
      const launch = await run(
        python.pythonPath,
        ['-m', 'ipyparallel.cluster', 'engines', `--profile-dir=${target.profileDir}`, '-n', String(total), '--daemonize'],
        this.env.log,
        { cwd: target.workspaceFolder, timeoutMs: 60_000, signal: options.signal },
      );
      await killing;
      if (launch.exitCode !== 0) {
        throw new UserError('command-failed', `ipcluster engines failed (exit ${launch.exitCode ?? 'none'}): ${lastLines(launch.stderr, 3)}`, launch.stderr);
      }
      const retired = this.retiredIds.get(target.profileDir) ?? new Set<number>();
      for (const id of oldIds) retired.add(id);
      this.retiredIds.set(target.profileDir, retired);
      const engines = await this.waitForEngines(python, target, total, [...retired], options);
      return { kind: 'restarted', oldEngines: oldIds, engines, controllerPid: procs.controller.pid, durationMs: Math.round(performance.now() - started) };
    });
  }

  /** Never blocks on busy engines: only idle ones are probed, and the helper has a hard timeout. */
  async status(target: ClusterTarget): Promise<StatusReport> {
    const python = await this.env.python(target);
    return this.statusUnlocked(python, target, await this.processes(target));
  }

  private async statusUnlocked(python: PythonInfo, target: ClusterTarget, procs: ProfileProcesses): Promise<StatusReport> {
    const started = performance.now();
    const base = { engineProcesses: procs.engines.length, controllerPid: procs.controller?.pid };
    if (!procs.controller) return { ...base, controllerAlive: false, engines: [], durationMs: 0 };
    const clientFile = clientFilePath(target.profileDir);
    if (fs.existsSync(clientFile)) validateClientFile(fs.readFileSync(clientFile, 'utf8'), clientFile);
    const retired = this.retiredIds.get(target.profileDir) ?? new Set<number>();
    const skip = [...retired, ...this.deadIds(target, procs)];
    this.env.onSpawn?.('helper status');
    const outcome = await runHelper(
      python.pythonPath,
      this.env.helperPath,
      ['--connect-timeout', '2', '--probe-timeout', '0.5', 'status', target.profileDir, '--skip', skip.join(',')],
      this.env.log,
      { timeoutMs: STATUS_TIMEOUT_MS },
    );
    const status = outcome.messages.find((m) => m.status)?.status;
    if (!status) {
      const why = outcome.timedOut ? `no answer within ${STATUS_TIMEOUT_MS / 1000} s` : outcome.error ?? 'no output';
      throw new UserError('timeout', `The controller did not answer the status request (${why}).`, outcome.stderr);
    }
    this.remember(target, status.engines.flatMap((e) => (e.pid ? [{ id: e.id, pid: e.pid }] : [])));
    const engines = status.engines.filter((e) => !retired.has(e.id));
    return { ...base, controllerAlive: true, engines, durationMs: Math.round(performance.now() - started) };
  }

  /** Registered engine ids whose process we know and which is gone (killed, crashed). */
  private deadIds(target: ClusterTarget, procs: ProfileProcesses): Set<number> {
    const alive = new Set(procs.engines.map((e) => e.pid));
    return new Set([...this.knownPids(target)].filter(([, pid]) => !alive.has(pid)).map(([id]) => id));
  }

  private forget(target: ClusterTarget): void {
    this.pidsById.delete(target.profileDir);
    this.retiredIds.delete(target.profileDir);
  }

  /** Kills orphans of the profile; with `onlyPids`, only those the user confirmed (and still orphans). */
  killOrphans(target: ClusterTarget, onlyPids?: number[]): Promise<{ killed: ProfileProcess[]; report: KillReport }> {
    return this.exclusive(target, async () => {
      const procs = await this.processes(target);
      const victims = procs.orphans.filter((o) => !onlyPids || onlyPids.includes(o.pid));
      if (victims.length) await this.archiveLogs(target);
      const report = await killTrees(victims.map((p) => p.pid), this.env.log, STOP_GRACE_MS);
      const after = await this.processes(target);
      const left = after.orphans.filter((p) => victims.some((o) => o.pid === p.pid));
      if (left.length) throw new UserError('command-failed', `Orphans still running after SIGKILL: ${left.map((p) => p.pid).join(', ')}`);
      if (!after.all.length) this.removeStaleClusterFiles(target);
      return { killed: victims, report };
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

  /** Stops everything of the profile, then removes the directory; the caller has confirmed. */
  deleteProfile(target: ClusterTarget): Promise<StopResult> {
    checkDeletable(target.profileDir, target.workspaceFolder);
    return this.exclusive(target, async () => {
      const real = checkDeletable(target.profileDir, target.workspaceFolder);
      const stopped = await this.stopUnlocked(target);
      removeProfileDirectory(real);
      this.env.log.info(`Deleted profile ${target.profileDir}`);
      return stopped;
    });
  }

  /** Evaluates a Python expression on every engine (diagnostics and tests). */
  async evaluateOnEngines(target: ClusterTarget, expression: string): Promise<Record<string, string>> {
    const python = await this.env.python(target);
    const outcome = await runHelper(python.pythonPath, this.env.helperPath, ['--probe-timeout', '30', 'run', target.profileDir, expression], this.env.log, { timeoutMs: 40_000 });
    const results = outcome.messages.find((m) => m.results)?.results;
    if (!results) throw new UserError('command-failed', `Could not run code on the engines: ${outcome.error ?? 'timeout'}`);
    return results;
  }

  private async waitForEngines(python: PythonInfo, target: ClusterTarget, total: number, excludeIds: number[], options: StartOptions): Promise<EngineRef[]> {
    const timeoutMs = options.readyTimeoutMs ?? 60_000 + 3_000 * total;
    options.onProgress?.({ ready: 0, total });
    this.env.onSpawn?.('helper wait');
    const outcome = await runHelper(
      python.pythonPath,
      this.env.helperPath,
      ['--connect-timeout', '20', 'wait', target.profileDir, String(total), '--exclude', excludeIds.join(',')],
      this.env.log,
      { timeoutMs, signal: options.signal, onMessage: (m) => m.registered !== undefined && options.onProgress?.({ ready: m.registered, total }) },
    );
    const ready = outcome.messages.find((m) => m.ready)?.ready;
    if (!ready) {
      if (options.signal?.aborted) throw new UserError('timeout', 'Cancelled while waiting for engines; the cluster keeps starting in the background.');
      const seen = outcome.messages.filter((m) => m.registered !== undefined).pop()?.registered ?? 0;
      throw new UserError('timeout', `Only ${seen} of ${total} engines answered within ${Math.round(timeoutMs / 1000)} s. Last engine log lines:\n${this.engineLogTail(target)}`, outcome.stderr);
    }
    this.remember(target, ready);
    options.onProgress?.({ ready: ready.length, total });
    return ready;
  }

  private remember(target: ClusterTarget, engines: EngineRef[]): void {
    const map = this.pidsById.get(target.profileDir) ?? new Map<number, number>();
    for (const e of engines) map.set(e.id, e.pid);
    this.pidsById.set(target.profileDir, map);
  }

  private requireProfile(target: ClusterTarget): void {
    if (!fs.existsSync(target.profileDir)) {
      throw new UserError('no-profile', `No profile at ${target.profileDir}. Create it first (IPP: Create Profile).`);
    }
    if (!looksLikeProfile(target.profileDir)) {
      throw new UserError('not-a-profile', `${target.profileDir} is not an IPython parallel profile (no ipcluster_config.py or security/).`);
    }
  }

  /** ipcluster refuses to start (exit 10) while a cluster file names a dead cluster; only called when none of its processes run. */
  private removeStaleClusterFiles(target: ClusterTarget): void {
    for (const file of clusterFilePaths(target.profileDir)) {
      this.env.log.info(`Removing stale cluster file ${file}`);
      fs.rmSync(file, { force: true });
    }
  }

  private engineLogTail(target: ClusterTarget): string {
    const logDir = path.join(target.profileDir, 'log');
    try {
      const newest = fs
        .readdirSync(logDir)
        .filter((f) => f.startsWith('ipengine'))
        .map((f) => path.join(logDir, f))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
      return newest ? lastLines(fs.readFileSync(newest, 'utf8'), 5) : '(no engine log)';
    } catch {
      return '(no engine log)';
    }
  }
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}
