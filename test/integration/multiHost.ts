import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Commands } from '../../src/constants';
import { clientFilePath } from '../../src/core/ipyparallel';
import { activate, resetPython, run, setSetting, testPython, type TestedApi } from './helpers';

// What the multi-host suites check on the test bed (scripts/multi-node.sh: login, node1, node2), without
// the extension's own process matcher: every process on each host whose environment names the profile,
// read from that host's /proc (over ssh for the compute hosts).

export const COMPUTE_HOSTS = ['node1', 'node2'];

/** This user's jobs in the bed's queue: id → state. */
export function queue(): Map<string, string> {
  const out = execFileSync('squeue', ['-h', '--me', '-o', '%i|%T'], { encoding: 'utf8' });
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('|') as [string, string]),
  );
}

/**
 * Pids on `host` of processes whose environment names the profile (`IPP_PROFILE_DIR=<profile>`; on the
 * compute hosts, with `SLURM_JOB_ID=<job>` too when `job` is given), read from that host's /proc directly.
 */
export function processesOn(host: string, profileDir: string, job?: string): number[] {
  const marks = [`IPP_PROFILE_DIR=${profileDir}`, ...(job ? [`SLURM_JOB_ID=${job}`] : [])];
  // A process may end between the glob and the read: its error is hidden, and it is not listed.
  const has = (mark: string) => `(tr '\\0' '\\n' < "$e") 2>/dev/null | grep -qxF ${shellQuote(mark)} || continue;`;
  const script = `for e in /proc/[0-9]*/environ; do ${marks.map(has).join(' ')} p=\${e#/proc/}; echo \${p%/environ}; done`;
  const out =
    host === 'login' ? execFileSync('sh', ['-c', script], { encoding: 'utf8' }) : execFileSync('ssh', [host, script], { encoding: 'utf8', timeout: 30_000 });
  return out
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Nothing of the profile is left on any host of the bed (login's process table, node1's and node2's) and nothing is queued. */
export function assertNothingLeft(profileDir: string): void {
  for (const host of ['login', ...COMPUTE_HOSTS]) assert.deepEqual(processesOn(host, profileDir), [], `processes of the profile left on ${host}`);
  assert.deepEqual([...queue().keys()], [], 'jobs left in the queue');
}

/** What a user's own Client on login sees: engine ids, and where rc[:] runs (host and pid of each). */
export function userView(profileDir: string): { ids: number[]; where: string[] } {
  const code = [
    'import ipyparallel as ipp, json, os, socket',
    `rc = ipp.Client(${JSON.stringify(clientFilePath(profileDir))}, timeout=10)`,
    'ids = sorted(rc.ids)',
    'where = rc[ids].apply_async(lambda: "%s:%d" % (__import__("socket").gethostname(), __import__("os").getpid())).get(timeout=30)',
    'print(json.dumps({"ids": ids, "where": where}))',
    'os._exit(0)',
  ].join('\n');
  return JSON.parse(execFileSync(testPython(), ['-c', code], { encoding: 'utf8', timeout: 90_000 }).trim().split('\n').pop()!);
}

/** A suite's set-up on the bed: the interpreter under test, its own profile with these settings, 4 engines, created. */
export async function multiHostSuite(profileDir: string, settings: Record<string, unknown>): Promise<TestedApi> {
  const api = await activate();
  await resetPython();
  await setSetting('profileDir', profileDir);
  for (const [key, value] of Object.entries(settings)) await setSetting(key, value);
  await setSetting('engineCount', 4);
  assert.equal((await run(Commands.createProfile)).ok, true);
  return api;
}
