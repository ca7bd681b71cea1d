// The tests' own reading of /proc, independent of src/core: whether a process seen earlier still runs, and
// what names a profile (its environment or command line) with everything it started.
import * as fs from 'node:fs';

/** The fields of /proc/<pid>/stat after the command name (state first, ppid second); undefined once it is gone. */
export function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The start time of a running process (clock ticks since boot, from /proc/<pid>/stat); undefined once it has exited (a zombie included). */
export function startTicks(pid: number): string | undefined {
  const fields = statFields(pid);
  return !fields || fields[0] === 'Z' ? undefined : fields[19];
}

/** Of processes seen as pid → start time, those still running (the same process: a reused pid has another start time). */
export function stillRunning(seen: ReadonlyMap<number, string | undefined>): number[] {
  return [...seen].filter(([pid, ticks]) => ticks !== undefined && startTicks(pid) === ticks).map(([pid]) => pid);
}

/** This user's processes whose environment or command line names a path under `dir`, with all their descendants: pid → start time. */
export function processesNaming(dir: string): Map<number, string | undefined> {
  const base = dir.replace(/\/+$/, '');
  const names = (text: string) =>
    text.split('\0').some((part) => part.includes(base + '/') || part.endsWith(base) || part.includes(`${base}'`) || part.includes(`${base}"`));
  const uid = process.getuid?.();
  const children = new Map<number, number[]>();
  const found = new Set<number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      if (uid !== undefined && fs.statSync(`/proc/${entry}`).uid !== uid) continue;
      const fields = statFields(entry);
      if (!fields) continue;
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      // The editor's own status client (ipp_helper.py serve) is no cluster process: it ends at the next refresh without a controller.
      if (pid === process.pid) continue;
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && isResidentHelper(cmdline.split('\0'))) continue;
      if (names(cmdline) || names(fs.readFileSync(`/proc/${entry}/environ`, 'utf8'))) found.add(pid);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  const all = new Set<number>();
  const visit = (pid: number) => {
    if (all.has(pid)) return;
    all.add(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  found.forEach(visit);
  return new Map([...all].map((pid) => [pid, startTicks(pid)] as const).filter(([, ticks]) => ticks !== undefined));
}

/** The arguments of a process (empty once it is gone). */
export function argvOf(pid: number | string): string[] {
  try {
    const text = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return text ? text.replace(/\0$/, '').split('\0') : [];
  } catch {
    return [];
  }
}

/** The command line of a process, for messages. */
export function commandOf(pid: number): string {
  return argvOf(pid).join(' ').trim();
}

/** Whether these arguments are a resident client's (`ipp_helper.py … serve`), bound to `clientFile` if given. */
function isResidentHelper(argv: string[], clientFile?: string): boolean {
  const script = argv.findIndex((a) => a.endsWith('ipp_helper.py'));
  return script >= 0 && argv.indexOf('serve', script + 1) > script && (!clientFile || argv.includes(clientFile));
}

/** This host's resident clients bound to `clientFile`: their pids. */
export function residentHelpersOf(clientFile: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(statFields(entry)?.[1]) === process.pid && isResidentHelper(argvOf(entry), clientFile))
    .map(Number);
}
