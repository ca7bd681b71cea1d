import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { UserError } from './errors';
import { clusterIdOfFile } from './ipyparallel';
import { ProfileFileRefused, readProfileFile, readProfileText } from './profileFile';
import { parseSshHost } from './sshEngines';

/** What ipcluster recorded in `security/cluster-<id>.json`: hints only, the process table is the truth. */
export interface ClusterFile {
  file: string;
  controllerPid?: number;
  requestedEngines?: number;
  /** The controller's log (ipyparallel 7.1 and later record it). */
  controllerLog?: string;
  /** Each engine's log by the pid ipcluster launched (the engine process itself). */
  engineLogs: { pid: number; log: string }[];
  /** The engine sets ipcluster launched: `local`, `mpi` (with mpiexec's pid), `slurm` (with the job id), … */
  engineSets: EngineSet[];
}

export interface EngineSet {
  id: string;
  /** ipyparallel's abbreviation of the launcher class: local, mpi, slurm, pbs, sge, lsf, ssh, … */
  kind: string;
  n?: number;
  /** A batch system's job id (Slurm). */
  jobId?: string;
  /** The process ipcluster started for the set (mpiexec for MPI). */
  pid?: number;
  /** The hosts an SSH set's engines were started on (`user@host` where a user is recorded); only names ssh cannot take for options. */
  hosts?: string[];
}

export function clusterFilePaths(profileDir: string): string[] {
  const security = path.join(profileDir, 'security');
  try {
    return fs
      .readdirSync(security)
      .filter((name) => /^cluster-.*\.json$/.test(name))
      .map((name) => path.join(security, name));
  } catch {
    return [];
  }
}

/** Parses a cluster file's text; anything malformed yields what could be read, never an exception. */
export function parseClusterFile(file: string, text: string): ClusterFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const field = (value: unknown, key: string): unknown => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);
  if (!data || typeof data !== 'object') return undefined;
  const isPid = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;
  // Only logs inside the profile's log folder: the file is ours to read, nothing it names elsewhere is.
  const logDir = path.join(path.dirname(path.dirname(file)), 'log') + path.sep;
  const logIn = (value: unknown) => (typeof value === 'string' && path.resolve(value).startsWith(logDir) ? path.resolve(value) : undefined);
  const controllerState = field(field(data, 'controller'), 'state');
  const pid = field(controllerState, 'pid');
  const n = field(field(data, 'cluster'), 'n');
  const kind = field(field(data, 'engines'), 'class');
  const sets = field(field(data, 'engines'), 'sets');
  const isRecord = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
  const engineSets = Object.entries(isRecord(sets) ? sets : {})
    .filter(([, set]) => isRecord(set))
    .map(([id, set]): EngineSet => {
      const jobId = field(set, 'job_id');
      const setPid = field(set, 'pid');
      const count = field(set, 'n');
      const engines = field(set, 'engines');
      const hosts = Object.values(isRecord(engines) ? engines : {}).flatMap((engine: unknown) => {
        const [host, user] = [field(engine, 'hostname'), field(engine, 'user')];
        const name = typeof host === 'string' ? (typeof user === 'string' && user ? `${user}@${host}` : host) : '';
        return parseSshHost(name) ? [name] : [];
      });
      return {
        id,
        kind: typeof kind === 'string' ? kind : 'local',
        n: typeof count === 'number' ? count : undefined,
        // Slurm job ids are digits (an array job's "12_3" included): nothing else is passed to scancel.
        jobId: typeof jobId === 'string' && /^\d+(_\d+)?$/.test(jobId) ? jobId : undefined,
        pid: isPid(setPid) ? setPid : undefined,
        ...(hosts.length ? { hosts: [...new Set(hosts)] } : {}),
      };
    });
  const engineLogs = Object.values(sets && typeof sets === 'object' ? sets : {}).flatMap((set: unknown) => {
    const engines = field(set, 'engines');
    return Object.values(engines && typeof engines === 'object' ? engines : {}).flatMap((engine: unknown) => {
      const enginePid = field(engine, 'pid');
      const log = logIn(field(engine, 'output_file'));
      return isPid(enginePid) && log ? [{ pid: enginePid, log }] : [];
    });
  });
  return {
    file,
    controllerPid: isPid(pid) ? pid : undefined,
    requestedEngines: typeof n === 'number' ? n : undefined,
    controllerLog: logIn(field(controllerState, 'output_file')),
    engineLogs,
    engineSets,
  };
}

/** A cluster file lists each engine (a few hundred bytes each): room for thousands. */
const CLUSTER_FILE_MAX_BYTES = 8 << 20;

export function readClusterFiles(profileDir: string): ClusterFile[] {
  const out: ClusterFile[] = [];
  for (const file of clusterFilePaths(profileDir)) {
    // Gone between readdir and read, or refused (a symlink, a FIFO, too large): no hint from it.
    const text = readProfileText(file, CLUSTER_FILE_MAX_BYTES);
    const parsed = text === undefined ? undefined : parseClusterFile(file, text);
    if (parsed) out.push(parsed);
  }
  return out;
}

/** The profile's cluster files, those of these cluster ids only when given. */
export function clusterFilesOf(profileDir: string, clusterIds?: readonly string[]): ClusterFile[] {
  return readClusterFiles(profileDir).filter((f) => !clusterIds || clusterIds.includes(clusterIdOfFile(f.file) ?? ''));
}

/** The engine sets recorded for one cluster (kind, Slurm job id, mpiexec pid). */
export function engineSetsOf(profileDir: string, clusterId: string): EngineSet[] {
  return clusterFilesOf(profileDir, [clusterId]).flatMap((f) => f.engineSets);
}

const isString = (v: unknown) => typeof v === 'string';
const isPort = (v: unknown) => (Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536) || (typeof v === 'string' && v !== '');
const isStringOrNull = (v: unknown) => v === null || isString(v);
const isAddress = (v: unknown) => typeof v === 'string' && v.includes('://');
const expect = {
  string: () => l10n.t('a string'),
  port: () => l10n.t('a port'),
  stringOrNull: () => l10n.t('a string or null'),
  address: () => l10n.t('an address such as tcp://127.0.0.1'),
};
/** The fields of a client connection file that ipyparallel's Client uses (7.1 to 9.x), each with what it must be. */
const CLIENT_FIELDS: { name: string; required: boolean; valid: (v: unknown) => boolean; expected: () => string }[] = [
  { name: 'key', required: true, valid: isString, expected: expect.string },
  { name: 'registration', required: true, valid: isPort, expected: expect.port },
  { name: 'interface', required: true, valid: isAddress, expected: expect.address },
  ...['control', 'mux', 'task', 'iopub', 'notification', 'broadcast'].map((name) => ({ name, required: false, valid: isPort, expected: expect.port })),
  ...['task_scheme', 'pack', 'unpack', 'signature_scheme'].map((name) => ({ name, required: false, valid: isString, expected: expect.string })),
  ...['location', 'ssh', 'curve_serverkey'].map((name) => ({ name, required: false, valid: isStringOrNull, expected: expect.stringOrNull })),
];

/**
 * Reads and checks the client connection file before a Client is pointed at it (see validateClientFile).
 * Missing is fine (the cluster is not running); one that cannot be read is a clear error naming it.
 */
export function checkClientFile(file: string): void {
  let text: string;
  try {
    text = readProfileFile(file);
  } catch (error) {
    if (error instanceof ProfileFileRefused && error.reason === 'missing') return;
    const why = error instanceof ProfileFileRefused ? error.message : String(error);
    throw new UserError('corrupt-file', l10n.t('The connection file cannot be used: {0}. Stop and start the cluster to rewrite it.', why));
  }
  validateClientFile(text, file);
}

/**
 * Checks the client connection file's text: empty, truncated or wrong-shaped is a clear error instead of
 * a Python traceback.
 */
export function validateClientFile(text: string, file: string): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text, and the text holds the cluster's key.
    throw new UserError(
      'corrupt-file',
      text.trim()
        ? l10n.t('The connection file {0} is not valid JSON (truncated?). Stop and start the cluster to rewrite it.', file)
        : l10n.t('The connection file {0} is empty. Stop and start the cluster to rewrite it.', file),
    );
  }
  const record = data as Record<string, unknown> | null;
  if (!record || typeof record !== 'object' || Array.isArray(record) || !('key' in record) || !('registration' in record)) {
    throw new UserError(
      'corrupt-file',
      l10n.t("The connection file {0} lacks the controller's address and key. Stop and start the cluster to rewrite it.", file),
    );
  }
  // Only the field's name and type are named: its value may be the key.
  const wrong = CLIENT_FIELDS.find((f) => (f.name in record ? !f.valid(record[f.name]) : f.required));
  if (wrong) {
    throw new UserError(
      'corrupt-file',
      l10n.t('The connection file {0} has no valid "{1}" ({2} expected). Stop and start the cluster to rewrite it.', file, wrong.name, wrong.expected()),
    );
  }
}
