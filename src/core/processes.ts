import * as fs from 'node:fs';
import * as path from 'node:path';

/** One row of the process table, as far as we need it. */
export interface ProcessRecord {
  pid: number;
  ppid: number;
  uid?: number;
  cpu: number;
  memory: number;
  cmd: string;
  startTime?: Date;
}

export type ProcessRole = 'controller' | 'scheduler' | 'engine' | 'nanny' | 'ipcluster';

export interface ProfileProcess extends ProcessRecord {
  role: ProcessRole;
  /** Start time in ms since the epoch (from /proc when available: sub-second precision). */
  startedAt?: number;
}

export interface ProfileProcesses {
  /** The live controller of this profile, if one runs. */
  controller?: ProfileProcess;
  schedulers: ProfileProcess[];
  /** Engines owned by the live controller. */
  engines: ProfileProcess[];
  nannies: ProfileProcess[];
  launchers: ProfileProcess[];
  /** Processes of this profile that no live controller owns (each with its nanny children). */
  orphans: ProfileProcess[];
  /** Every matched process: what stop and delete must end. */
  all: ProfileProcess[];
}

export interface MatchOptions {
  /** Only this user's processes are ever considered. */
  uid?: number;
  /** argv of a pid; defaults to /proc/<pid>/cmdline, falling back to splitting the command line. */
  readArgv?: (record: ProcessRecord) => string[];
  /** Working directory of a pid, to resolve a relative --profile-dir. */
  readCwd?: (pid: number) => string | undefined;
  startedAt?: (record: ProcessRecord) => number | undefined;
  /** Controller pids recorded by ipcluster in the profile's cluster files. */
  controllerPidHints?: number[];
}

const IPYPARALLEL_COMMAND = /ipyparallel|ipcontroller|ipengine|ipcluster/;

/**
 * The current user's processes that can belong to a cluster. On Linux, read from /proc: every process's
 * command line, then details only for ipyparallel ones (about 30 ms with 2,000 processes, where `ps`,
 * which ps-list runs twice, reads every process's status in about 100 ms). Elsewhere, ps-list.
 */
export async function listOwnProcesses(): Promise<ProcessRecord[]> {
  const uid = process.getuid?.();
  const fromProc = process.platform === 'linux' ? listFromProc(uid) : undefined;
  return fromProc ?? listWithPsList(uid);
}

export async function listWithPsList(uid = process.getuid?.()): Promise<ProcessRecord[]> {
  const { default: psList } = await import('ps-list'); // only where /proc is not available
  const rows = await psList({ all: true });
  return rows.filter((row) => (uid === undefined || row.uid === uid) && IPYPARALLEL_COMMAND.test(row.cmd ?? '')) as ProcessRecord[];
}

function listFromProc(uid: number | undefined): ProcessRecord[] | undefined {
  let entries: string[];
  let memTotalKb: number;
  try {
    entries = fs.readdirSync('/proc');
    memTotalKb = Number(/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
  const now = Date.now();
  const rows: ProcessRecord[] = [];
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    try {
      const raw = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!IPYPARALLEL_COMMAND.test(raw)) continue;
      const owner = fs.statSync(`/proc/${entry}`).uid;
      if (uid !== undefined && owner !== uid) continue;
      const fields = readStatFields(Number(entry));
      if (!fields) continue;
      const record: ProcessRecord = { pid: Number(entry), ppid: Number(fields[1]), uid: owner, cpu: 0, memory: 0, cmd: raw.split('\0').filter(Boolean).join(' ') };
      const startedAt = startFromStat(fields);
      const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
      // Like ps: CPU time over lifetime, resident memory over total.
      if (startedAt) record.cpu = (100 * cpuSeconds) / Math.max(1, (now - startedAt) / 1000);
      const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] ?? 0);
      record.memory = memTotalKb ? (100 * rssKb) / memTotalKb : 0;
      record.startTime = startedAt ? new Date(startedAt) : undefined;
      rows.push(record);
    } catch {
      // The process ended while we read it.
    }
  }
  return rows;
}

const ROLE_BY_MODULE: Record<string, ProcessRole> = {
  'ipyparallel.controller': 'controller',
  'ipyparallel.engine': 'engine',
  'ipyparallel.engine.nanny': 'nanny',
  'ipyparallel.cluster': 'ipcluster',
  ipcontroller: 'controller',
  ipengine: 'engine',
  ipcluster: 'ipcluster',
};

/** The ipyparallel role of a command line, from `-m module` or the script name; undefined for anything else. */
export function roleOf(argv: string[]): ProcessRole | undefined {
  const m = argv.indexOf('-m');
  if (m >= 0 && argv[m + 1] in ROLE_BY_MODULE) return ROLE_BY_MODULE[argv[m + 1]];
  for (const arg of argv.slice(0, 3)) {
    const role = ROLE_BY_MODULE[path.basename(arg)];
    if (role && role !== 'nanny') return role;
  }
  return undefined;
}

/** The `--profile-dir` value of a command line (`--profile-dir P` or `--profile-dir=P`). */
export function profileDirArg(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--profile-dir' || argv[i] === '--ProfileDir.location') return argv[i + 1];
    const eq = /^--(?:profile-dir|ProfileDir\.location)=(.*)$/.exec(argv[i]);
    if (eq) return eq[1];
  }
  return undefined;
}

export function readProcArgv(record: ProcessRecord): string[] {
  try {
    const raw = fs.readFileSync(`/proc/${record.pid}/cmdline`, 'utf8');
    const argv = raw.split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    if (argv.length) return argv;
  } catch {
    // Not Linux, or the process is gone: the space-joined command line is the best we have.
  }
  return record.cmd.split(' ');
}

function readProcCwd(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

let bootTimeMs: number | undefined;
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on every Linux userland we run on

/** Start time with sub-second precision from /proc/<pid>/stat; ps-list's start time (whole seconds) elsewhere. */
export function processStartedAt(record: ProcessRecord): number | undefined {
  const fields = readStatFields(record.pid);
  return (fields && startFromStat(fields)) ?? record.startTime?.getTime();
}

/** /proc/<pid>/stat after the parenthesised command name: [0] state, [1] ppid, [11] utime, [12] stime, [19] starttime. */
export function readStatFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function startFromStat(fields: string[]): number | undefined {
  if (bootTimeMs === undefined) {
    try {
      const btime = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
      bootTimeMs = btime ? Number(btime[1]) * 1000 : NaN;
    } catch {
      bootTimeMs = NaN;
    }
  }
  const ticks = Number(fields[19]);
  return Number.isFinite(bootTimeMs) && Number.isFinite(ticks) ? bootTimeMs + (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}

function sameDirectory(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * The processes of one profile, matched by the exact resolved `--profile-dir` argument (never a substring:
 * `…/vm` does not match `…/vm2`, and `tail -f <profile>/log/x` is not ipyparallel), with nannies found by
 * parent pid, and sorted into the live cluster and orphans.
 */
export function matchProfileProcesses(table: ProcessRecord[], profileDir: string, options: MatchOptions = {}): ProfileProcesses {
  const readArgv = options.readArgv ?? readProcArgv;
  const readCwd = options.readCwd ?? readProcCwd;
  const startedAt = options.startedAt ?? processStartedAt;
  const target = path.resolve(profileDir);
  const uidOk = (r: ProcessRecord) => options.uid === undefined || r.uid === options.uid;

  const matched: ProfileProcess[] = [];
  const engineLike: ProfileProcess[] = [];
  for (const record of table) {
    if (!uidOk(record) || !IPYPARALLEL_COMMAND.test(record.cmd)) continue;
    const argv = readArgv(record);
    const role = roleOf(argv);
    if (!role || role === 'nanny') continue;
    const arg = profileDirArg(argv);
    if (!arg) continue;
    const resolved = path.isAbsolute(arg) ? path.resolve(arg) : path.resolve(readCwd(record.pid) ?? '/', arg);
    if (!sameDirectory(resolved, target)) continue;
    const proc: ProfileProcess = { ...record, role, startedAt: startedAt(record) };
    matched.push(proc);
    if (role === 'engine') engineLike.push(proc);
  }

  const enginePids = new Set(engineLike.map((e) => e.pid));
  const nannies: ProfileProcess[] = table
    .filter((r) => uidOk(r) && enginePids.has(r.ppid) && /ipyparallel\.engine\.nanny/.test(r.cmd))
    .map((r) => ({ ...r, role: 'nanny' as const, startedAt: startedAt(r) }));

  const controllerPids = new Set(matched.filter((p) => p.role === 'controller').map((p) => p.pid));
  const schedulers = matched.filter((p) => p.role === 'controller' && controllerPids.has(p.ppid));
  for (const s of schedulers) s.role = 'scheduler';
  const mains = matched.filter((p) => p.role === 'controller');
  const hints = new Set(options.controllerPidHints ?? []);
  const hasChildren = (p: ProfileProcess) => schedulers.some((s) => s.ppid === p.pid);
  // A scheduler left behind by a killed controller looks like a controller without children: not live.
  const live =
    mains.find((p) => hints.has(p.pid)) ??
    mains.filter(hasChildren).sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0))[0];

  const orphans: ProfileProcess[] = [];
  const engines: ProfileProcess[] = [];
  for (const p of matched) {
    if (p.role === 'ipcluster' || p === live) continue;
    if (p.role === 'scheduler' && live && p.ppid === live.pid) continue;
    // An engine older than the live controller registered with a previous controller.
    const ownedEngine = p.role === 'engine' && live && (p.startedAt ?? 0) >= (live.startedAt ?? 0) - 1000;
    if (ownedEngine) engines.push(p);
    else orphans.push(p);
  }
  const orphanPids = new Set(orphans.map((o) => o.pid));
  orphans.push(...nannies.filter((n) => orphanPids.has(n.ppid)));

  return {
    controller: live,
    schedulers: schedulers.filter((s) => live && s.ppid === live.pid),
    engines,
    nannies,
    launchers: matched.filter((p) => p.role === 'ipcluster'),
    orphans,
    all: [...matched, ...nannies],
  };
}
