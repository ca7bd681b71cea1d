// Checks that judge the extension without its own code: files and processes read here, directly.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { statFields } from '../processStart';

/** Files larger than this are not scanned (none the editor writes in a test comes near it). */
const SCAN_MAX_BYTES = 64 * 1024 * 1024;

/** The cluster keys in a profile's connection files now, added to `into`. */
export function collectKeys(profileDir: string, into: Set<string>): void {
  const security = path.join(profileDir, 'security');
  let names: string[] = [];
  try {
    names = fs.readdirSync(security).filter((n) => n.endsWith('.json'));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const key = (JSON.parse(fs.readFileSync(path.join(security, name), 'utf8')) as { key?: unknown }).key;
      if (typeof key === 'string' && key.length >= 8) into.add(key);
    } catch {
      // being written or removed right now: the next look gets it
    }
  }
}

/** A folder ipcluster owns (it writes the key there itself): an IPython profile. */
const isProfile = (dir: string) => fs.existsSync(path.join(dir, 'security')) || fs.existsSync(path.join(dir, 'ipcluster_config.py'));

/**
 * Where the editor writes in a test run: the test host's whole state (its HOME, user and server data: logs,
 * output channels, storage) and the scratch folder, except the profiles in it.
 */
export function editorWrittenRoots(scratch: string): string[] {
  const state = path.dirname(os.homedir());
  if (!fs.existsSync(path.join(state, 'server-data'))) throw new Error(`${state} is not the test host's state folder: the scan would prove nothing`);
  return [state, scratch];
}

/** Every regular file under the roots (profiles left out) whose bytes hold any of the secrets. */
export function filesHolding(secrets: string[], roots: string[]): string[] {
  const found: string[] = [];
  const needles = secrets.map((s) => Buffer.from(s));
  const visit = (dir: string) => {
    if (isProfile(dir)) return;
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && fs.statSync(full).size <= SCAN_MAX_BYTES) {
        const bytes = fs.readFileSync(full);
        if (needles.some((n) => bytes.includes(n))) found.push(full);
      }
    }
  };
  for (const root of new Set(roots)) visit(root);
  return found;
}

/** Programs the extension could start by name (Slurm, SSH, MPI, Python): stand-ins on PATH mark each call. */
const WATCHED_PROGRAMS = ['squeue', 'sinfo', 'scancel', 'sbatch', 'scontrol', 'sacct', 'ssh', 'mpiexec', 'mpirun', 'python', 'python3', 'ipcluster'];

const WATCHED = new RegExp(`^(${WATCHED_PROGRAMS.join('|')})[\\d.]*$`);

/** This process's children that run a watched program (by any path: /usr/bin/python3, a venv's python). */
function childrenOfThisProcess(): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(entry)?.[1]) !== process.pid) continue;
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      // The editor's own children (its port scan's ps and ls, ripgrep) are not the extension's.
      if (WATCHED.test(path.basename(argv[0] ?? ''))) found.push(`${entry}: ${argv.join(' ').trim()}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * What this process (the extension host, where the extension runs) started while `work` ran: programs
 * found on PATH are replaced by stand-ins that record their call and fail, and the process table is
 * sampled for children started by absolute path. The test's own work inside `work` must start nothing.
 */
export async function processesStartedDuring(work: () => Promise<void>): Promise<string[]> {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-watched-bin-'));
  const marks = path.join(bin, 'calls');
  for (const name of WATCHED_PROGRAMS) fs.writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${marks}'\nexit 1\n`, { mode: 0o755 });
  const before = new Set(childrenOfThisProcess());
  const seen = new Set<string>();
  const sampler = setInterval(() => childrenOfThisProcess().forEach((c) => before.has(c) || seen.add(c)), 50);
  const path0 = process.env.PATH;
  process.env.PATH = `${bin}:${path0}`;
  try {
    await work();
  } finally {
    process.env.PATH = path0;
    clearInterval(sampler);
  }
  const called = fs.existsSync(marks) ? fs.readFileSync(marks, 'utf8').split('\n').filter(Boolean) : [];
  fs.rmSync(bin, { recursive: true, force: true });
  return [...called, ...seen];
}
