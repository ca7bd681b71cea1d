import treeKill from 'tree-kill';
import type { Logger } from './log';
import { readStatFields } from './processes';

export interface KillReport {
  /** Pids that ended after SIGTERM. */
  terminated: number[];
  /** Pids that needed SIGKILL. */
  killed: number[];
  /** Pids still alive after SIGKILL (should never happen; reported, not hidden). */
  survivors: number[];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie has exited; it only waits for its parent to reap it.
  return readStatFields(pid)?.[0] !== 'Z';
}

function signalTree(pid: number, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => treeKill(pid, signal, () => resolve()));
}

/** The pids still alive after up to timeoutMs. */
export async function waitUntilGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Signals each process alone (not its children); a process already gone is skipped. */
export function signalEach(pids: number[], signal: NodeJS.Signals, log: Logger): void {
  if (pids.length) log.info(`${signal} to ${pids.join(', ')}`);
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
}

/** SIGTERM each process tree, wait up to graceMs, SIGKILL what is left, and report what ended how. */
export async function killTrees(pids: number[], log: Logger, graceMs = 3000): Promise<KillReport> {
  const targets = [...new Set(pids)].filter(isAlive);
  if (!targets.length) return { terminated: [], killed: [], survivors: [] };
  log.info(`SIGTERM to process trees ${targets.join(', ')}`);
  await Promise.all(targets.map((pid) => signalTree(pid, 'SIGTERM')));
  const stubborn = await waitUntilGone(targets, graceMs);
  if (stubborn.length) {
    log.warn(`Still alive after ${graceMs} ms, SIGKILL: ${stubborn.join(', ')}`);
    await Promise.all(stubborn.map((pid) => signalTree(pid, 'SIGKILL')));
  }
  const survivors = await waitUntilGone(stubborn, 2000);
  if (survivors.length) log.error(`Could not end processes ${survivors.join(', ')}`);
  return {
    terminated: targets.filter((p) => !stubborn.includes(p)),
    killed: stubborn.filter((p) => !survivors.includes(p)),
    survivors,
  };
}
