import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { UserError } from './errors';
import type { Logger } from './log';
import { readProfileText } from './profileFile';
import { run } from './run';
import { SETTING_LIMITS, type EngineLauncher, type LauncherSettings, type SlurmSettings } from './settings';
import { sshLauncherArgs } from './sshEngines';

/**
 * Engines beyond one machine through ipyparallel's own launchers (`ipcluster --engines=slurm|mpi|ssh`): the
 * arguments that choose them, what the profile itself chooses, the tools they need, and Slurm's queue,
 * which is the truth about a job (ipyparallel does not follow a job after submitting it).
 */
export type { EngineLauncher };
/** ipyparallel's batch launchers that a profile may choose but the extension does not follow (yet). */
const UNSUPPORTED_BATCH = new Set(['pbs', 'sge', 'lsf', 'htcondor', 'condor']);

/** Settings with nothing chosen but the launcher (what the settings' defaults read as). */
export function launcherDefaults(launcher: EngineLauncher): LauncherSettings {
  return {
    launcher,
    slurm: { partition: '', account: '', timeLimit: '', nodes: 0, tasksPerNode: 0, cpusPerEngine: 1, extraDirectives: [] },
    ssh: { hosts: {}, python: '' },
    mpiArgs: [],
  };
}

/** The launcher a profile's ipcluster_config.py sets (ipyparallel's abbreviation: slurm, mpi, pbs, …); it wins over the setting. */
export function profileLauncher(profileDir: string): string | undefined {
  const text = readProfileText(path.join(profileDir, 'ipcluster_config.py'));
  if (text === undefined) return undefined;
  const set = /^[ \t]*c\.(?:Cluster|IPClusterEngines|IPClusterStart)\.engine_launcher_class[ \t]*=[ \t]*['"]([\w.]+)['"]/m.exec(text);
  if (!set) return undefined;
  // 'ipyparallel.cluster.launcher.SlurmEngineSetLauncher', 'SlurmEngineSetLauncher' or 'slurm'
  return set[1]
    .split('.')
    .pop()!
    .replace(/EngineSetLauncher$|Launcher$/, '')
    .toLowerCase();
}

const SLURM_NAME = /^[\w.-]+$/;
const SLURM_TIME = /^[\d:-]+$/;

/**
 * ipcluster arguments for the chosen launcher, mapped to ipyparallel's own traits. Nothing when the
 * profile chooses its launcher. The Slurm batch script goes into the profile, not the workspace.
 */
export function launcherArgs(settings: LauncherSettings, profileDir: string, pythonPath: string): string[] {
  if (settings.launcher === 'local' || profileLauncher(profileDir)) return [];
  if (settings.launcher === 'mpi') return ['--engines=mpi', ...settings.mpiArgs.map((arg) => `--MPILauncher.mpi_args=${arg}`)];
  if (settings.launcher === 'ssh') return sshLauncherArgs(settings.ssh.hosts, settings.ssh.python || pythonPath, profileDir);
  // ipyparallel writes `#SBATCH --output=<profile>/log/…` unquoted, and sbatch rejects the script.
  if (/\s/.test(profileDir))
    throw new UserError(
      'bad-setting',
      l10n.t(
        'The Slurm launcher cannot use a profile whose path has spaces ({0}): ipyparallel writes it unquoted into the batch script, which sbatch rejects. Set ippEngines.profileDir to a path without spaces. Nothing was started.',
        profileDir,
      ),
    );
  const { partition, account, timeLimit } = settings.slurm;
  const checked = (value: string, pattern: RegExp, key: string) => {
    if (value && !pattern.test(value))
      throw new UserError('bad-setting', l10n.t('{0} has a value Slurm would not accept: {1}. Nothing was started.', key, JSON.stringify(value)));
    return value;
  };
  checked(partition, SLURM_NAME, 'ippEngines.slurm.partition');
  checked(account, SLURM_NAME, 'ippEngines.slurm.account');
  checked(timeLimit, SLURM_TIME, 'ippEngines.slurm.timeLimit');
  const batchFile = `--SlurmEngineSetLauncher.batch_file_name=${path.join(profileDir, 'slurm_engine.sbatch')}`;
  const template = slurmTemplate(settings.slurm);
  if (template) return ['--engines=slurm', batchFile, `--SlurmEngineSetLauncher.batch_template=${template}`];
  return [
    '--engines=slurm',
    batchFile,
    ...(partition ? [`--SlurmEngineSetLauncher.queue=${partition}`] : []),
    ...(account ? [`--SlurmEngineSetLauncher.account=${account}`] : []),
    ...(timeLimit ? [`--SlurmEngineSetLauncher.timelimit=${timeLimit}`] : []),
  ];
}

/** An sbatch option as one `#SBATCH` line takes it: a long or short option, no line break, no shell. */
const SBATCH_OPTION = /^--?[A-Za-z][\w-]*(=[^\n\r]*| [^\n\r-][^\n\r]*)?$/;

/**
 * ipyparallel's engine batch script with the multi-node settings, or undefined where none is set (its own
 * script then, with partition, account and time inserted). A template of one's own replaces ipyparallel's
 * whole script, so it carries every line that script would: job name, output in the profile (how its jobs
 * are told apart), one task per engine. `{…}` in a user's line is literal, not one of the template's fields.
 */
export function slurmTemplate(slurm: SlurmSettings): string | undefined {
  const { nodes, tasksPerNode, cpusPerEngine, extraDirectives } = slurm;
  const count = (value: number, key: keyof typeof SETTING_LIMITS) => {
    const [min, max] = SETTING_LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max)
      throw new UserError(
        'bad-setting',
        l10n.t('{0} is {1}: it must be a whole number from {2} to {3}. Nothing was started.', key, JSON.stringify(value), min, max),
      );
  };
  count(nodes, 'ippEngines.slurm.nodes');
  count(tasksPerNode, 'ippEngines.slurm.tasksPerNode');
  count(cpusPerEngine, 'ippEngines.slurm.cpusPerEngine');
  const options = extraDirectives.map((line) => line.replace(/^#SBATCH\s+/, ''));
  const bad = extraDirectives.find((_, i) => !SBATCH_OPTION.test(options[i]));
  if (bad !== undefined)
    throw new UserError(
      'bad-setting',
      l10n.t('ippEngines.slurm.extraDirectives has {0}, which is not one sbatch option (for example --mem=4G). Nothing was started.', JSON.stringify(bad)),
    );
  if (!nodes && !tasksPerNode && cpusPerEngine === 1 && !extraDirectives.length) return undefined;
  const literal = (text: string) => text.replace(/\{/g, '{{').replace(/\}/g, '}}');
  return [
    '#!/bin/sh',
    '#SBATCH --export=ALL',
    '#SBATCH --job-name=ipengine-{cluster_id}',
    '#SBATCH --output={output_file}',
    '#SBATCH --ntasks={n}',
    ...(nodes ? [`#SBATCH --nodes=${nodes}`] : []),
    ...(tasksPerNode ? [`#SBATCH --ntasks-per-node=${tasksPerNode}`] : []),
    ...(cpusPerEngine > 1 ? [`#SBATCH --cpus-per-task=${cpusPerEngine}`] : []),
    ...(slurm.partition ? [`#SBATCH --partition=${slurm.partition}`] : []),
    ...(slurm.account ? [`#SBATCH --account=${slurm.account}`] : []),
    ...(slurm.timeLimit ? [`#SBATCH --time=${slurm.timeLimit}`] : []),
    ...options.map((option) => `#SBATCH ${literal(option)}`),
    'srun {program_and_args}',
    '',
  ].join('\n');
}

/** A program on PATH, as a shell would find it. */
export function onPath(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The tools a launcher needs, and a Slurm partition that exists, checked before anything starts: a clear
 * message instead of engines that never come (a failed sbatch leaves `ipcluster start` hanging).
 */
export async function checkLauncherTools(
  launcher: string,
  pythonPath: string,
  log: Logger,
  partition = '',
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (UNSUPPORTED_BATCH.has(launcher)) {
    // Their jobs would be submitted but neither followed nor cancelled: refused, not a silent wait.
    throw new UserError(
      'bad-setting',
      l10n.t(
        "IPP Engines does not support the {0} launcher yet (supported: local, mpi, slurm, ssh): its jobs would be neither shown nor cancelled. Choose another in ippEngines.engineLauncher or the profile's ipcluster_config.py. Nothing was started.",
        launcher,
      ),
    );
  }
  if (launcher === 'slurm') {
    const missing = ['sbatch', 'squeue', 'scancel', 'sinfo'].filter((p) => !onPath(p, env));
    if (missing.length)
      throw new UserError(
        'bad-setting',
        l10n.t(
          "The Slurm launcher needs {0} on PATH, which this machine lacks. Install Slurm's client commands or choose another launcher (ippEngines.engineLauncher). Nothing was started.",
          missing.join(', '),
        ),
      );
    if (partition) {
      const listed = await run('sinfo', ['-h', '-o', '%R'], log, { timeoutMs: 10_000 });
      const partitions = listed.stdout
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean);
      if (listed.exitCode !== 0)
        throw new UserError('command-failed', l10n.t('sinfo failed: {0}. Nothing was started.', listed.stderr.trim() || String(listed.exitCode)));
      if (!partitions.includes(partition))
        throw new UserError(
          'bad-setting',
          l10n.t('Slurm has no partition "{0}" (ippEngines.slurm.partition); it has: {1}. Nothing was started.', partition, partitions.join(', ') || '-'),
        );
    }
  } else if (launcher === 'ssh') {
    if (!onPath('ssh', env))
      throw new UserError(
        'bad-setting',
        l10n.t('The SSH launcher needs ssh on PATH, which this machine lacks (Debian: apt install openssh-client). Nothing was started.'),
      );
  } else if (launcher === 'mpi') {
    if (!onPath('mpiexec', env))
      throw new UserError(
        'bad-setting',
        l10n.t('The MPI launcher needs mpiexec on PATH, which this machine lacks (Debian: apt install openmpi-bin). Nothing was started.'),
      );
    const probe = await run(pythonPath, ['-c', 'import mpi4py'], log, { timeoutMs: 20_000 });
    if (probe.exitCode !== 0)
      throw new UserError(
        'bad-setting',
        l10n.t(
          'The MPI launcher runs engines with --mpi, which needs mpi4py in {0} (Debian: apt install python3-mpi4py; a venv needs --system-site-packages). Nothing was started.',
          pythonPath,
        ),
      );
  }
}

export interface SlurmJob {
  id: string;
  /** PENDING, RUNNING, COMPLETING, … */
  state: string;
  /** Why it pends (Resources, Priority, PartitionConfig, …); 'None' when it does not. */
  reason: string;
  /** The job's name (ipyparallel's engine jobs: `ipengine-<cluster id>`, 7.x `ipy-engine-<cluster id>`). */
  name: string;
  /** Where its output goes (ipyparallel's: the profile's log folder). */
  stdout: string;
  /** The nodes it runs on (Slurm's compact form, e.g. `node[1-2]`); empty while it pends. */
  nodes: string;
  /** Time left before its time limit ends it, as Slurm prints it (`1:59:58`, `UNLIMITED`, `INVALID` while pending). */
  timeLeft: string;
}

/**
 * squeue's fields, `|` after each. An output path holding a `|` splits wrongly: its job then reads as not this
 * profile's (isProfileJob), so it is left alone, never cancelled by mistake.
 */
const QUEUE_FORMAT = 'JobID:|,State:|,Reason:|,Name:|,StdOut:|,NodeList:|,TimeLeft:|';

/** This user's jobs in Slurm's queue, by id. Only they are ever cancelled. Throws when squeue fails or hangs (10 s). */
export async function slurmQueue(log: Logger): Promise<Map<string, SlurmJob>> {
  const result = await run('squeue', ['-h', '--me', '-O', QUEUE_FORMAT], log, { timeoutMs: 10_000 });
  if (result.exitCode !== 0)
    throw new UserError(
      'command-failed',
      l10n.t('squeue failed: {0}', result.timedOut ? l10n.t('no answer within {0} s', 10) : result.stderr.trim() || String(result.exitCode)),
    );
  return parseSlurmQueue(result.stdout);
}

/** squeue's output in QUEUE_FORMAT; lines that do not fit are skipped. */
export function parseSlurmQueue(text: string): Map<string, SlurmJob> {
  const jobs = new Map<string, SlurmJob>();
  for (const line of text.split('\n')) {
    const [id, state, reason, name, stdout, nodes, timeLeft] = line
      .trim()
      .split('|')
      .map((field) => field.trim());
    if (id && /^\d+(_\d+)?$/.test(id) && state)
      jobs.set(id, { id, state, reason: reason ?? '', name: name ?? '', stdout: stdout ?? '', nodes: nodes ?? '', timeLeft: timeLeft ?? '' });
  }
  return jobs;
}

/**
 * Whether a job carries this profile's marks: its output goes into the profile (ipyparallel writes it into
 * the profile's log folder), and it has ipyparallel's engine job name, or this window submitted it. A job
 * id that a cluster file names is only a hint: the file may be forged, or name another profile's job.
 */
export function isProfileJob(job: SlurmJob, profileDirs: readonly string[], submitted: ReadonlySet<string>): boolean {
  const output = path.resolve(job.stdout || '/');
  const inside = profileDirs.some((dir) => output.startsWith(path.resolve(dir) + path.sep));
  return inside && (/^(ipengine|ipy-engine)-/.test(job.name) || submitted.has(job.id));
}

/** Seconds in Slurm's time format (`MM:SS`, `H:MM:SS`, `D-HH:MM:SS`); undefined for `UNLIMITED`, `INVALID`, … */
export function slurmSeconds(text: string): number | undefined {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const [days, hours, minutes, secs] = match.slice(1).map((part) => Number(part ?? 0));
  return ((days * 24 + hours) * 60 + minutes) * 60 + secs;
}

/**
 * How a job that left the queue ended (JobState: COMPLETED, TIMEOUT, FAILED, CANCELLED, NODE_FAIL, …), as
 * Slurm remembers it for MinJobAge (5 min by default); undefined once it forgot, or where scontrol fails.
 */
export async function slurmJobEnd(jobId: string, log: Logger): Promise<string | undefined> {
  if (!/^\d+(_\d+)?$/.test(jobId)) return undefined;
  const result = await run('scontrol', ['show', 'job', '-o', jobId], log, { timeoutMs: 10_000 });
  return result.exitCode === 0 ? /\bJobState=(\w+)/.exec(result.stdout)?.[1] : undefined;
}

/** Reasons a job pends that waiting does not cure. */
export const HOPELESS_PENDING =
  /PartitionConfig|PartitionNodeLimit|PartitionTimeLimit|InvalidAccount|InvalidQOS|ReqNodeNotAvail|AccountNotAllowed|QOSMax|BadConstraints|DependencyNeverSatisfied/;

/**
 * Cancels those of these jobs that are this user's (squeue --me) and `ours` accepts, and returns once the
 * queue no longer lists them, or with the ones still listed after `timeoutMs`. Jobs `ours` refuses are
 * returned as `foreign`, untouched. Throws when squeue fails or hangs: nothing is then known of them.
 */
export async function cancelSlurmJobs(
  ids: string[],
  log: Logger,
  ours: (job: SlurmJob) => boolean,
  timeoutMs = 15_000,
): Promise<{ cancelled: string[]; left: string[]; foreign: string[] }> {
  const listed = [...(await slurmQueue(log)).values()].filter((job) => ids.includes(job.id));
  const foreign = listed.filter((job) => !ours(job)).map((job) => job.id);
  const mine = listed.filter(ours).map((job) => job.id);
  if (!mine.length) return { cancelled: [], left: [], foreign };
  const result = await run('scancel', mine, log, { timeoutMs: 10_000 });
  if (result.exitCode !== 0) log.warn(`scancel ${mine.join(' ')} exited with ${result.exitCode}: ${result.stderr.trim()}`);
  const deadline = Date.now() + timeoutMs;
  let left = mine;
  while (left.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const queue = await slurmQueue(log);
    left = mine.filter((id) => queue.has(id));
  }
  return { cancelled: mine.filter((id) => !left.includes(id)), left, foreign };
}
