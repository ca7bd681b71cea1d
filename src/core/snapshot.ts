import type { StatusReport } from './cluster';
import type { ProfileProcess, ProfileProcesses } from './processes';
import type { StartupFileState } from './profile';

export type EngineState = 'starting' | 'idle' | 'busy' | 'unresponsive';
export type ClusterActivity = 'idle' | 'starting' | 'stopping' | 'restarting';

export interface EngineSnapshot {
  /** Engine id at the controller; null while the process has not registered yet. */
  id: number | null;
  pid: number | null;
  state: EngineState;
  /** Process start, ms since the epoch. */
  startedAt: number | null;
  tasksDone: number;
  cpu: number;
  memory: number;
  /** Watched files changed after this engine started: it runs old code. */
  staleFiles: string[];
}

export interface ProcessSnapshot {
  pid: number;
  command: string;
  role: ProfileProcess['role'];
}

export interface ClusterSnapshot {
  folder: string;
  profileDir: string;
  profileExists: boolean;
  controller: { pid: number; alive: boolean; startedAt: number | null; cpu: number; memory: number } | null;
  engines: EngineSnapshot[];
  orphans: ProcessSnapshot[];
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
  knownPids: ReadonlyMap<number, number>;
  staleFiles: (startedAt: number | null) => string[];
  startupFiles: StartupFileState[];
  activity: ClusterActivity;
  restartPending: boolean;
  lastError: string | null;
}

/** Joins the process table (always current) with the controller's view (may be a refresh old). */
export function buildSnapshot(inputs: SnapshotInputs): ClusterSnapshot {
  const procs = inputs.processes;
  const controller = procs?.controller;
  const status = controller && inputs.status?.controllerPid === controller.pid ? inputs.status : undefined;
  const byPid = new Map((procs?.engines ?? []).map((p) => [p.pid, p]));
  const engines: EngineSnapshot[] = [];
  const row = (id: number | null, proc: ProfileProcess | undefined, state: EngineState, tasksDone: number): EngineSnapshot => {
    const startedAt = proc?.startedAt ?? null;
    return { id, pid: proc?.pid ?? null, state, startedAt, tasksDone, cpu: proc?.cpu ?? 0, memory: proc?.memory ?? 0, staleFiles: proc ? inputs.staleFiles(startedAt) : [] };
  };
  for (const e of status?.engines ?? []) {
    const pid = e.pid ?? inputs.knownPids.get(e.id);
    const proc = pid !== undefined ? byPid.get(pid) : undefined;
    if (proc) byPid.delete(proc.pid);
    let state: EngineState = e.queue > 0 || e.tasks > 0 ? 'busy' : e.answered ? 'idle' : 'unresponsive';
    if (pid !== undefined && !proc) state = 'unresponsive'; // registered, but its process is gone
    engines.push(row(e.id, proc, state, e.completed));
  }
  // Engine processes the controller has not listed (yet): still booting, or busy ones we could not map.
  for (const proc of byPid.values()) engines.push(row(null, proc, 'starting', 0));
  return {
    folder: inputs.folder,
    profileDir: inputs.profileDir,
    profileExists: inputs.profileExists,
    controller: controller
      ? { pid: controller.pid, alive: true, startedAt: controller.startedAt ?? null, cpu: controller.cpu, memory: controller.memory }
      : null,
    engines,
    orphans: (procs?.orphans ?? []).map((p) => ({ pid: p.pid, command: p.cmd, role: p.role })),
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
