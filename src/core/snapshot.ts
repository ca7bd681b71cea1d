import type { EngineSetState, KnownEngine, OrphanJob, OrphanRemote, StatusReport } from './clusterTypes';
import type { ControllerAddress } from './controllerAddress';
import { onThisHost, thisHost } from './hosts';
import { isBusy, type Heartbeat } from './ipyparallel';
import type { ProfileProcess, ProfileProcesses } from './processRoles';
import type { StartupFileState } from './profile';
import type { PythonInfo } from './python';
import type { EngineProgress, RunProgress, RunTracker } from './runProgress';

export type EngineState = 'starting' | 'idle' | 'busy' | 'unresponsive';
export type ClusterActivity = 'idle' | 'starting' | 'stopping' | 'restarting' | 'scaling';

export interface EngineSnapshot {
  /** Engine id at the controller; null while the process has not registered yet. */
  id: number | null;
  pid: number | null;
  state: EngineState;
  /** Process start, ms since the epoch. */
  startedAt: number | null;
  tasksDone: number;
  /** Tasks queued or running on it, per the controller. */
  queued: number;
  /** CPU % over the last refresh interval; null for an engine on another host (not in this process table). */
  cpu: number | null;
  /** % of this machine's memory; null for an engine on another host. */
  memory: number | null;
  rssMiB: number | null;
  /** Its log file (named in ipcluster's cluster file), if known. */
  logPath: string | null;
  /** The machine it runs on, once it answered. */
  host: string | null;
  /** It runs on another host: judged by the controller alone (its pid is that host's). */
  remote: boolean;
  /** Watched files changed after this engine started: it runs old code. */
  staleFiles: string[];
  /** Its process is gone but the controller still lists its id (it died together with its nanny). */
  dead: boolean;
  /** For a dead engine: at most this many ms until the controller drops the id by itself. */
  listedForMs: number | null;
  /** Its share of the current run (of the last one once it ended); null before it registered. */
  progress: EngineProgress | null;
}

export interface LogEntry {
  name: string;
  path: string;
  previousRun: string | null;
}

/** Another live cluster of the same profile (another cluster id), which commands leave alone. */
export interface OtherClusterSnapshot {
  clusterId: string;
  controllerPid: number;
  engineProcesses: number;
}

export interface ProcessSnapshot {
  pid: number;
  command: string;
  role: ProfileProcess['role'];
  clusterId: string;
}

export interface ClusterSnapshot {
  folder: string;
  profileDir: string;
  /** The cluster the commands act on ('' unless a command said otherwise). */
  clusterId: string;
  profileExists: boolean;
  /** The interpreter that drives the cluster and its ipyparallel version, once known. */
  python: { path: string; ipyparallelVersion: string } | null;
  otherClusters: OtherClusterSnapshot[];
  /** The engines run, but a startup file raised on them (which file, line and why). */
  startupError: string | null;
  /** The profile's logs: current ones, then copies kept from earlier runs (`previousRun`: when, newest first). */
  logs: LogEntry[];
  controller: { pid: number; alive: boolean; startedAt: number | null; cpu: number; memory: number; logPath: string | null } | null;
  /** The controller's heartbeat per the profile's config, and who set it; null without a profile. */
  heartbeat: Heartbeat | null;
  engines: EngineSnapshot[];
  /**
   * The user's work over the current run, or the last one once it ended (`active` says which); null while no
   * controller runs or before the first status. A contract: `{ completed, running, queued, unassigned, failed, labels? }`.
   */
  progress: RunProgress | null;
  /** The warm process waiting for the next restart (not connected, no user code); it forks the fresh engines. */
  standby: { pid: number; rssMiB: number | null; pssMiB: number | null }[];
  /** What launches the engines (local, mpi, slurm, …) and whether the profile or the setting chose it. */
  launcher: { kind: string; source: 'profile' | 'setting' };
  /** Where a start makes the controller listen and what it advertises to engines, and who chose; null where the setting is bad. */
  controllerAddress: ControllerAddress | null;
  /** The engine sets of the running cluster: a Slurm job with its queue state, an mpiexec. */
  engineSets: EngineSetState[];
  orphans: ProcessSnapshot[];
  /** Slurm jobs of this profile without a live controller. */
  orphanJobs: OrphanJob[];
  /** Engines of this profile without a live controller still running on SSH hosts (or hosts that could not be asked). */
  orphanRemote: OrphanRemote[];
  startupFiles: StartupFileState[];
  activity: ClusterActivity;
  /** A restart is queued until every engine is idle. */
  restartPending: boolean;
  lastError: string | null;
  updatedAt: number;
}

export interface SnapshotInputs {
  folder: string;
  profileDir: string;
  profileExists: boolean;
  processes?: ProfileProcesses;
  /** The latest helper status, if it belongs to the running controller. */
  status?: StatusReport;
  /** The run those statuses add up to. */
  run?: Pick<RunTracker, 'progress' | 'engine'>;
  /** What each registered engine's last answer said of it (pid, host, start). */
  knownEngines: ReadonlyMap<number, KnownEngine>;
  /** This machine's name (engines elsewhere are not in `processes`); default: os.hostname(). */
  localHost?: string;
  /** When each registered id was first seen without its process (the heartbeat says how long it stays listed). */
  deadSince?: ReadonlyMap<number, number>;
  python?: PythonInfo;
  startupError?: string;
  logs: LogEntry[];
  staleFiles: (startedAt: number | null) => string[];
  startupFiles: StartupFileState[];
  activity: ClusterActivity;
  restartPending: boolean;
  lastError: string | null;
  heartbeat?: Heartbeat;
  launcher?: { kind: string; source: 'profile' | 'setting' };
  controllerAddress?: ControllerAddress;
  engineSets?: EngineSetState[];
  orphanJobs?: OrphanJob[];
  orphanRemote?: OrphanRemote[];
  /** Log files ipcluster recorded for this cluster. */
  clusterLogs?: { controller?: string; engines: ReadonlyMap<number, string> };
}

/** Joins the process table (always current) with the controller's view (may be a refresh old). */
export function buildSnapshot(inputs: SnapshotInputs): ClusterSnapshot {
  const procs = inputs.processes;
  const controller = procs?.controller;
  const status = controller && inputs.status?.controllerPid === controller.pid ? inputs.status : undefined;
  const byPid = new Map((procs?.engines ?? []).map((p) => [p.pid, p]));
  const engines: EngineSnapshot[] = [];
  const now = Date.now();
  const here = inputs.localHost ?? thisHost();
  const run = status ? inputs.run : undefined;
  /** `remote`: an engine on another host, with the pid and start it reported, instead of a process here. */
  const row = (
    id: number | null,
    proc: ProfileProcess | undefined,
    state: EngineState,
    tasksDone: number,
    queued: number,
    dead = false,
    host: string | null = null,
    remote?: { pid: number | null; startedAt: number | null },
  ): EngineSnapshot => {
    // Its code is as old as its start, or for an engine that waited on standby, its activation.
    const startedAt = remote ? remote.startedAt : (proc?.startedAt ?? null);
    const deadSince = dead && id !== null ? inputs.deadSince?.get(id) : undefined;
    const beat = inputs.heartbeat;
    const listedForMs = deadSince !== undefined && beat ? Math.max(0, deadSince + beat.periodMs * beat.misses - now) : null;
    return {
      id,
      pid: remote ? remote.pid : (proc?.pid ?? null),
      state,
      startedAt,
      tasksDone,
      queued,
      cpu: remote ? null : (proc?.cpu ?? 0),
      memory: remote ? null : (proc?.memory ?? 0),
      rssMiB: proc?.rssMiB ?? null,
      logPath: (proc && inputs.clusterLogs?.engines.get(proc.pid)) ?? null,
      host,
      remote: Boolean(remote),
      staleFiles: proc || (remote && startedAt !== null) ? inputs.staleFiles(startedAt) : [],
      dead,
      listedForMs,
      progress: id !== null && run ? run.engine(id) : null,
    };
  };
  for (const e of status?.engines ?? []) {
    const known = inputs.knownEngines.get(e.id);
    const host = e.host || (known?.host ?? null);
    const pid = e.pid ?? known?.pid;
    const state: EngineState = isBusy(e) ? 'busy' : e.answered ? 'idle' : 'unresponsive';
    // On another host, the controller's word is all there is: its pid may be any of this table's.
    if (!onThisHost(host, here)) {
      engines.push(row(e.id, undefined, state, e.completed, e.queue + e.tasks, false, host, { pid: pid ?? null, startedAt: known?.startedAt ?? null }));
      continue;
    }
    const proc = pid !== undefined ? byPid.get(pid) : undefined;
    if (proc) byPid.delete(proc.pid);
    // Registered, but its process is gone: the controller still sends it work.
    const dead = pid !== undefined && !proc;
    engines.push(row(e.id, proc, dead ? 'unresponsive' : state, e.completed, e.queue + e.tasks, dead, host));
  }
  // Engine processes the controller has not listed (yet): still booting, or busy ones we could not map.
  for (const proc of byPid.values()) engines.push(row(null, proc, 'starting', 0, 0));
  return {
    folder: inputs.folder,
    profileDir: inputs.profileDir,
    clusterId: procs?.clusterId ?? '',
    profileExists: inputs.profileExists,
    python: inputs.python ? { path: inputs.python.pythonPath, ipyparallelVersion: inputs.python.ipyparallelVersion } : null,
    startupError: controller ? (inputs.startupError ?? null) : null,
    logs: inputs.logs,
    otherClusters: (procs?.otherClusters ?? []).flatMap((c) =>
      c.controller ? [{ clusterId: c.clusterId, controllerPid: c.controller.pid, engineProcesses: c.engines.length }] : [],
    ),
    controller: controller
      ? {
          pid: controller.pid,
          alive: true,
          startedAt: controller.startedAt ?? null,
          cpu: controller.cpu,
          memory: controller.memory,
          logPath: inputs.clusterLogs?.controller ?? null,
        }
      : null,
    heartbeat: inputs.heartbeat ?? null,
    engines,
    progress: run?.progress() ?? null,
    standby: controller ? (procs?.standby ?? []).map((p) => ({ pid: p.pid, rssMiB: p.rssMiB ?? null, pssMiB: p.pssMiB ?? null })) : [],
    launcher: inputs.launcher ?? { kind: 'local', source: 'setting' },
    controllerAddress: inputs.controllerAddress ?? null,
    engineSets: inputs.engineSets ?? [],
    orphanJobs: inputs.orphanJobs ?? [],
    orphanRemote: inputs.orphanRemote ?? [],
    orphans: (procs?.orphans ?? []).map((p) => ({ pid: p.pid, command: p.cmd, role: p.role, clusterId: p.clusterId })),
    startupFiles: inputs.startupFiles,
    activity: inputs.activity,
    restartPending: inputs.restartPending,
    lastError: inputs.lastError,
    updatedAt: Date.now(),
  };
}

export function readyCount(snapshot: ClusterSnapshot): number {
  return snapshot.engines.filter((e) => e.state === 'idle' || e.state === 'busy').length;
}

/**
 * The snapshot with the run's progress as it stands now: what the resident client pushed since the last status
 * (a task finished) shows at once, and nothing else is read again. Only where the snapshot shows a run.
 */
export function withRunProgress(snapshot: ClusterSnapshot, run: Pick<RunTracker, 'progress' | 'engine'>): ClusterSnapshot {
  if (!snapshot.progress) return snapshot;
  return {
    ...snapshot,
    progress: run.progress(),
    engines: snapshot.engines.map((e) => (e.id !== null && e.progress ? { ...e, progress: run.engine(e.id) } : e)),
  };
}
