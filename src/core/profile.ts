import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from './errors';
import { Timeouts } from './ipyparallel';
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
    };
  });
}

/** Copies startup sources over their copies (all, or only those named); returns the copies written. */
export function refreshStartupCopies(states: StartupFileState[], only?: (s: StartupFileState) => boolean): string[] {
  const written: string[] = [];
  for (const state of states) {
    if (!state.sourceExists || (only && !only(state))) continue;
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
 * `ipp-create`, done properly: `IPython profile create --parallel`, startup files copied, parent made
 * group-readable. Idempotent: an existing profile only gets missing startup copies. Checks everything first,
 * so bad input changes nothing.
 */
export async function createProfile(
  pythonPath: string,
  profileDir: string,
  workspaceFolder: string,
  startupFiles: string[],
  log: Logger,
): Promise<CreateProfileResult> {
  if (fs.existsSync(profileDir) && !isDirectory(profileDir)) {
    throw new UserError('not-a-profile', `${profileDir} is a file, not a profile directory. Fix ippEngines.profileDir.`);
  }
  const states = startupFileStates(profileDir, workspaceFolder, startupFiles);
  const missing = states.filter((s) => !s.sourceExists);
  if (missing.length) {
    throw new UserError('bad-setting', `Startup file${missing.length > 1 ? 's' : ''} not found: ${missing.map((s) => s.source).join(', ')}. Fix ippEngines.startupFiles (an empty list is fine). Nothing was created.`);
  }
  const existed = looksLikeProfile(profileDir);
  if (!existed) {
    if (fs.existsSync(profileDir) && fs.readdirSync(profileDir).length) {
      throw new UserError('not-a-profile', `${profileDir} exists and is not an IPython profile. Choose an empty or new directory in ippEngines.profileDir.`);
    }
    const result = await run(pythonPath, ['-m', 'IPython', 'profile', 'create', '--parallel', `--profile-dir=${profileDir}`], log, { cwd: workspaceFolder, timeoutMs: Timeouts.profileCreateMs });
    if (result.exitCode !== 0 || !looksLikeProfile(profileDir)) {
      throw new UserError('command-failed', `Creating the profile failed (exit ${result.exitCode ?? 'none'}).`, result.stderr);
    }
    makeGroupReadable(path.dirname(profileDir), log);
  }
  const copied = refreshStartupCopies(states, (s) => !s.copyExists);
  log.info(`Profile ${existed ? 'already existed' : 'created'}: ${profileDir}; startup copies written: ${copied.length}`);
  return { profileDir, created: !existed, copiedStartupFiles: copied };
}

function makeGroupReadable(dir: string, log: Logger): void {
  try {
    fs.chmodSync(dir, fs.statSync(dir).mode | 0o040);
  } catch (error) {
    log.warn(`Could not make ${dir} group-readable: ${error}`);
  }
}

/**
 * Refuses to delete anything but an IPython profile: never `/`, home, the workspace folder or one of its
 * ancestors, and never a path inside the workspace that a symlink leads out of it.
 */
/** Returns the real path to delete. */
export function checkDeletable(profileDir: string, workspaceFolder: string, home = os.homedir()): string {
  const refuse = (why: string): never => {
    throw new UserError('refused', `Refusing to delete ${profileDir}: ${why}. Nothing was deleted.`);
  };
  const target = path.resolve(profileDir);
  if (!fs.existsSync(target)) refuse('it does not exist');
  const real = fs.realpathSync(target);
  const realWorkspace = fs.realpathSync(workspaceFolder);
  for (const protectedDir of [path.parse(real).root, home, realWorkspace]) {
    if (isInside(protectedDir, real)) refuse(`it is or contains ${protectedDir}`);
  }
  if (isInside(target, path.resolve(workspaceFolder)) && !isInside(real, realWorkspace)) {
    refuse(`it leads through a symlink out of the workspace (to ${real})`);
  }
  if (!isDirectory(real) || !looksLikeProfile(real)) refuse('it does not look like an IPython profile (no ipcluster_config.py or security/)');
  const uid = process.getuid?.();
  if (uid !== undefined && fs.statSync(real).uid !== uid) refuse('it belongs to another user');
  return real;
}

export function removeProfileDirectory(profileDir: string): void {
  fs.rmSync(profileDir, { recursive: true, force: false });
}
