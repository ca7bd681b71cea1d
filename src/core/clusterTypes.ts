import type { EngineSet } from './clusterFiles';
import type { EngineLeft, HelperStatus, TaskOutputChunk } from './helper';
import type { KeyRing } from './keyRing';
import type { KillReport } from './kill';
import type { Logger } from './log';
import type { ProfileProcess } from './processRoles';
import type { PythonInfo } from './python';
import type { LauncherSettings } from './settings';

// What ClusterControl is given (a target, options) and gives back (results, states): shared by the
// service, the snapshot and the commands, which need the shapes and not the control.

/** One cluster: a profile directory, the cluster id within it, and the workspace folder its engines run in. */
export interface ClusterTarget {
  profileDir: string;
  workspaceFolder: string;
  /** '' (the default) is the cluster `ipcluster start` and the editor start; others come from `--cluster-id` or JupyterLab. */
  clusterId?: string;
  /** How engines are launched (ippEngines.engineLauncher and its options); absent: locally. */
  launcher?: LauncherSettings;
  /**
   * A profile that is not the workspace's (a notebook's, a shell's; see MachineService): of its files, only
   * those of the cluster acted on are ever removed. Absent: the workspace's own profile.
   */
  foreignProfile?: boolean;
  /** Start a warm process after a start or restart, so the next restart only forks its engines (local engines only); absent: yes. */
  standbyEngines?: boolean;
  /**
   * The folder's interpreter, bound when the target was built at the top of an operation (with the settings
   * read then) and resolved only when a Python must run; absent: this target runs no Python.
   */
  python?: () => Promise<PythonInfo>;
}

/** A recorded engine set with what the scheduler or the process table says of it now. */
export interface EngineSetState extends EngineSet {
  /** A Slurm job's state (PENDING, RUNNING, COMPLETING, …), `gone` once it left the queue (`TIMEOUT` when its time limit ended it); `running` or `gone` for mpiexec. */
  state: string;
  /** Why a job pends. */
  reason?: string;
  /** A running job's nodes, as Slurm lists them (`node[1-2]`). */
  nodes?: string;
  /** Time left before the job's time limit, as Slurm prints it (`1:59:58`; `UNLIMITED` without a limit). */
  timeLeft?: string;
}

/** A Slurm job of this profile whose cluster has no live controller. */
export interface OrphanJob {
  jobId: string;
  clusterId: string;
}

/** Processes of a cluster with no live controller still running on an SSH host (found there by the cluster's marks). */
export interface OrphanRemote {
  host: string;
  clusterId: string;
  pids: number[];
  /** Why the host could not be asked (then `pids` is empty: what runs there is unknown). */
  error?: string;
}

export interface ProgressReport {
  ready: number;
  total: number;
}

export interface EngineRef {
  id: number;
  /** As the engine reports it: on another host, a pid of that host's. */
  pid: number;
  /** The machine it runs on, as it reports it. */
  host?: string | null;
  /** When its process started, in seconds since the epoch, as its own host says (null where unknown). */
  started?: number | null;
}

/** What is known of a registered engine from its last answer: its pid and host, and when it started (ms). */
export interface KnownEngine {
  pid: number;
  host: string | null;
  startedAt: number | null;
}

export interface StartResult {
  alreadyRunning: boolean;
  engines: EngineRef[];
  /** With alreadyRunning: the engine processes the running cluster has (it keeps its count). */
  runningEngines?: number;
  durationMs: number;
}

export interface StopResult {
  wasRunning: boolean;
  stopped: ProfileProcess[];
  report: KillReport;
  durationMs: number;
  /** Clean-up of files that failed although every process ended (e.g. an unwritable profile). */
  warnings: string[];
  /** Slurm jobs cancelled (and verified gone from the queue). */
  cancelledJobs?: string[];
  /** Processes ended on SSH hosts (verified there), by host. */
  endedRemote?: { host: string; pids: number[] }[];
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

export interface ScaleResult {
  /** Live engines before and after. */
  from: number;
  to: number;
  /** Engines started (with their ids and pids) and ids ended. */
  added: EngineRef[];
  removed: number[];
  controllerPid: number;
  durationMs: number;
}

export interface StartOptions {
  engineCount?: number;
  signal?: AbortSignal;
  onProgress?: (p: ProgressReport) => void;
  readyTimeoutMs?: number;
}

/** What ClusterControl is built with: where the helper is, and who hears what (each target brings its interpreter). */
export interface ClusterEnvironment {
  helperPath: string;
  log: Logger;
  /** Learns each cluster key before a stop can delete its file, so that the log can redact it later. */
  keys: KeyRing;
  /** Called before anything that makes ipcluster delete its logs (stop, restart, delete). */
  beforeLogsRemoved?: (target: ClusterTarget) => Promise<void> | void;
  /** Called after each helper or ipcluster spawn, with what was run (tests count spawns through this). */
  onSpawn?: (what: string) => void;
  /** The controller registered or unregistered an engine of a running cluster: its engine ids now, and those it dropped. */
  onEngines?: (target: ClusterTarget, controllerPid: number, ids: number[], left: EngineLeft[]) => void;
  /** What tasks of any client printed on a running cluster (read by its resident client), and how much was dropped. */
  onTaskOutput?: (target: ClusterTarget, chunks: TaskOutputChunk[], dropped: number) => void;
  /** A running task finished (the resident client saw it): the run's progress moved before the next status. */
  onRunProgress?: (target: ClusterTarget) => void;
}
