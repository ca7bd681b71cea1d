import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from './errors';
import { heartbeatConfigBlock, Timeouts } from './ipyparallel';
import type { Logger } from './log';
import { isInside } from './paths';
import { run } from './run';

export interface StartupFileState {
  /** The file in the workspace (the source the user edits). */
  source: string;
  /** Its copy in `<profile>/startup/`, which engines actually run. */
  copy: string;
  sourceExists: boolean;
  copyExists: boolean;
  /** The source changed after it was copied. */
  stale: boolean;
  /** Why the source must not be copied: it is outside the workspace folder or not a regular file. */
  problem?: string;
}

/** A directory is taken for an IPython parallel profile only with ipcluster's config or a security folder in it. */
export function looksLikeProfile(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'ipcluster_config.py')) || isDirectory(path.join(dir, 'security'));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function mtimeMs(p: string): number | undefined {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}

export function startupFileStates(profileDir: string, workspaceFolder: string, startupFiles: string[]): StartupFileState[] {
  return startupFiles.map((rel) => {
    const source = path.resolve(workspaceFolder, rel);
    const copy = path.join(profileDir, 'startup', path.basename(rel));
    const sourceTime = mtimeMs(source);
    const copyTime = mtimeMs(copy);
    return {
      source,
      copy,
      sourceExists: sourceTime !== undefined,
      copyExists: copyTime !== undefined,
      stale: sourceTime !== undefined && copyTime !== undefined && sourceTime > copyTime,
      problem: startupSourceProblem(source, workspaceFolder),
    };
  });
}

/** Engines run what is copied: only regular files that really lie inside the workspace folder qualify. */
function startupSourceProblem(source: string, workspaceFolder: string): string | undefined {
  // A missing source is reported as missing; its path must still lie inside.
  if (!isInside(source, path.resolve(workspaceFolder)) || !isInside(realPathOf(source), realPathOf(workspaceFolder))) {
    return `${source} is outside the workspace folder`;
  }
  if (fs.existsSync(source) && !fs.statSync(source).isFile()) return `${source} is not a regular file`;
  return undefined;
}

/** A clear error, before anything is written, when a startup file to be copied is not allowed. */
export function checkStartupSources(states: StartupFileState[]): void {
  const problems = states.flatMap((s) => (s.problem ? [s.problem] : []));
  if (problems.length) {
    throw new UserError('bad-setting', `ippEngines.startupFiles must name regular files inside the workspace folder: ${problems.join('; ')}. Nothing was copied.`);
  }
}

/** Copies startup sources over their copies (all, or only those named); returns the copies written. */
export function refreshStartupCopies(states: StartupFileState[], only?: (s: StartupFileState) => boolean): string[] {
  const chosen = states.filter((s) => s.sourceExists && (!only || only(s)));
  checkStartupSources(chosen);
  const written: string[] = [];
  for (const state of chosen) {
    fs.mkdirSync(path.dirname(state.copy), { recursive: true });
    fs.copyFileSync(state.source, state.copy);
    written.push(state.copy);
  }
  return written;
}

export interface CreateProfileResult {
  profileDir: string;
  created: boolean;
  copiedStartupFiles: string[];
}

/**
 * `ipp-create`, done properly: `IPython profile create --parallel` and the startup files copied. No
 * permission is changed (the Makefile's `chmod g+r` of the parent granted nothing useful; ipyparallel
 * keeps security/ private itself). Idempotent: an existing profile only gets missing startup copies. Checks everything first,
 * so bad input changes nothing.
 */
export async function createProfile(
  pythonPath: string,
  profileDir: string,
  workspaceFolder: string,
  startupFiles: string[],
  log: Logger,
  /** Written into the new profile's ipcontroller_config.py; null leaves ipyparallel's default. */
  heartbeatMs: number | null = null,
): Promise<CreateProfileResult> {
  if (fs.existsSync(profileDir) && !isDirectory(profileDir)) {
    throw new UserError('not-a-profile', `${profileDir} is a file, not a profile directory. Fix ippEngines.profileDir.`);
  }
  const states = startupFileStates(profileDir, workspaceFolder, startupFiles);
  checkStartupSources(states);
  const missing = states.filter((s) => !s.sourceExists);
  if (missing.length) {
    throw new UserError('bad-setting', `Startup file${missing.length > 1 ? 's' : ''} not found: ${missing.map((s) => s.source).join(', ')}. Fix ippEngines.startupFiles (an empty list is fine). Nothing was created.`);
  }
  const existed = looksLikeProfile(profileDir);
  if (!existed) {
    if (fs.existsSync(profileDir) && fs.readdirSync(profileDir).length) {
      throw new UserError('not-a-profile', `${profileDir} exists and is not an IPython profile. Choose an empty or new directory in ippEngines.profileDir.`);
    }
    const result = await run(pythonPath, ['-m', 'IPython', 'profile', 'create', '--parallel', `--profile-dir=${profileDir}`], log, { timeoutMs: Timeouts.profileCreateMs });
    if (result.exitCode !== 0 || !looksLikeProfile(profileDir)) {
      throw new UserError('command-failed', `Creating the profile failed (exit ${result.exitCode ?? 'none'}).`, result.stderr);
    }
    if (heartbeatMs !== null) fs.appendFileSync(path.join(profileDir, 'ipcontroller_config.py'), heartbeatConfigBlock(heartbeatMs));
  }
  const copied = refreshStartupCopies(states, (s) => !s.copyExists);
  log.info(`Profile ${existed ? 'already existed' : 'created'}: ${profileDir}; startup copies written: ${copied.length}`);
  return { profileDir, created: !existed, copiedStartupFiles: copied };
}

/** What `ipython profile create --parallel`, ipcluster and IPython put at a profile's top level. */
const PROFILE_ENTRY = /^(\w+_config\.py|log|pid|security|startup|db|history\.sqlite(-journal)?|__pycache__)$/;

/** A directory about to be deleted, as the user confirmed it. */
export interface DeletionCheck {
  /** The real path that is removed. */
  real: string;
  dev: number;
  ino: number;
  /** Top-level entries a profile does not normally hold: the confirmation names them. */
  unexpected: string[];
}

/**
 * Refuses to delete anything but a complete IPython profile (ipcluster_config.py and security/) of this
 * user: never `/`, home, the workspace folder or anything that contains one of them (each compared
 * resolved and unresolved: a home behind a symlink is still home), and never a path inside the workspace
 * that a symlink leads out of it.
 */
export function checkDeletable(profileDir: string, workspaceFolder: string, home = os.homedir()): DeletionCheck {
  const refuse = (why: string): never => {
    throw new UserError('refused', `Refusing to delete ${profileDir}: ${why}. Nothing was deleted.`);
  };
  const target = path.resolve(profileDir);
  if (!fs.existsSync(target)) refuse('it does not exist');
  const real = fs.realpathSync(target);
  const protectedDirs = [path.parse(real).root, ...[home, workspaceFolder].flatMap((dir) => [path.resolve(dir), realPathOf(dir)])];
  for (const protectedDir of protectedDirs) {
    if (isInside(protectedDir, real)) refuse(`it is or contains ${protectedDir}`);
  }
  if (isInside(target, path.resolve(workspaceFolder)) && !isInside(real, realPathOf(workspaceFolder))) {
    refuse(`it leads through a symlink out of the workspace (to ${real})`);
  }
  if (!isDirectory(real) || !fs.existsSync(path.join(real, 'ipcluster_config.py')) || !isDirectory(path.join(real, 'security'))) {
    refuse('it is not an IPython profile (a profile has both ipcluster_config.py and security/)');
  }
  const stat = fs.statSync(real);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) refuse('it belongs to another user');
  const unexpected = fs.readdirSync(real).filter((name) => !PROFILE_ENTRY.test(name)).sort();
  return { real, dev: stat.dev, ino: stat.ino, unexpected };
}

/**
 * Right before removal (the stop before it takes seconds): the path must still pass every check, be the
 * same directory (device and inode) and hold nothing unexpected that the confirmation did not name.
 */
export function recheckDeletable(confirmed: DeletionCheck, profileDir: string, workspaceFolder: string, home = os.homedir()): string {
  const now = checkDeletable(profileDir, workspaceFolder, home);
  const refuse = (why: string): never => {
    throw new UserError('refused', `Refusing to delete ${profileDir}: ${why} since you confirmed. Its processes were stopped; nothing was deleted.`);
  };
  if (now.real !== confirmed.real || now.dev !== confirmed.dev || now.ino !== confirmed.ino) refuse('it is another directory');
  const added = now.unexpected.filter((name) => !confirmed.unexpected.includes(name));
  if (added.length) refuse(`${added.join(', ')} appeared in it`);
  return now.real;
}

function realPathOf(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

export function removeProfileDirectory(profileDir: string): void {
  fs.rmSync(profileDir, { recursive: true, force: false });
}
