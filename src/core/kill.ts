import type { Logger } from './log';
import { childrenByParent, readStatFields, sightProcess, type ProcessSighting } from './processTable';

export interface KillReport {
  /** Pids that ended after SIGTERM. */
  terminated: number[];
  /** Pids that needed SIGKILL. */
  killed: number[];
  /** Pids still alive after SIGKILL (should never happen; reported, not hidden). */
  survivors: number[];
}

/** How a signal is sent; tests pass one that fails for chosen pids. */
export type SignalSender = (pid: number, signal: NodeJS.Signals) => void;
const sendSignal: SignalSender = (pid, signal) => process.kill(pid, signal);

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie has exited; it only waits for its parent to reap it.
  return readStatFields(pid)?.[0] !== 'Z';
}

/**
 * Still the process that was seen: alive, with the same start time, owner and command line. Seconds pass
 * between a scan and a SIGKILL, and a pid freed meanwhile can belong to anything by then. Where /proc is
 * unavailable, alive is all that can be checked.
 */
export function isSameProcess(seen: ProcessSighting): boolean {
  if (!isAlive(seen.pid)) return false;
  if (process.platform !== 'linux') return true;
  const now = sightProcess(seen.pid);
  return Boolean(
    now &&
    (seen.startedAt === undefined || now.startedAt === seen.startedAt) &&
    (seen.uid === undefined || now.uid === seen.uid) &&
    (!seen.cmd || now.cmd === seen.cmd),
  );
}

/** A process sighted now, for a pid the caller has just obtained itself (a child it spawned). */
export function sightNow(pid: number): ProcessSighting {
  return sightProcess(pid) ?? { pid, cmd: '' };
}

/** Sends one signal, only to the process that was seen. Never throws. */
function signalIfSame(target: ProcessSighting, signal: NodeJS.Signals, log: Logger, send: SignalSender): void {
  if (!isSameProcess(target)) return;
  try {
    send(target.pid, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH') log.warn(`${signal} to ${target.pid} failed (${code ?? error}); going on with the others`);
  }
}

/**
 * The targets still being what was seen, each followed by its descendants as they are now (deepest first):
 * a whole tree, sighted before any signal, since a member whose parent exits is re-parented (to init or a
 * subreaper) and can no longer be found from the root.
 */
export function sightTrees(targets: ProcessSighting[]): ProcessSighting[] {
  if (!targets.length) return [];
  const children = childrenByParent();
  const seen = new Set<number>();
  const out: ProcessSighting[] = [];
  const visit = (member: ProcessSighting) => {
    if (seen.has(member.pid)) return;
    seen.add(member.pid);
    for (const child of children.get(member.pid) ?? []) {
      const sighted = sightProcess(child);
      if (sighted) visit(sighted);
    }
    out.push(member);
  };
  for (const target of targets) if (isSameProcess(target)) visit(target);
  return out;
}

/**
 * Alive and started when the one seen was. Only for waiting: an exiting process has an empty command line
 * already, so it is no longer "the same" for a signal, but it has not gone yet.
 */
function stillRunning(seen: ProcessSighting): boolean {
  if (!isAlive(seen.pid)) return false;
  return seen.startedAt === undefined || process.platform !== 'linux' || sightProcess(seen.pid)?.startedAt === seen.startedAt;
}

/** The processes still running (those seen, not a successor with their pid) after up to timeoutMs. */
export async function waitUntilGone(targets: ProcessSighting[], timeoutMs: number): Promise<ProcessSighting[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = targets.filter(stillRunning);
  while (alive.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(stillRunning);
  }
  return alive;
}

/** Signals each process alone (not its children); one gone or replaced since it was seen is skipped. */
export function signalEach(targets: ProcessSighting[], signal: NodeJS.Signals, log: Logger, send = sendSignal): void {
  if (targets.length) log.info(`${signal} to ${targets.map((t) => t.pid).join(', ')}`);
  for (const target of targets) signalIfSame(target, signal, log, send);
}

/**
 * SIGTERM every member of each process tree, wait up to graceMs for every one of them, SIGKILL what is left
 * (with anything it started meanwhile), and report what ended how. Every process is re-checked right
 * before its signal, and one that refuses (EPERM) does not stop the rest of its tree.
 */
export async function killTrees(targets: ProcessSighting[], log: Logger, graceMs = 3000, send = sendSignal): Promise<KillReport> {
  const roots = [...new Map(targets.map((t) => [t.pid, t])).values()].filter(isSameProcess);
  if (!roots.length) return { terminated: [], killed: [], survivors: [] };
  const members = sightTrees(roots);
  log.info(`SIGTERM to process trees ${roots.map((t) => t.pid).join(', ')} (${members.length} processes)`);
  for (const member of members) signalIfSame(member, 'SIGTERM', log, send);
  const left = await waitUntilGone(members, graceMs);
  // Parents first: a killed parent cannot start a replacement for a child killed before it (a worker pool).
  const stubborn = sightTrees(left).reverse();
  if (stubborn.length) {
    log.warn(`Still alive after ${graceMs} ms, SIGKILL: ${stubborn.map((t) => t.pid).join(', ')}`);
    for (const member of stubborn) signalIfSame(member, 'SIGKILL', log, send);
  }
  const survivors = (await waitUntilGone(stubborn, 2000)).map((t) => t.pid);
  if (survivors.length) log.error(`Could not end processes ${survivors.join(', ')}`);
  const stubbornPids = stubborn.map((t) => t.pid);
  return {
    terminated: members.map((t) => t.pid).filter((p) => !stubbornPids.includes(p)),
    killed: stubbornPids.filter((p) => !survivors.includes(p)),
    survivors,
  };
}
