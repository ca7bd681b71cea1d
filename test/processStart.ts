// The tests' own reading of /proc, independent of src/core: whether a process seen earlier still runs.
import * as fs from 'node:fs';

/** The start time of a running process (clock ticks since boot, from /proc/<pid>/stat); undefined once it has exited (a zombie included). */
export function startTicks(pid: number): string | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[0] === 'Z' ? undefined : fields[19];
}

/** Of processes seen as pid → start time, those still running (the same process: a reused pid has another start time). */
export function stillRunning(seen: ReadonlyMap<number, string | undefined>): number[] {
  return [...seen].filter(([pid, ticks]) => ticks !== undefined && startTicks(pid) === ticks).map(([pid]) => pid);
}
