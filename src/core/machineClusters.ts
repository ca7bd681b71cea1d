import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readClusterFiles, type ClusterFile } from './clusterFiles';
import { clusterIdOfFile } from './ipyparallel';
import { identifyProcess, matchProfileProcesses, readProcEnvironment, type ClusterProcesses, type MatchOptions, type ProfileProcess } from './processRoles';
import { isWaitingOnPipe, readProcArgv, readProcCwd, readProcName, readProcTextSync, type ProcessRecord } from './processTable';

// Every ipyparallel cluster of this user on this machine, whoever started it (a notebook's `ipp.Cluster`,
// `ipcluster start` in a shell, JupyterLab's panel): from cluster files and the process table only, no
// Python and no network. A cluster of another user is never listed (the table holds this user's processes).

/** What started a cluster's controller: its parent when first seen, and whether that parent still runs. */
export interface StartedBy {
  /** The parent's pid; null where the controller had lost its parent before it was first seen. */
  pid: number | null;
  alive: boolean;
  /** What the parent is: `a Jupyter kernel`, `ipcluster`, or its program's name. */
  what: string | null;
}

/** `running`: a live controller. `orphaned`: its controller is gone, processes of it are left. `stale`: only its files are left. */
export type MachineClusterState = 'running' | 'orphaned' | 'stale';

export interface MachineCluster {
  profileDir: string;
  clusterId: string;
  /** The live controller's pid; for a dead cluster, the one its file recorded (null where none). */
  controllerPid: number | null;
  /** Engine processes here; for batch and SSH launchers, the count its file records (they run elsewhere). */
  engines: number;
  /** ipyparallel's launcher name from the cluster file (`local`, `mpi`, `slurm`, `ssh`, …); `local` without one. */
  launcher: string;
  startedBy: StartedBy | null;
  /** The workspace folder this cluster was tied to with Watch This Cluster for This Folder; null otherwise. */
  adoptedBy: string | null;
  state: MachineClusterState;
  /** When its controller started (ms), where it runs. */
  startedAt: number | null;
  /** Its cluster file, where one exists. */
  clusterFile: string | null;
  /** Every process of it here, controller first. */
  processes: ProfileProcess[];
}

/** The contract's view of a listed cluster (getMachineClusters, and each row of the This Machine view). */
export type MachineClusterInfo = Omit<MachineCluster, 'clusterFile' | 'processes'> & {
  /** The workspace folder whose own cluster this is (the cluster view shows it); null for the others. */
  workspaceFolder: string | null;
  pids: number[];
};

/** `owner`: the workspace folder whose own cluster it is. */
export function machineClusterInfo(cluster: MachineCluster, owner: string | null): MachineClusterInfo {
  const info: MachineClusterInfo & Partial<Pick<MachineCluster, 'clusterFile' | 'processes'>> = {
    ...cluster,
    workspaceFolder: owner,
    pids: cluster.processes.map((p) => p.pid),
  };
  // What the contract does not name stays inside (the process records are large, the file is a detail).
  delete info.clusterFile;
  delete info.processes;
  return info;
}

/** A running cluster whose starter (a kernel, a script, ipcluster in a terminal) was seen and is gone: Kill Orphans ends it. */
export function leftByItsStarter(cluster: Pick<MachineCluster, 'state' | 'startedBy'>): boolean {
  return cluster.state === 'running' && cluster.startedBy !== null && cluster.startedBy.pid !== null && !cluster.startedBy.alive;
}

/** The profiles of an IPython directory (`profile_*` folders, not links to elsewhere); none if it is missing. */
export function ipythonProfiles(ipythonDir = process.env.IPYTHONDIR || path.join(os.homedir(), '.ipython')): string[] {
  return subdirectories(ipythonDir, (name) => name.startsWith('profile_'));
}

/** `profile_*` folders directly inside a workspace folder. */
export function folderProfiles(folder: string): string[] {
  return subdirectories(folder, (name) => name.startsWith('profile_'));
}

function subdirectories(dir: string, pick: (name: string) => boolean): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && pick(e.name))
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

/**
 * Remembers the parent each controller had when first seen: once that parent dies (a notebook kernel
 * killed), the controller is re-parented (to init or a subreaper), and only this memory still knows it
 * had another. One per extension host; controllers are keyed by pid and start time (pids are reused).
 */
export class ParentMemory {
  private readonly parents = new Map<string, { pid: number | null; what: string | null }>();

  startedBy(controller: ProfileProcess, readParent: (pid: number) => string[] | undefined): StartedBy {
    const key = `${controller.pid}@${controller.startedAt ?? ''}`;
    let first = this.parents.get(key);
    if (!first) {
      const argv = controller.ppid > 1 ? readParent(controller.ppid) : undefined;
      first = argv ? { pid: controller.ppid, what: describeParent(argv) } : { pid: null, what: null };
      this.parents.set(key, first);
    }
    return { ...first, alive: first.pid !== null && controller.ppid === first.pid };
  }

  /** Forgets controllers no longer seen. */
  keepOnly(controllers: readonly ProfileProcess[]): void {
    const seen = new Set(controllers.map((c) => `${c.pid}@${c.startedAt ?? ''}`));
    for (const key of this.parents.keys()) if (!seen.has(key)) this.parents.delete(key);
  }
}

/** What a parent process is, from its command line. */
export function describeParent(argv: readonly string[]): string {
  const line = argv.join(' ');
  if (/ipykernel/.test(line)) return 'a Jupyter kernel';
  if (/jupyter[-_](lab|server|notebook)|jupyterlab|jupyter_server/.test(line)) return 'a Jupyter server';
  if (/ipcluster|ipyparallel\.cluster/.test(line)) return 'ipcluster';
  return path.basename(argv[0] ?? '') || '?';
}

export interface MachineScanInputs {
  /** Profiles to look in for cluster files: the IPython directory's and the workspace's. */
  profileDirs: readonly string[];
  /** This user's ipyparallel processes (listOwnProcesses). */
  table: ProcessRecord[];
  parents: ParentMemory;
  uid?: number;
  /** Folder a cluster was adopted by, if any. */
  adoptedBy?: (profileDir: string, clusterId: string) => string | null;
  /** Test seams: the readers processRoles uses, and a parent's command line. */
  readers?: Pick<MatchOptions, 'readArgv' | 'readCwd' | 'readEnvironment' | 'isWaitingStandby' | 'readName' | 'startedAt'>;
  readParent?: (pid: number) => string[] | undefined;
}

/**
 * Every cluster of the profiles given and of every profile a running ipyparallel process names, sorted by
 * profile and id. Each process's /proc entries are read once, however many profiles are matched.
 */
export function scanMachineClusters(inputs: MachineScanInputs): MachineCluster[] {
  const readers = memoizedReaders(inputs.readers ?? {});
  const byRealPath = new Map<string, string>();
  /** Its real path, once per profile however many names lead to it; undefined for one that is not there. */
  const addProfile = (dir: string) => {
    const real = realPath(dir);
    if (real && !byRealPath.has(real)) byRealPath.set(real, dir);
    return real;
  };
  inputs.profileDirs.forEach(addProfile);
  const withProcesses = new Set<string>();
  for (const record of inputs.table) {
    const dir = identifyProcess(record, readers)?.profileDir;
    const real = dir && addProfile(dir);
    if (real) withProcesses.add(real);
  }
  const found: MachineCluster[] = [];
  const controllers: ProfileProcess[] = [];
  for (const [real, profileDir] of byRealPath) {
    const files = readClusterFiles(profileDir);
    const fileOf = new Map(files.map((f) => [clusterIdOfFile(f.file) ?? '', f]));
    const seen = new Set<string>();
    if (withProcesses.has(real)) {
      const procs = matchProfileProcesses(inputs.table, profileDir, {
        ...readers,
        uid: inputs.uid,
        controllerPidHints: files.flatMap((f) => (f.controllerPid ? [f.controllerPid] : [])),
      });
      for (const cluster of [procs, ...procs.otherClusters].filter((c) => c.controller)) {
        seen.add(cluster.clusterId);
        controllers.push(cluster.controller!);
        const startedBy = inputs.parents.startedBy(cluster.controller!, inputs.readParent ?? readParentArgv);
        found.push(entry(profileDir, cluster.clusterId, fileOf.get(cluster.clusterId), 'running', liveProcesses(cluster), startedBy, inputs));
      }
      const orphanIds = new Set(procs.orphans.map((o) => o.clusterId));
      for (const clusterId of orphanIds) {
        if (seen.has(clusterId)) continue;
        seen.add(clusterId);
        const left = procs.orphans.filter((o) => o.clusterId === clusterId);
        found.push(entry(profileDir, clusterId, fileOf.get(clusterId), 'orphaned', left, null, inputs));
      }
    }
    for (const [clusterId, file] of fileOf) {
      // A dead controller's engines may still run in a batch job or on SSH hosts: not merely files, then.
      const elsewhere = file.engineSets.some((s) => s.kind !== 'local');
      if (!seen.has(clusterId)) found.push(entry(profileDir, clusterId, file, elsewhere ? 'orphaned' : 'stale', [], null, inputs));
    }
  }
  inputs.parents.keepOnly(controllers);
  return found.sort((a, b) => a.profileDir.localeCompare(b.profileDir) || a.clusterId.localeCompare(b.clusterId));
}

function liveProcesses(cluster: ClusterProcesses): ProfileProcess[] {
  return [cluster.controller!, ...cluster.schedulers, ...cluster.engines, ...cluster.nannies, ...cluster.launchers, ...cluster.standby];
}

function entry(
  profileDir: string,
  clusterId: string,
  file: ClusterFile | undefined,
  state: MachineClusterState,
  processes: ProfileProcess[],
  startedBy: StartedBy | null,
  inputs: MachineScanInputs,
): MachineCluster {
  const controller = state === 'running' ? processes[0] : undefined;
  const sets = file?.engineSets ?? [];
  const launcher = sets.find((s) => s.kind !== 'local')?.kind ?? 'local';
  const enginesHere = processes.filter((p) => p.role === 'engine').length;
  const enginesElsewhere = sets.filter((s) => s.kind !== 'local').reduce((n, s) => n + (s.n ?? 0), 0);
  return {
    profileDir,
    clusterId,
    controllerPid: controller?.pid ?? file?.controllerPid ?? null,
    engines: launcher === 'local' ? enginesHere : enginesHere + enginesElsewhere,
    launcher,
    startedBy,
    adoptedBy: inputs.adoptedBy?.(profileDir, clusterId) ?? null,
    state,
    startedAt: controller?.startedAt ?? null,
    clusterFile: file?.file ?? null,
    processes,
  };
}

function readParentArgv(pid: number): string[] | undefined {
  try {
    const argv = readProcTextSync(`/proc/${pid}/cmdline`).split('\0').filter(Boolean);
    return argv.length ? argv : undefined;
  } catch {
    return undefined;
  }
}

function realPath(dir: string): string | undefined {
  try {
    return fs.realpathSync(dir);
  } catch {
    return undefined;
  }
}

/** processRoles' readers, each /proc entry read once per scan however many profiles match against it. */
function memoizedReaders(given: NonNullable<MachineScanInputs['readers']>): NonNullable<MachineScanInputs['readers']> {
  const once = <K, V>(read: (key: K) => V) => {
    const cache = new Map<K, V>();
    return (key: K) => {
      if (!cache.has(key)) cache.set(key, read(key));
      return cache.get(key)!;
    };
  };
  return {
    readArgv: once(given.readArgv ?? readProcArgv),
    readCwd: once(given.readCwd ?? readProcCwd),
    readEnvironment: once(given.readEnvironment ?? readProcEnvironment),
    isWaitingStandby: once(given.isWaitingStandby ?? isWaitingOnPipe),
    readName: once(given.readName ?? readProcName),
    startedAt: given.startedAt,
  };
}
