// Booting engines and waiting until they answer: ipcluster (or the warm process) launches them, a helper
// waits for the controller to list exactly the fresh ones, and the process table is watched meanwhile so
// that a boot that cannot succeed ends in seconds.
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import type { BatchJobs } from './batchJobs';
import { clusterIdOf, type ClusterRecords } from './clusterRecord';
import type { ClusterTarget, EngineRef, StartOptions } from './clusterTypes';
import { UserError } from './errors';
import { runHelper, type HelperMessage, type HelperRun, type HelperStatus } from './helper';
import { clientFilePath, helperArgs, Timeouts } from './ipyparallel';
import type { KeyRing } from './keyRing';
import { launcherArgsOf } from './launchChecks';
import type { Logger } from './log';
import { failureCause } from './logTail';
import type { ProfileProcesses } from './processRoles';
import type { PythonInfo } from './python';
import { ResidentError, type ResidentClient } from './residentClient';
import { run, type RunResult } from './run';
import { startupFailure } from './startupChecks';
import { deferred, inSeconds } from './timing';

/** Launches engines (ipcluster, or forking them from the warm process) and returns when that program did. */
export type Launch = (signal: AbortSignal | undefined) => Promise<RunResult>;

/** What a boot waits for: how many engines, and which ids and pids belong to the engines being replaced. */
export interface BootPlan {
  /** A start: ipcluster's exit 10 means it found the cluster running already. */
  starting?: boolean;
  total: () => number;
  oldIds: number[];
  oldEngines: ReadonlySet<number>;
  /** Engines that stay registered beside the fresh ones (a scale up): counted, not probed. */
  keepIds?: number[];
  /** The engine launcher's kind (local, mpi, slurm, …): what the boot watches. */
  launcher: string;
  /** Ids of the engine sets in the cluster file before this boot: the boot watches only the sets it added. */
  oldSets: string[];
}

/** A helper waiting for engines (see EngineBoot.openWait and residentWait). */
export interface EngineWait {
  outcome: Promise<HelperRun>;
  /** A restart's: the status it answers first (a start's never resolves). */
  status: Promise<HelperStatus>;
  /** A restart's: start waiting, for engines other than these old ids, beside the kept ones (a start's waits at once). */
  go(oldIds: number[], keep?: number[]): void;
  /** Ends the helper (a declined restart, a failure); harmless once it has finished. */
  stop(): void;
}

/** A start or restart that cannot succeed: its engines or controller died while booting. */
export class BootFailure extends Error {
  constructor(
    message: string,
    /** What ipcluster printed: part of the cause. */
    readonly output: string,
  ) {
    super(message);
  }
}

export interface BootPorts {
  helperPath: string;
  log: Logger;
  keys: KeyRing;
  onSpawn?: (what: string) => void;
  records: ClusterRecords;
  jobs: BatchJobs;
  /** The profile's processes now (see ClusterControl.processes). */
  processes: (target: ClusterTarget) => Promise<ProfileProcesses>;
}

export class EngineBoot {
  constructor(private readonly ports: BootPorts) {}

  /** `ipcluster <subcommand>` (see ipclusterArgs) with the target's launcher options, run in its folder. */
  ipcluster(python: PythonInfo, target: ClusterTarget, args: string[]): Launch {
    return (signal) => {
      this.ports.onSpawn?.(`ipcluster ${args[2]}`);
      return run(python.pythonPath, [...args, ...launcherArgsOf(target, python.pythonPath)], this.ports.log, {
        cwd: target.workspaceFolder,
        timeoutMs: Timeouts.ipclusterMs,
        signal,
      });
    };
  }

  /**
   * Runs the launch (ipcluster start, or engines for a restart) and waits for the engines, while the process
   * table is watched from the first moment: a controller that never comes up, or one or engines that die
   * while booting, end the wait in seconds as a BootFailure. Undefined when ipcluster found the cluster
   * running, or when a restart's `decision` says the old engines must stay.
   */
  async boot(
    python: PythonInfo,
    target: ClusterTarget,
    launchEngines: Launch,
    options: StartOptions,
    plan: BootPlan,
    wait?: EngineWait,
    decision?: Promise<number[] | undefined>,
  ): Promise<EngineRef[] | undefined> {
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
      this.ports.keys.learn(target.profileDir);
      watching.abort();
      this.ports.jobs.noteSubmitted(target, plan.oldSets);
    }
  }

  /** A fresh cluster's wait for `total` engines to be ready (see waitForEngines): a helper of its own, as no resident client runs yet. */
  openWait(python: PythonInfo, target: ClusterTarget, total: number, options: StartOptions, oldIds: number[]): EngineWait {
    const stopper = new AbortController();
    const args = helperArgs.wait(clientFilePath(target.profileDir, clusterIdOf(target)), total, oldIds, path.join(target.profileDir, 'startup'));
    this.ports.onSpawn?.('helper wait');
    const outcome = runHelper(python.pythonPath, this.ports.helperPath, args, this.ports.log, {
      timeoutMs: readyTimeoutMs(total, options),
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
  residentWait(resident: ResidentClient, target: ClusterTarget, total: number, options: StartOptions, dead: number[]): EngineWait {
    let settled = false;
    let waiting = false;
    const outcome = deferred<HelperRun>();
    const settle = (run: HelperRun) => {
      if (settled) return;
      settled = true;
      outcome.resolve(run);
    };
    const failed = (error: unknown): HelperRun =>
      error instanceof ResidentError
        ? { messages: [], timedOut: error.timedOut, error: error.message, stderr: error.stderr }
        : { messages: [], timedOut: false, error: String(error), stderr: '' };
    const stop = () => {
      if (settled) return;
      if (waiting) resident.interrupt();
      settle({ messages: [], timedOut: false, error: l10n.t('stopped'), stderr: '' });
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    const status = deferred<HelperStatus>();
    // Probes answer quickly or not at all here: the decision on busy engines waits for this.
    resident.request({ op: 'status', dead }, Timeouts.statusMs).then(
      (answer) =>
        answer.status
          ? status.resolve(answer.status)
          : settle({ messages: [], timedOut: false, error: answer.error ?? l10n.t('no status in the answer'), stderr: '' }),
      (error: unknown) => settle(failed(error)),
    );
    const progress = this.waitProgress(total, options);
    return {
      outcome: outcome.promise,
      status: status.promise,
      go: (oldIds, keep = []) => {
        if (settled) return;
        waiting = true;
        const request = {
          op: 'wait',
          n: total,
          old: oldIds,
          keep,
          ghostGrace: Timeouts.restartGraceMs / 1000,
          startupDir: path.join(target.profileDir, 'startup'),
        } as const;
        resident.request(request, readyTimeoutMs(total, options), progress).then(
          (answer) => settle({ messages: [answer], timedOut: false, error: answer.error, stderr: '' }),
          (error: unknown) => settle(failed(error)),
        );
      },
      stop,
    };
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
    const timeoutMs = readyTimeoutMs(total, options);
    options.onProgress?.({ ready: 0, total });
    const wait = opened ?? this.openWait(python, target, total, options, plan.oldIds);
    wait.go(plan.oldIds, plan.keepIds);
    const reason = await Promise.race([hopeless, wait.outcome.then(() => undefined)]);
    if (reason) wait.stop();
    const outcome = await wait.outcome;
    if (reason) throw new BootFailure(reason, launch.stderr);
    const ready = outcome.messages.find((m) => m.ready);
    if (!ready?.ready) {
      if (options.signal?.aborted)
        throw new UserError('cancelled', l10n.t('Cancelled while waiting for engines; the cluster keeps starting in the background.'));
      const last = outcome.messages.filter((m) => m.registered !== undefined).pop();
      const seen = last?.registered ?? 0;
      const extra = last?.listed !== undefined && last.listed > total ? l10n.t('; the controller lists {0} engines', last.listed) : '';
      const why = outcome.error ? ` (${outcome.error})` : '';
      throw new UserError(
        'timeout',
        l10n.t(
          'Only {0} of {1} engines answered within {2} s{3}{4}.\n{5}',
          seen,
          total,
          Math.round(timeoutMs / 1000),
          extra,
          why,
          failureCause(target.profileDir, launch.stderr, this.ports.keys),
        ),
        outcome.stderr,
      );
    }
    const record = this.ports.records.of(target);
    record.remember(ready.ready);
    options.onProgress?.({ ready: ready.ready.length, total });
    const failure = startupFailure(target.profileDir, ready.startupErrors ?? {}, record.engines.size);
    record.startupError = failure?.message;
    if (failure) {
      this.ports.log.error(`${failure.message}\n${failure.details}`);
      throw failure;
    }
    return ready.ready;
  }

  /** What a wait reports on its way: engines registered so far, and old ids it asked the controller to drop. */
  private waitProgress(total: number, options: StartOptions): (message: HelperMessage) => void {
    return (m) => {
      if (m.unregistered) this.ports.log.info(`Asked the controller to drop engine id(s) ${m.unregistered.join(', ')}: their nannies died with them`);
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
      const procs = await this.ports.processes(target);
      if (procs.controller) controllerSeen = true;
      else if (controllerSeen) return l10n.t('the controller exited');
      else if (Date.now() - started > Timeouts.controllerAppearMs)
        return l10n.t('no controller was running {0} s after ipcluster returned', Math.round(Timeouts.controllerAppearMs / 1000));
      // Engines of a batch job or of mpiexec may run on other machines: their job or mpiexec is watched instead.
      if (plan.launcher !== 'local') {
        const why = await this.ports.jobs.bootProblem(target, plan.launcher, plan.oldSets, started, jobNodes, procs);
        if (why) return why;
        continue;
      }
      const alive = procs.engines.filter((e) => !plan.oldEngines.has(e.pid));
      const total = plan.total();
      alive.forEach((e) => seen.add(e.pid));
      const exited = [...seen].filter((pid) => !alive.some((e) => e.pid === pid)).length;
      // All of them gone, or so many that N can no longer answer.
      if (exited && (!alive.length || (seen.size >= total && alive.length < total)))
        return l10n.t('{0} of {1} engine process(es) exited while starting', exited, seen.size);
      if (!seen.size && Date.now() - started > Timeouts.enginesAppearMs)
        return l10n.t('no engine process was running {0} s after ipcluster returned', Math.round(Timeouts.enginesAppearMs / 1000));
    }
    return undefined;
  }
}

/**
 * What to throw for a boot's error: a BootFailure becomes the error the user reads, what failed after how
 * long (`said`, given the seconds and the failure), then the cause found in the profile's logs; anything
 * else stays as it is.
 */
export function bootError(error: unknown, target: ClusterTarget, keys: KeyRing, said: (seconds: string, why: string) => string, started: number): unknown {
  if (!(error instanceof BootFailure)) return error;
  return new UserError(
    'start-failed',
    `${said(inSeconds(performance.now() - started), error.message)}\n${failureCause(target.profileDir, error.output, keys)}`,
    error.output,
  );
}

function readyTimeoutMs(total: number, options: StartOptions): number {
  return options.readyTimeoutMs ?? Timeouts.engineReadyBaseMs + Timeouts.engineReadyPerEngineMs * total;
}

/** Why ipcluster itself failed: it did not return, or exited with a code or a signal. */
function ipclusterFailure(launch: RunResult): string {
  if (launch.timedOut) return l10n.t('ipcluster did not return');
  return launch.exitCode === undefined ? l10n.t('ipcluster exited with a signal') : l10n.t('ipcluster exited with {0}', launch.exitCode);
}

function anySignal(own: AbortSignal, caller?: AbortSignal): AbortSignal {
  return caller ? AbortSignal.any([own, caller]) : own;
}
