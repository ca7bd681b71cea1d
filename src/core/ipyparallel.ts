import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { UserError } from './errors';
import { readProfileText } from './profileFile';

/**
 * What we know about ipyparallel's files, command line and timing, in one place: used by the cluster
 * control, the tests and the benchmarks alike. Checked against 7.1, 8.8 and 9.2.
 */

/** Cluster ids become file names (`cluster-<id>.json`, `ipcontroller-<id>-client.json`) and command-line values. */
const CLUSTER_ID_MAX = 200;

/**
 * A cluster id given from outside (a command option, a tree row from a cluster file), as ipyparallel can use
 * it: a string that is one file name's part. A path separator, a control character or an over-long id would
 * reach a file path outside security/ or a broken command line, so it is refused by name.
 */
export function checkClusterId(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'string' && value.length <= CLUSTER_ID_MAX && !/[/\\\p{Cc}]/u.test(value) && value.trim() === value) return value;
  throw new UserError(
    'bad-setting',
    l10n.t(
      'The cluster id {0} is not one ipyparallel can use: it must be text of at most {1} characters, without slashes, control characters or surrounding spaces. Nothing was changed.',
      String(JSON.stringify(value)).slice(0, 80),
      CLUSTER_ID_MAX,
    ),
  );
}

/** The connection file a Client reads; a cluster id other than '' is part of its name. */
export function clientFilePath(profileDir: string, clusterId = ''): string {
  return path.join(profileDir, 'security', clusterId ? `ipcontroller-${clusterId}-client.json` : 'ipcontroller-client.json');
}

/** ipcluster's record of one cluster: `security/cluster-<id>.json`. */
export function clusterFilePath(profileDir: string, clusterId = ''): string {
  return path.join(profileDir, 'security', `cluster-${clusterId}.json`);
}

/** The cluster id a cluster file is named for, or undefined for any other file. */
export function clusterIdOfFile(file: string): string | undefined {
  return /^cluster-(.*)\.json$/.exec(path.basename(file))?.[1];
}

const clusterIdArgs = (clusterId: string) => (clusterId ? [`--cluster-id=${clusterId}`] : []);

/** Arguments to the interpreter for ipcluster (`python -m ipyparallel.cluster`), one builder per subcommand. */
export const ipclusterArgs = {
  start: (profileDir: string, clusterId = '', engineCount?: number) => [
    '-m',
    'ipyparallel.cluster',
    'start',
    `--profile-dir=${profileDir}`,
    ...clusterIdArgs(clusterId),
    '--daemonize',
    '--clean-logs=True',
    ...(engineCount ? ['-n', String(engineCount)] : []),
  ],
  engines: (profileDir: string, clusterId: string, engineCount: number) => [
    '-m',
    'ipyparallel.cluster',
    'engines',
    `--profile-dir=${profileDir}`,
    ...clusterIdArgs(clusterId),
    '-n',
    String(engineCount),
    '--daemonize',
  ],
  stop: (profileDir: string, clusterId = '') => ['-m', 'ipyparallel.cluster', 'stop', `--profile-dir=${profileDir}`, ...clusterIdArgs(clusterId)],
};

/** What `ipcluster engines` passes each engine after `-m ipyparallel.engine`: an engine forked from the warm process gets the same. */
export const engineArgs = (profileDir: string, clusterId: string) => [`--profile-dir=${profileDir}`, `--cluster-id=${clusterId}`, '--log-level=20'];

/** The script of the warm process (started ahead of a restart, it forks the engines), shipped beside the helper. */
export const STANDBY_SCRIPT = 'ipp_standby.py';

/** The name (comm) a nanny forked by an engine of the warm process gives itself (NANNY_NAME in ipp_standby.py). */
export const FORKED_NANNY_NAME = 'ipp-nanny';

/** The warm process's arguments to the interpreter; the process scan knows it (and what it forks) by the script and `--profile-dir`. */
export const standbyArgs = (scriptPath: string, profileDir: string, clusterId: string) => [
  scriptPath,
  `--profile-dir=${profileDir}`,
  `--cluster-id=${clusterId}`,
];

/** The log of an engine forked from the warm process: `log/ipengine-<cluster id>-standby-<pid>.log`. */
export function standbyLogPid(clusterId: string, file: string): number | undefined {
  const match = /^ipengine-(.*)-standby-(\d+)\.log$/.exec(file);
  return match && match[1] === clusterId ? Number(match[2]) : undefined;
}

/** A time limit as ipyparallel's command-line options take it: exact seconds ("0.5"). */
const optionSeconds = (ms: number) => String(ms / 1000);

/** Arguments to `ipp_helper.py` (after its path), one builder per mode; see the helper's docstring. */
export const helperArgs = {
  wait: (clientFile: string, engineCount: number, oldIds: number[], startupDir?: string, ghostGraceMs: number = Timeouts.restartGraceMs) => [
    '--connect-timeout',
    optionSeconds(Timeouts.connectionFileMs),
    'wait',
    clientFile,
    String(engineCount),
    '--old',
    oldIds.join(','),
    '--ghost-grace',
    optionSeconds(ghostGraceMs),
    ...(startupDir ? ['--startup-dir', startupDir] : []),
  ],
  serve: (clientFile: string) => [
    '--connect-timeout',
    optionSeconds(Timeouts.residentConnectMs),
    '--probe-timeout',
    optionSeconds(Timeouts.statusProbeMs),
    'serve',
    clientFile,
  ],
  checkSyntax: (files: string[]) => ['check-syntax', ...files],
};

/** An engine with work queued or running at the controller. */
export function isBusy(engine: { queue: number; tasks: number }): boolean {
  return engine.queue > 0 || engine.tasks > 0;
}

/**
 * How long engines of a profile the extension creates wait for the controller to answer their registration.
 * ipyparallel gives up after 5 s, which a controller still starting on a loaded machine can overrun.
 */
export const ENGINE_REGISTRATION_TIMEOUT_S = 30;

/** The lines that set a created profile's engine registration time-out, with why (written into ipengine_config.py). */
export function engineConfigBlock(): string {
  return [
    '',
    '# IPP Engines: engine registration time-out (written when this profile was created).',
    '# A controller that has just started on a machine whose cores are all busy can take longer than',
    "# ipyparallel's 5 s to answer; the engine would give up and exit. An engine whose controller is gone",
    '# still exits: IPP Engines watches the controller while engines start.',
    `c.IPEngine.timeout = ${ENGINE_REGISTRATION_TIMEOUT_S}`,
    '',
  ].join('\n');
}

/** ipyparallel's own heartbeat period and misses (7.1, 8.x and 9.x alike). */
export const DEFAULT_HEARTBEAT = { periodMs: 3000, misses: 10 } as const;

/** Opens the block the extension writes into a profile's ipcontroller_config.py (and finds it by). */
export const HEARTBEAT_MARKER = '# IPP Engines: controller heartbeat';

/**
 * The controller's heartbeat: fresh engines register on a beat, and an engine that died without its nanny
 * is dropped after `misses` beats. `source` says who set it: the extension when it created the profile,
 * the profile's own config, or nobody (ipyparallel's default).
 */
export interface Heartbeat {
  periodMs: number;
  misses: number;
  source: 'extension' | 'profile' | 'default';
}

/**
 * The lines that set a created profile's heartbeat period, with why. The extension writes them only into
 * profiles it creates; the setting's null writes nothing.
 */
export function heartbeatConfigBlock(periodMs: number): string {
  return [
    '',
    `${HEARTBEAT_MARKER} (the setting ippEngines.controller.heartbeatMs when this profile was created).`,
    `# Fresh engines register on the controller's next heartbeat, so every restart waits up to one period;`,
    `# ipyparallel's default is ${DEFAULT_HEARTBEAT.periodMs} ms. An engine is declared dead only after ${DEFAULT_HEARTBEAT.misses} missed beats, and`,
    '# busy engines keep beating (a thread of their own): see "Heartbeat" in the IPP Engines README.',
    `c.HeartMonitor.period = ${Math.round(periodMs)}`,
    '',
  ].join('\n');
}

const heartbeats = new Map<string, { mtimeMs: number; heartbeat: Heartbeat }>();

/** The profile's heartbeat from its ipcontroller_config.py (the last assignment wins, as in Python); read again only when the file changes. */
export function heartbeatOf(profileDir: string): Heartbeat {
  const file = path.join(profileDir, 'ipcontroller_config.py');
  let mtimeMs = -1;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    // no config: ipyparallel's defaults
  }
  const cached = heartbeats.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.heartbeat;
  // Missing, unreadable or refused (a symlink, a FIFO, too large): ipyparallel's defaults.
  const config = (mtimeMs < 0 ? undefined : readProfileText(file)) ?? '';
  const last = (name: string) => [...config.matchAll(new RegExp(`^\\s*c\\.HeartMonitor\\.${name}\\s*=\\s*(\\d+)`, 'gm'))].pop()?.[1];
  const period = last('period');
  const heartbeat: Heartbeat = {
    periodMs: Number(period ?? DEFAULT_HEARTBEAT.periodMs),
    misses: Number(last('max_heartmonitor_misses') ?? DEFAULT_HEARTBEAT.misses),
    source: period === undefined ? 'default' : config.includes(HEARTBEAT_MARKER) ? 'extension' : 'profile',
  };
  heartbeats.set(file, { mtimeMs, heartbeat });
  return heartbeat;
}

/** Named time limits: each bounds a wait on something outside our control. */
export const Timeouts = {
  /** `ipcluster start --daemonize` and `ipcluster engines --daemonize` return in about 2 s. */
  ipclusterMs: 60_000,
  /** A status question to the resident client; within it, each idle engine's answer. */
  statusMs: 4000,
  /**
   * Within a status, each idle engine's answer to a trivial call. A fresh engine on a loaded machine can
   * take over half a second; only a hung one uses it all.
   */
  statusProbeMs: 2000,
  /** Before a stop asks about engines that looked busy, it asks the controller again after this long (a task just finished is booked late). */
  busyRecheckMs: 300,
  /**
   * Engines that left on their own are judged this long after: `ipcluster stop` in a terminal ends the
   * engines a few seconds before their controller, and that is no loss to tell of.
   */
  lostEngineGraceMs: 5000,
  /** How often the view asks while a run goes on (its progress moves): at most once a second. */
  runRefreshMs: 1000,
  /** After a request went unanswered, how long the view's timer leaves that controller alone. */
  unansweredBackoffMs: 30_000,
  /**
   * The resident client's first connection: a Python start-up (seconds when every core is busy) and the
   * Client's. Once connected, each status has statusMs.
   */
  residentConnectMs: 20_000,
  /**
   * A request unanswered past its own time-out is failed at once, but its helper is ended only after this
   * much longer without the answer: a status can take more than statusMs while a burst of tasks holds
   * every core, and ending the helper loses what the tasks print until the next one connects.
   */
  residentHungMs: 6000,
  /** A controller writes its connection file within seconds of starting. */
  connectionFileMs: 20_000,
  /** Evaluating an expression on every engine (tests, diagnostics): the tasks, and the helper as a whole. */
  evaluateTasksMs: 30_000,
  evaluateMs: 40_000,
  /** The Python extension naming its interpreter (its API, then the active environment), each; then python3 instead. */
  pythonExtensionMs: 3000,
  /** `python -c 'import ipyparallel'` on a cold disk. */
  pythonProbeMs: 20_000,
  /** `IPython profile create --parallel`. */
  profileCreateMs: 60_000,
  /** Waiting for another window's start or stop of the same profile. */
  profileLockMs: 180_000,
  /** ipcluster writes several files at once: one refresh for them. */
  profileEventsDebounceMs: 300,
  /** Engines to register and answer, on top of a per-engine allowance. */
  engineReadyBaseMs: 60_000,
  engineReadyPerEngineMs: 3000,
  /** SIGTERM to SIGKILL when stopping a cluster. */
  stopGraceMs: 2000,
  /** Old engines to exit after SIGTERM on a restart, before their trees are killed. */
  restartGraceMs: 2000,
  /** Then their nannies, to report them gone to the controller and exit (a fraction of a second). */
  nannyReportMs: 1500,
  /** While engines boot, how often the process table is checked for a dead controller or engines. */
  bootPollMs: 500,
  /** After ipcluster returns, its controller runs at once (7.1, 8.8 and 9.2); a margin for a loaded machine. */
  controllerAppearMs: 10_000,
  /** Likewise for engine processes, which ipcluster starts a second after the controller. */
  enginesAppearMs: 30_000,
  /** A restart waits this long for a warm process still importing (and for its forks), then boots engines instead. */
  standbyReadyMs: 10_000,
  /** A start's Slurm job may pend this long (for resources) before the start fails, naming the reason. */
  slurmPendingMs: 60_000,
} as const;
