import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORKED_NANNY_NAME, STANDBY_SCRIPT } from './ipyparallel';
import {
  isWaitingOnPipe,
  listProcesses,
  processStartedAt,
  readProcArgv,
  readProcCwd,
  readProcName,
  readProcTextSync,
  type ProcessRecord,
} from './processTable';

// Which processes of the table belong to an ipyparallel cluster: their roles, profiles and cluster ids.

/**
 * `launcher`: the `mpiexec` (MPI) or `srun` (Slurm) that runs a set of engines. `standby`: the warm process
 * started ahead of the next restart, not connected (`ipp_standby.py`); the engines it forks are `engine`s.
 */
export type ProcessRole = 'controller' | 'scheduler' | 'engine' | 'nanny' | 'ipcluster' | 'launcher' | 'standby';

export interface ProfileProcess extends ProcessRecord {
  role: ProcessRole;
  /** Start time in ms since the epoch (from /proc when available: sub-second precision). */
  startedAt?: number;
  /** The cluster within the profile ('' for the one `ipcluster start` and the editor start by default). */
  clusterId: string;
  /** Proportional set size (pages shared with other processes split among them); read for the warm process only. */
  pssMiB?: number;
}

/** One cluster of a profile: a live controller and what it owns. */
export interface ClusterProcesses {
  clusterId: string;
  /** The live controller of this cluster, if one runs. */
  controller?: ProfileProcess;
  schedulers: ProfileProcess[];
  /** Engines owned by the live controller. */
  engines: ProfileProcess[];
  /** Nannies of those engines. */
  nannies: ProfileProcess[];
  /** The mpiexec or srun of engine sets of this cluster, where they run on this machine. */
  launchers: ProfileProcess[];
  /** The warm process started for the live controller (it forks the next restart's engines). */
  standby: ProfileProcess[];
}

/** The processes of one profile: the selected cluster (by default id ''), the profile's other live clusters, and orphans. */
export interface ProfileProcesses extends ClusterProcesses {
  /** Other clusters of this profile with a live controller (`ipcluster start --cluster-id=X`, JupyterLab). */
  otherClusters: ClusterProcesses[];
  /** Processes of this profile, of any cluster id, that no live controller owns (each with its nanny children). */
  orphans: ProfileProcess[];
  /** Every matched process of the profile, of every cluster: what delete must end. */
  all: ProfileProcess[];
}

/** What ipyparallel 8 and later put in a process's environment instead of its command line. */
export interface IppEnvironment {
  profileDir?: string;
  clusterId?: string;
}

export interface MatchOptions {
  /** Only this user's processes are ever considered. */
  uid?: number;
  /** argv of a pid; defaults to /proc/<pid>/cmdline, falling back to splitting the command line. */
  readArgv?: (record: ProcessRecord) => string[];
  /** Working directory of a pid, to resolve a relative --profile-dir. */
  readCwd?: (pid: number) => string | undefined;
  startedAt?: (record: ProcessRecord) => number | undefined;
  /** The profile and cluster id from a pid's environment (ipyparallel 8+); defaults to /proc/<pid>/environ. */
  readEnvironment?: (pid: number) => IppEnvironment | undefined;
  /** Whether a process of the warm process's script reads a pipe on stdin (the warm process itself, not an engine it forked); defaults to /proc/<pid>/fd/0. */
  isWaitingStandby?: (pid: number) => boolean;
  /** A process's name (comm), which a nanny forked by an engine of the warm process sets; defaults to /proc/<pid>/comm. */
  readName?: (pid: number) => string | undefined;
  /** Controller pids recorded by ipcluster in the profile's cluster files. */
  controllerPidHints?: number[];
  /** The cluster whose processes fill the top-level fields; default ''. */
  clusterId?: string;
}

const IPYPARALLEL_COMMAND = /ipyparallel|ipcontroller|ipengine|ipcluster|ipp_standby/;

/** The current user's processes that can belong to a cluster. */
export function listOwnProcesses(): Promise<ProcessRecord[]> {
  return listProcesses(IPYPARALLEL_COMMAND);
}

const ROLE_BY_MODULE: Record<string, ProcessRole> = {
  'ipyparallel.controller': 'controller',
  'ipyparallel.engine': 'engine',
  'ipyparallel.engine.nanny': 'nanny',
  'ipyparallel.cluster': 'ipcluster',
  ipcontroller: 'controller',
  ipengine: 'engine',
  ipcluster: 'ipcluster',
  [STANDBY_SCRIPT]: 'standby',
};

/** Programs that run a set of engines: `mpiexec -n N python -m ipyparallel.engine --mpi`, Slurm's `srun python -m ipyparallel.engine`. */
const ENGINE_LAUNCHERS = new Set(['mpiexec', 'mpirun', 'orterun', 'srun']);

/** The ipyparallel role of a command line, from `-m module` or the script name; undefined for anything else. */
export function roleOf(argv: string[]): ProcessRole | undefined {
  const m = argv.indexOf('-m');
  if (m >= 0 && argv[m + 1] in ROLE_BY_MODULE) {
    const role = ROLE_BY_MODULE[argv[m + 1]];
    return role === 'engine' && argv[0] && ENGINE_LAUNCHERS.has(path.basename(argv[0])) ? 'launcher' : role;
  }
  for (const arg of argv.slice(0, 3)) {
    const role = ROLE_BY_MODULE[path.basename(arg)];
    if (role && role !== 'nanny') return role;
  }
  return undefined;
}

/** The value of a command-line option given as `--name V` or `--name=V`, under any of its names. */
function optionValue(argv: string[], names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (names.includes(argv[i])) {
      const next = argv[i + 1];
      // ipcluster passes an empty id as its own (empty) argument; a following option means the same.
      return next === undefined || next.startsWith('--') ? '' : next;
    }
    const eq = argv[i].indexOf('=');
    if (eq > 0 && names.includes(argv[i].slice(0, eq))) return argv[i].slice(eq + 1);
  }
  return undefined;
}

/** The `--profile-dir` value of a command line (`--profile-dir P` or `--profile-dir=P`): ipyparallel 7 and the ipcluster CLI. */
export function profileDirArg(argv: string[]): string | undefined {
  return optionValue(argv, ['--profile-dir', '--ProfileDir.location']) || undefined;
}

/** The `--cluster-id` value of a command line; undefined when absent. */
export function clusterIdArg(argv: string[]): string | undefined {
  return optionValue(argv, ['--cluster-id', '--BaseParallelApplication.cluster_id']);
}

const ENVIRONMENT_NAMES = { IPP_PROFILE_DIR: 'profileDir', IPP_CLUSTER_ID: 'clusterId' } as const;

/**
 * The profile and cluster id from an environment block (NUL-separated, as in /proc/<pid>/environ). Only
 * these two variables are read: engines also carry IPP_CONNECTION_INFO, which holds the cluster's key, and
 * nothing else of the block is kept.
 */
export function parseIppEnvironment(block: string): IppEnvironment | undefined {
  let found: IppEnvironment | undefined;
  for (const entry of block.split('\0')) {
    const eq = entry.indexOf('=');
    const field = ENVIRONMENT_NAMES[entry.slice(0, eq) as keyof typeof ENVIRONMENT_NAMES];
    if (eq > 0 && field) (found ??= {})[field] = entry.slice(eq + 1);
  }
  return found;
}

/** Readable for the user's own processes only; undefined elsewhere or when the process is gone. */
export function readProcEnvironment(pid: number): IppEnvironment | undefined {
  try {
    return parseIppEnvironment(readProcTextSync(`/proc/${pid}/environ`));
  } catch {
    return undefined;
  }
}

/** Per process (pid and start): an environment never changes, and reading one waits on a busy process's memory lock. */
const environments = new Map<string, IppEnvironment | undefined>();
const ENVIRONMENTS_KEPT = 4096;

function environmentOf(record: ProcessRecord): IppEnvironment | undefined {
  if (record.startedAt === undefined) return readProcEnvironment(record.pid);
  const key = `${record.pid}@${record.startedAt}`;
  if (!environments.has(key)) {
    if (environments.size >= ENVIRONMENTS_KEPT) environments.clear();
    environments.set(key, readProcEnvironment(record.pid));
  }
  return environments.get(key);
}

function sameDirectory(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/** What an ipyparallel process says about itself: its role, its profile (resolved; absent for a 7.x nanny) and cluster id. */
export interface ProcessIdentity {
  role: ProcessRole;
  profileDir?: string;
  clusterId: string;
}

/**
 * The identity of one process, or undefined when it is not ipyparallel's. ipyparallel 7 names the profile
 * in `--profile-dir`; 8 and later only in the environment (`IPP_PROFILE_DIR`, `IPP_CLUSTER_ID`).
 */
export function identifyProcess(
  record: ProcessRecord,
  options: Pick<MatchOptions, 'readArgv' | 'readCwd' | 'readEnvironment' | 'isWaitingStandby' | 'readName'> = {},
): ProcessIdentity | undefined {
  if (!IPYPARALLEL_COMMAND.test(record.cmd)) return undefined;
  const argv = (options.readArgv ?? readProcArgv)(record);
  let role = roleOf(argv);
  if (!role) return undefined;
  // Forked processes keep the warm process's command line: a nanny says what it is by its name, an
  // engine by /dev/null where the warm process reads a pipe.
  if (role === 'standby' && (options.readName ?? readProcName)(record.pid) === FORKED_NANNY_NAME) role = 'nanny';
  else if (role === 'standby' && !(options.isWaitingStandby ?? isWaitingOnPipe)(record.pid)) role = 'engine';
  const arg = profileDirArg(argv);
  const environment = arg === undefined ? (options.readEnvironment ? options.readEnvironment(record.pid) : environmentOf(record)) : undefined;
  const dir = arg ?? environment?.profileDir;
  const readCwd = options.readCwd ?? readProcCwd;
  return {
    role,
    profileDir: dir === undefined ? undefined : path.isAbsolute(dir) ? path.resolve(dir) : path.resolve(readCwd(record.pid) ?? '/', dir),
    clusterId: clusterIdArg(argv) ?? environment?.clusterId ?? '',
  };
}

const emptyCluster = (clusterId: string, controller?: ProfileProcess): ClusterProcesses => ({
  clusterId,
  controller,
  schedulers: [],
  engines: [],
  nannies: [],
  launchers: [],
  standby: [],
});

/**
 * The processes of one profile, matched by the exact resolved profile directory (never a substring: `…/vm`
 * does not match `…/vm2`, and `tail -f <profile>/log/x` is not ipyparallel). ipyparallel 7 names the
 * profile in `--profile-dir`; 8 and later only in the environment (`IPP_PROFILE_DIR`, `IPP_CLUSTER_ID`).
 * Nannies are found by parent pid. Sorted per cluster id into live clusters and orphans.
 */
export function matchProfileProcesses(table: ProcessRecord[], profileDir: string, options: MatchOptions = {}): ProfileProcesses {
  const startedAt = options.startedAt ?? processStartedAt;
  const target = path.resolve(profileDir);
  const uidOk = (r: ProcessRecord) => options.uid === undefined || r.uid === options.uid;

  const matched: ProfileProcess[] = [];
  const nannyCandidates: { record: ProcessRecord; clusterId?: string }[] = [];
  for (const record of table) {
    if (!uidOk(record)) continue;
    const identity = identifyProcess(record, options);
    if (!identity) continue;
    const ours = identity.profileDir !== undefined && sameDirectory(identity.profileDir, target);
    if (identity.role === 'nanny') {
      // 7.x nannies name nothing: they are claimed by their engine below.
      nannyCandidates.push({ record, clusterId: ours ? identity.clusterId : undefined });
    } else if (ours) {
      matched.push({ ...record, role: identity.role, clusterId: identity.clusterId, startedAt: startedAt(record) });
    }
  }

  const enginesByPid = new Map(matched.filter((p) => p.role === 'engine').map((p) => [p.pid, p]));
  const nannies: ProfileProcess[] = [];
  for (const { record, clusterId } of nannyCandidates) {
    const engine = enginesByPid.get(record.ppid);
    // Matched by environment (8+) with its engine gone, a nanny is a leftover of this profile too.
    if (engine || clusterId !== undefined) nannies.push({ ...record, role: 'nanny', clusterId: engine?.clusterId ?? clusterId!, startedAt: startedAt(record) });
  }

  const controllerPids = new Set(matched.filter((p) => p.role === 'controller').map((p) => p.pid));
  for (const p of matched) if (p.role === 'controller' && controllerPids.has(p.ppid)) p.role = 'scheduler';
  const hints = new Set(options.controllerPidHints ?? []);
  const clusters = new Map<string, ClusterProcesses>();
  const orphans: ProfileProcess[] = [];
  for (const clusterId of new Set(matched.map((p) => p.clusterId))) {
    const own = matched.filter((p) => p.clusterId === clusterId);
    const schedulers = own.filter((p) => p.role === 'scheduler');
    const mains = own.filter((p) => p.role === 'controller');
    const hasChildren = (p: ProfileProcess) => schedulers.some((s) => s.ppid === p.pid);
    // A scheduler left behind by a killed controller looks like a controller without children: not live.
    const live = mains.find((p) => hints.has(p.pid)) ?? mains.filter(hasChildren).sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0))[0];
    const cluster = emptyCluster(clusterId, live);
    // An engine (or launcher, or warm process) older than the live controller was started for a previous controller.
    const sinceLive = (p: ProfileProcess) => live !== undefined && (p.startedAt ?? 0) >= (live.startedAt ?? 0) - 1000;
    const byRole: Partial<Record<ProcessRole, ProfileProcess[]>> = { engine: cluster.engines, launcher: cluster.launchers, standby: cluster.standby };
    for (const p of own) {
      if (p.role === 'ipcluster' || p === live) continue;
      if (p.role === 'scheduler' && live && p.ppid === live.pid) cluster.schedulers.push(p);
      else if (byRole[p.role] && sinceLive(p)) byRole[p.role]!.push(p);
      else orphans.push(p);
    }
    const ownedEngines = new Set(cluster.engines.map((e) => e.pid));
    cluster.nannies = nannies.filter((n) => ownedEngines.has(n.ppid));
    if (live) clusters.set(clusterId, cluster);
  }
  const orphanPids = new Set(orphans.map((o) => o.pid));
  orphans.push(...nannies.filter((n) => orphanPids.has(n.ppid) || !enginesByPid.has(n.ppid)));

  const selectedId = options.clusterId ?? '';
  const selected = clusters.get(selectedId) ?? emptyCluster(selectedId);
  return {
    ...selected,
    otherClusters: [...clusters.values()].filter((c) => c.clusterId !== selectedId),
    orphans,
    all: [...matched, ...nannies],
  };
}

/** Pids with their roles, for a log line or a message: `17246 (engine), 17250 (nanny)`. */
export function describeProcesses(procs: readonly ProfileProcess[]): string {
  return procs.map((p) => `${p.pid} (${p.role})`).join(', ');
}
