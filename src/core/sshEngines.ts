import * as fs from 'node:fs';
import * as l10n from '@vscode/l10n';
import { UserError } from './errors';
import type { Logger } from './log';
import { run } from './run';

/**
 * Engines on hosts without a scheduler (a lab's workstations sharing a home directory), through
 * ipyparallel's SSH engine launcher. The file system must be shared: the engines read the connection file
 * and write their logs in the profile itself. ipyparallel would copy the connection file to the same path
 * on each host, which on a shared file system copies it onto itself and truncates it, so nothing is sent.
 * What runs on each host is found and ended over ssh, by the marks ipyparallel gives every engine (its
 * profile and cluster id in the environment), never by a pid alone.
 */

/** ippEngines.ssh.hosts: `host`, `user@host` or `host:port` → how many engines run there. */
export type SshHosts = Record<string, number>;

/** An ssh destination as ipyparallel reads the keys of its `engines` dict. */
export interface SshHost {
  /** The key as written (ipyparallel's name for the host's engines). */
  key: string;
  user?: string;
  host: string;
  port?: string;
}

const DESTINATION = /^(?:([A-Za-z0-9_][\w.-]*)@)?([A-Za-z0-9][\w.-]*)(?::(\d{1,5}))?$/;
const MAX_ENGINES_PER_HOST = 1024;

/** An ssh destination, or undefined for anything ssh could take for an option or a command. */
export function parseSshHost(key: string): SshHost | undefined {
  const match = DESTINATION.exec(key);
  return match ? { key, user: match[1], host: match[2], port: match[3] } : undefined;
}

/** The hosts of the setting with their engine counts; a bad entry is a UserError naming it. */
export function sshHostsOf(hosts: unknown): { host: SshHost; engines: number }[] {
  const entries = hosts && typeof hosts === 'object' && !Array.isArray(hosts) ? Object.entries(hosts as Record<string, unknown>) : [];
  if (!entries.length)
    throw new UserError(
      'bad-setting',
      l10n.t('The SSH launcher needs ippEngines.ssh.hosts: the hosts and how many engines each runs, e.g. {"node1": 2, "node2": 2}. Nothing was started.'),
    );
  return entries.map(([key, count]) => {
    const host = parseSshHost(key);
    if (!host)
      throw new UserError(
        'bad-setting',
        l10n.t('ippEngines.ssh.hosts names {0}, which is not a host name (host, user@host or host:port). Nothing was started.', JSON.stringify(key)),
      );
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_ENGINES_PER_HOST) {
      throw new UserError(
        'bad-setting',
        l10n.t(
          'ippEngines.ssh.hosts gives {0} an engine count of {1}: it must be a whole number from 1 to {2}. Nothing was started.',
          key,
          JSON.stringify(count),
          MAX_ENGINES_PER_HOST,
        ),
      );
    }
    return { host, engines: count };
  });
}

/** ssh never prompts (no terminal would answer) and gives up on a host that does not answer. */
const SSH_OPTIONS = ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10'];

/** ipcluster arguments for engines on these hosts, run by `remotePython`, in the (shared) profile itself. */
export function sshLauncherArgs(hosts: SshHosts, remotePython: string, profileDir: string): string[] {
  const checked = Object.fromEntries(sshHostsOf(hosts).map(({ host, engines }) => [host.key, engines]));
  return [
    '--engines=ssh',
    `--SSHEngineSetLauncher.engines=${JSON.stringify(checked)}`,
    '--SSHEngineLauncher.to_send=[]',
    // Each engine's start is already several ssh round trips; ipyparallel's extra 1 s pause between a host's engines only adds to it.
    '--SSHEngineSetLauncher.delay=0',
    // Each engine's watcher is an ssh that waits on the remote pid for poll_seconds (60) and shares ipcluster's
    // stderr: `ipcluster --daemonize` returned, its output stayed open that long.
    '--SSHLauncher.poll_seconds=2',
    `--SSHLauncher.remote_python=${remotePython}`,
    `--SSHLauncher.remote_profile_dir=${profileDir}`,
    ...SSH_OPTIONS.map((option) => `--SSHLauncher.ssh_args=${option}`),
  ];
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs Python `script` on `host` through ssh, with `args` (the remote shell gets them quoted word by word); the script goes on stdin. */
async function pythonOnHost(host: SshHost, remotePython: string, script: string, args: string[], log: Logger, timeoutMs: number) {
  const command = [remotePython, '-', ...args].map(quote).join(' ');
  const sshArgs = [...SSH_OPTIONS, ...(host.port ? ['-p', host.port] : []), '--', host.user ? `${host.user}@${host.host}` : host.host, command];
  return run('ssh', sshArgs, log, {
    timeoutMs,
    onInput: (input) => {
      input.write(script);
      input.end();
    },
  });
}

/** Reports what a host's interpreter and file system are: ipyparallel's version, and the profile folder's identity. */
const PROBE = [
  'import json, os, sys',
  'try:',
  '    import ipyparallel; version = ipyparallel.__version__',
  'except Exception as e:',
  '    version = None',
  'try:',
  '    s = os.stat(sys.argv[1]); folder = [s.st_ino, int(s.st_mtime)]',
  'except OSError:',
  '    folder = None',
  'print("IPP-PROBE " + json.dumps({"ipyparallel": version, "folder": folder}))',
].join('\n');

/**
 * Checks before a start that every host answers by key, runs `remotePython` with ipyparallel, and sees
 * this very profile folder (same inode and modification time: a shared file system, not a look-alike).
 * Each host that fails is named with why; then nothing has been started on any.
 */
export async function probeSshHosts(hosts: SshHosts, remotePython: string, profileDir: string, log: Logger): Promise<void> {
  const problems = (
    await Promise.all(
      sshHostsOf(hosts).map(async ({ host }) => {
        const result = await pythonOnHost(host, remotePython, PROBE, [profileDir], log, 30_000);
        const problem = probeProblem(host, result, remotePython, profileDir);
        return problem ? [problem] : [];
      }),
    )
  ).flat();
  if (problems.length)
    throw new UserError(
      'bad-setting',
      l10n.t('The SSH launcher cannot use every host of ippEngines.ssh.hosts: {0}. Nothing was started.', problems.join('; ')),
    );
}

function probeProblem(
  host: SshHost,
  result: { exitCode?: number; stdout: string; stderr: string; timedOut: boolean },
  remotePython: string,
  profileDir: string,
): string | undefined {
  const name = host.key;
  const stderr = result.stderr.trim().split('\n').pop() ?? '';
  if (result.timedOut) return l10n.t('{0} did not answer within {1} s', name, 30);
  if (result.exitCode === 255) {
    if (/resolve hostname|Name or service not known/i.test(stderr)) return l10n.t('{0} is not a known host ({1})', name, stderr);
    if (/Permission denied|publickey|Host key verification failed/i.test(stderr))
      return l10n.t('{0} refused the login by key ({1}); ssh must log in without a password or prompt (ssh-copy-id, an agent)', name, stderr);
    return l10n.t('ssh to {0} failed: {1}', name, stderr || String(result.exitCode));
  }
  const line = result.stdout.split('\n').find((l) => l.startsWith('IPP-PROBE '));
  if (!line)
    return l10n.t('{0} cannot run {1} ({2}); set ippEngines.ssh.python to the interpreter on that host', name, remotePython, stderr || String(result.exitCode));
  const probe = JSON.parse(line.slice('IPP-PROBE '.length)) as { ipyparallel: string | null; folder: [number, number] | null };
  if (!probe.ipyparallel) return l10n.t('{0} runs {1}, but it lacks ipyparallel', name, remotePython);
  const local = fs.statSync(profileDir);
  if (!probe.folder || probe.folder[0] !== local.ino || probe.folder[1] !== Math.floor(local.mtimeMs / 1000)) {
    return l10n.t(
      '{0} does not share this file system: it does not see the profile {1} as this host does (the engines read the connection file and write their logs there)',
      name,
      profileDir,
    );
  }
  return undefined;
}

/**
 * Finds, and with `graceMs` ends, the processes of this user on the host that carry the profile's and cluster
 * id's marks (8+: the environment; 7.x: the command line), with their descendants: with `pids`, those of
 * them; without, every one but `keep`. A pid is followed by its start time, so a reused one is never hit.
 * SIGTERM to the engines, then (after the grace) to the rest, then SIGKILL; what still runs then is `left`.
 */
const SWEEP = [
  'import json, os, signal, sys, time',
  'a = json.loads(sys.argv[1]); uid = os.getuid()',
  'def read(pid, name):',
  '    try:',
  '        with open("/proc/%d/%s" % (pid, name), "rb") as f: return f.read()',
  '    except OSError: return None',
  'def stat(pid):',
  '    text = read(pid, "stat")',
  '    return text.rsplit(b")", 1)[1].split() if text else None',
  'def option(argv, name):',
  '    for i, arg in enumerate(argv):',
  '        if arg == name and i + 1 < len(argv): return argv[i + 1]',
  '        if arg.startswith(name + "="): return arg[len(name) + 1:]',
  '# The marks ipyparallel gives an engine: 8 and later in its environment, 7.x on its command line.',
  'def marks(pid):',
  '    env = dict(v.split("=", 1) for v in (read(pid, "environ") or b"").decode("utf8", "replace").split("\\0") if "=" in v)',
  '    argv = (read(pid, "cmdline") or b"").decode("utf8", "replace").split("\\0")',
  '    profile = env.get("IPP_PROFILE_DIR") or option(argv, "--profile-dir")',
  '    cluster = env.get("IPP_CLUSTER_ID", option(argv, "--cluster-id") or "")',
  '    return profile in a["profiles"] and cluster == a["cluster"]',
  'def mine(pid):',
  '    try: return os.stat("/proc/%d" % pid).st_uid == uid',
  '    except OSError: return False',
  'table = [int(d) for d in os.listdir("/proc") if d.isdigit() and int(d) != os.getpid()]',
  'parents = {p: int(s[1]) for p, s in ((p, stat(p)) for p in table) if s}',
  'if a["pids"] is None: found = [p for p in table if p not in a["keep"] and mine(p) and marks(p)]',
  'else: found = [p for p in a["pids"] if mine(p) and marks(p)]',
  '# With their descendants (a nanny; what tasks started): theirs, whatever their own marks.',
  'grew = True',
  'while grew:',
  '    more = [p for p in table if p not in found and parents.get(p) in found and mine(p)]',
  '    found += more; grew = bool(more)',
  'started = {p: stat(p)[19] for p in found if stat(p)}',
  'def alive(p):',
  '    s = stat(p)',
  '    return bool(s) and s[0] != b"Z" and s[19] == started.get(p)',
  '# Engines first, alone: each nanny then tells the controller its engine left, and exits.',
  'roots = [p for p in found if parents.get(p) not in found]',
  'def end(pids, sig, wait):',
  '    for p in pids:',
  '        if alive(p):',
  '            try: os.kill(p, sig)',
  '            except OSError: pass',
  '    until = time.time() + wait',
  '    while time.time() < until and any(alive(p) for p in found): time.sleep(0.1)',
  'if a["graceMs"] is not None:',
  '    end(roots, signal.SIGTERM, a["graceMs"] / 1000)',
  '    end(found, signal.SIGTERM, 1)',
  '    end(found, signal.SIGKILL, 2)',
  'print("IPP-SWEEP " + json.dumps({"found": found, "left": [p for p in found if alive(p)]}))',
].join('\n');

export interface SweepRequest {
  /** The profile as the engines' environment names it (absolute, and as ipyparallel may strip the home). */
  profiles: string[];
  clusterId: string;
  pids?: number[];
  keep?: number[];
  /** End what is found, SIGKILL after this long; absent: only list it. */
  graceMs?: number;
}

/** What a sweep found on a host, and what was still running at its end. Throws when the host cannot be asked. */
export async function sweepHost(host: SshHost, remotePython: string, request: SweepRequest, log: Logger): Promise<{ found: number[]; left: number[] }> {
  const payload = JSON.stringify({
    profiles: request.profiles,
    cluster: request.clusterId,
    pids: request.pids ?? null,
    keep: request.keep ?? [],
    graceMs: request.graceMs ?? null,
  });
  const result = await pythonOnHost(host, remotePython, SWEEP, [payload], log, 30_000 + (request.graceMs ?? 0));
  const line = result.stdout.split('\n').find((l) => l.startsWith('IPP-SWEEP '));
  if (!line)
    throw new Error(
      result.timedOut
        ? l10n.t('no answer from {0}', host.key)
        : l10n.t('{0}: {1}', host.key, result.stderr.trim().split('\n').pop() || String(result.exitCode)),
    );
  return JSON.parse(line.slice('IPP-SWEEP '.length)) as { found: number[]; left: number[] };
}

/** The destination among `hosts` whose engines report `engineHost` as their name (the short names compared too). */
export function destinationOf(engineHost: string, hosts: readonly SshHost[]): SshHost | undefined {
  const short = (name: string) => name.split('.')[0];
  return hosts.find((h) => h.host === engineHost) ?? hosts.find((h) => short(h.host) === short(engineHost));
}

/** Where a cluster's SSH engines may run, and how to ask there. */
export interface SshScope {
  hosts: SshHost[];
  remotePython: string;
  /** The profile as the engines' environment may name it. */
  profiles: string[];
  clusterId: string;
}

/**
 * Ends the cluster's processes on each host, verified there: with `pidsOn`, only those pids (and their
 * children) of each host; otherwise every one but `keepOn`'s. Never throws: a host that cannot be asked,
 * or where something outlives SIGKILL, is a warning naming it, so that a stop still ends everything here.
 */
export async function endOnHosts(
  scope: SshScope,
  log: Logger,
  graceMs: number,
  select: { pidsOn?: ReadonlyMap<string, number[]>; keepOn?: ReadonlyMap<string, number[]> } = {},
): Promise<{ ended: { host: string; pids: number[] }[]; warnings: string[] }> {
  const hosts = select.pidsOn ? scope.hosts.filter((h) => select.pidsOn!.get(h.key)?.length) : scope.hosts;
  const answers = await Promise.all(
    hosts.map(async (host) => {
      const request = { profiles: scope.profiles, clusterId: scope.clusterId, pids: select.pidsOn?.get(host.key), keep: select.keepOn?.get(host.key), graceMs };
      try {
        const { found, left } = await sweepHost(host, scope.remotePython, request, log);
        if (found.length)
          log.info(
            `Ended on ${host.key}: ${found.filter((p) => !left.includes(p)).join(', ') || '-'}${left.length ? `; still running: ${left.join(', ')}` : ''}`,
          );
        const warning = left.length ? [l10n.t('process(es) {0} of this cluster still run on {1} after SIGKILL', left.join(', '), host.key)] : [];
        return { ended: { host: host.key, pids: found.filter((p) => !left.includes(p)) }, warnings: warning };
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        log.warn(`Could not end the engines on ${host.key}: ${why}`);
        return {
          ended: { host: host.key, pids: [] },
          warnings: [l10n.t('the engines on {0} could not be checked or ended ({1}): end them there', host.key, why)],
        };
      }
    }),
  );
  return { ended: answers.map((a) => a.ended).filter((e) => e.pids.length), warnings: answers.flatMap((a) => a.warnings) };
}

/** The cluster's processes running on each host where any run; a host that cannot be asked is listed with why. */
export async function listOnHosts(scope: SshScope, log: Logger): Promise<{ host: string; pids: number[]; error?: string }[]> {
  const answers = await Promise.all(
    scope.hosts.map((host) =>
      sweepHost(host, scope.remotePython, { profiles: scope.profiles, clusterId: scope.clusterId }, log).then(
        ({ found }): { host: string; pids: number[]; error?: string } => ({ host: host.key, pids: found }),
        (error: unknown) => ({ host: host.key, pids: [] as number[], error: error instanceof Error ? error.message : String(error) }),
      ),
    ),
  );
  return answers.filter((a) => a.pids.length || a.error);
}
