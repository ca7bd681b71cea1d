import * as fs from 'node:fs';

/**
 * The machine's process table, read from /proc (ps-list where there is none): rows, a process's details and
 * its children. Nothing here knows ipyparallel; processRoles.ts says which rows belong to a cluster.
 */

/** One row of the process table, as far as we need it. */
export interface ProcessRecord {
  pid: number;
  ppid: number;
  uid?: number;
  /** CPU % over the time since an earlier scan at least a second ago (the first time: over its lifetime). */
  cpu: number;
  /** Resident memory, % of the machine's. */
  memory: number;
  /** Resident memory in MiB, where known. */
  rssMiB?: number;
  cmd: string;
  startTime?: Date;
  /** Read with the row from /proc: its arguments, and its start (ms since the epoch, to the clock tick). */
  argv?: string[];
  startedAt?: number;
}

/**
 * The processes of a user (default: this one) whose command line matches. On Linux, read from /proc: every
 * process's command line, then details only for matching ones (about 30 ms with 2,000 processes, where `ps`,
 * which ps-list runs twice, reads every process's status in about 100 ms). Elsewhere, ps-list.
 */
export async function listProcesses(command: RegExp, uid = process.getuid?.()): Promise<ProcessRecord[]> {
  const fromProc = process.platform === 'linux' ? await listFromProc(command, uid) : undefined;
  return fromProc ?? listWithPsList(command, uid);
}

export async function listWithPsList(command: RegExp, uid = process.getuid?.()): Promise<ProcessRecord[]> {
  const { default: psList } = await import('ps-list'); // only where /proc is not available
  const rows = await psList({ all: true });
  return rows.filter((row) => (uid === undefined || row.uid === uid) && command.test(row.cmd ?? '')) as ProcessRecord[];
}

/**
 * Read asynchronously: a process busy allocating memory holds the lock that reading its command line (or its
 * smaps) takes, for hundreds of ms under load, and the editor must not wait on it.
 */
async function listFromProc(command: RegExp, uid: number | undefined): Promise<ProcessRecord[] | undefined> {
  let entries: string[];
  let memTotalKb: number;
  try {
    entries = await fs.promises.readdir('/proc');
    memTotalKb = Number(/^MemTotal:\s+(\d+)/m.exec(await readProcText('/proc/meminfo'))?.[1]);
  } catch {
    return undefined;
  }
  const pids = entries.filter((entry) => entry.charCodeAt(0) >= 48 && entry.charCodeAt(0) <= 57);
  const rows = await Promise.all(pids.map((entry) => readProcRow(entry, command, uid, memTotalKb)));
  const found = rows.filter((row): row is ProcessRecord => row !== undefined);
  cpuLoad.forgetAllBut(found.map((r) => r.pid));
  return found;
}

/** The process's row when its command line matches and it is the user's; undefined otherwise or once it ended. */
async function readProcRow(entry: string, command: RegExp, uid: number | undefined, memTotalKb: number): Promise<ProcessRecord | undefined> {
  try {
    const raw = await readProcText(`/proc/${entry}/cmdline`);
    if (!command.test(raw)) return undefined;
    const owner = (await fs.promises.stat(`/proc/${entry}`)).uid;
    if (uid !== undefined && owner !== uid) return undefined;
    const [stat, status] = await Promise.all([readProcText(`/proc/${entry}/stat`), readProcText(`/proc/${entry}/status`)]);
    const now = Date.now(); // when its CPU time was read: rows are read over a while under load
    const fields = statFields(stat);
    const startedAt = startFromStat(fields);
    const record: ProcessRecord = {
      pid: Number(entry),
      ppid: Number(fields[1]),
      uid: owner,
      cpu: 0,
      memory: 0,
      cmd: raw.split('\0').filter(Boolean).join(' '),
      argv: argvOf(raw),
      startedAt,
    };
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    if (startedAt) record.cpu = cpuLoad.percent(record.pid, startedAt, cpuSeconds, now);
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    record.memory = memTotalKb ? (100 * rssKb) / memTotalKb : 0;
    record.rssMiB = rssKb / 1024;
    record.startTime = startedAt ? new Date(startedAt) : undefined;
    return record;
  } catch {
    return undefined; // the process ended while we read it
  }
}

interface CpuSample {
  at: number;
  cpuSeconds: number;
}

/**
 * CPU % over a recent window, where ps gives the lifetime average (an engine busy for a minute after an
 * idle hour would show 2%). Scans come from the view's refresh and from commands, at any rhythm: each
 * process keeps its samples back to the newest one at least `windowMs` old, and the load is measured
 * from that one.
 */
export class CpuLoad {
  private readonly samples = new Map<string, CpuSample[]>();

  constructor(private readonly windowMs = 1000) {}

  percent(pid: number, startedAt: number, cpuSeconds: number, now: number): number {
    const key = `${pid}@${startedAt}`; // a reused pid is another process
    const samples = this.samples.get(key) ?? [];
    this.samples.set(key, samples);
    // Two scans may overlap: a read older than the newest sample is measured, not kept.
    if (!samples.length || now > samples[samples.length - 1].at) samples.push({ at: now, cpuSeconds });
    while (samples.length > 2 && samples[1].at <= now - this.windowMs) samples.shift();
    const since = samples[0].at <= now - this.windowMs ? samples[0] : { at: startedAt, cpuSeconds: 0 };
    return (100 * (cpuSeconds - since.cpuSeconds)) / Math.max(1, (now - since.at) / 1000);
  }

  /** Drops the samples of processes that are gone. */
  forgetAllBut(pids: number[]): void {
    const alive = new Set(pids);
    for (const key of this.samples.keys()) if (!alive.has(Number(key.split('@')[0]))) this.samples.delete(key);
  }
}

const cpuLoad = new CpuLoad();

export function readProcArgv(record: ProcessRecord): string[] {
  if (record.argv?.length) return record.argv;
  try {
    const argv = argvOf(readProcTextSync(`/proc/${record.pid}/cmdline`));
    if (argv.length) return argv;
  } catch {
    // Not Linux, or the process is gone: the space-joined command line is the best we have.
  }
  return record.cmd.split(' ');
}

function argvOf(cmdline: string): string[] {
  const argv = cmdline.split('\0');
  if (argv[argv.length - 1] === '') argv.pop();
  return argv;
}

/** The warm process reads its requests from a pipe (a socket pair, from Node) on stdin; an engine it forked has /dev/null there. */
export function isWaitingOnPipe(pid: number): boolean {
  try {
    return /^(pipe|socket):/.test(fs.readlinkSync(`/proc/${pid}/fd/0`));
  } catch {
    return false;
  }
}

/** A process's proportional set size in MiB (/proc/<pid>/smaps_rollup), or undefined where it is not readable. */
export async function readPssMiB(pid: number): Promise<number | undefined> {
  try {
    const kb = /^Pss:\s+(\d+)/m.exec(await readProcText(`/proc/${pid}/smaps_rollup`))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** A process's name (/proc/<pid>/comm), or undefined when it is gone. */
export function readProcName(pid: number): string | undefined {
  try {
    return readProcTextSync(`/proc/${pid}/comm`).trimEnd();
  } catch {
    return undefined;
  }
}

export function readProcCwd(pid: number): string | undefined {
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
  if (record.startedAt !== undefined) return record.startedAt;
  const fields = readStatFields(record.pid);
  return (fields && startFromStat(fields)) ?? record.startTime?.getTime();
}

/** /proc/<pid>/stat after the parenthesised command name: [0] state, [1] ppid, [11] utime, [12] stime, [19] starttime. */
export function readStatFields(pid: number): string[] | undefined {
  try {
    return statFields(readProcTextSync(`/proc/${pid}/stat`));
  } catch {
    return undefined;
  }
}

const statFields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** A process as it was seen: pid, start time, owner and command line (what identifies it, pid reuse aside). */
export type ProcessSighting = Pick<ProcessRecord, 'pid' | 'cmd' | 'uid'> & { startedAt?: number };

/** The process with this pid as it is now, read from /proc; undefined when it is gone or /proc is unavailable. */
export function sightProcess(pid: number): ProcessSighting | undefined {
  try {
    const fields = readStatFields(pid);
    if (!fields) return undefined;
    const cmd = readProcTextSync(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ');
    return { pid, cmd, uid: fs.statSync(`/proc/${pid}`).uid, startedAt: startFromStat(fields) };
  } catch {
    return undefined;
  }
}

/** Pid → its children's pids, over every process of the machine (/proc); empty where /proc is unavailable. */
export function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return children;
  }
  for (const entry of entries) {
    const ppid = Number(readStatFields(Number(entry))?.[1]);
    if (!ppid) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  return children;
}

function startFromStat(fields: string[]): number | undefined {
  if (bootTimeMs === undefined) {
    try {
      const btime = /^btime (\d+)$/m.exec(readProcTextSync('/proc/stat'));
      bootTimeMs = btime ? Number(btime[1]) * 1000 : NaN;
    } catch {
      bootTimeMs = NaN;
    }
  }
  const ticks = Number(fields[19]);
  return Number.isFinite(bootTimeMs) && Number.isFinite(ticks) ? bootTimeMs + (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}

/**
 * /proc files report size 0, so fs.readFile reads them in fresh 64 KiB buffers, twice per file: over every
 * process at each scan, that was most of the extension host's garbage during a run. These read in a few KiB.
 */
const PROC_READ_BYTES = 4096;

export async function readProcText(file: string): Promise<string> {
  // The callback API: its FileHandle cost about twice as much CPU per file.
  const fd = await new Promise<number>((resolve, reject) => fs.open(file, 'r', (error, opened) => (error ? reject(error) : resolve(opened))));
  try {
    let buffer: Buffer = Buffer.allocUnsafe(PROC_READ_BYTES);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = grown(buffer);
      const into = buffer;
      const bytesRead = await new Promise<number>((resolve, reject) =>
        fs.read(fd, into, length, into.length - length, null, (error, read) => (error ? reject(error) : resolve(read))),
      );
      if (bytesRead === 0) return buffer.toString('utf8', 0, length);
      length += bytesRead;
    }
  } finally {
    fs.close(fd, () => undefined);
  }
}

let syncBuffer: Buffer = Buffer.allocUnsafe(PROC_READ_BYTES);

export function readProcTextSync(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === syncBuffer.length) syncBuffer = grown(syncBuffer);
      const bytesRead = fs.readSync(fd, syncBuffer, length, syncBuffer.length - length, null);
      if (bytesRead === 0) return syncBuffer.toString('utf8', 0, length);
      length += bytesRead;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function grown(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger);
  return bigger;
}
