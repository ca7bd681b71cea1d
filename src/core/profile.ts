import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { errorMessage, UserError } from './errors';
import { engineConfigBlock, heartbeatConfigBlock, Timeouts } from './ipyparallel';
import type { Logger } from './log';
import { isInside, realPathOf } from './paths';
import { readProfileFile } from './profileFile';
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
  const sources = startupFiles.map((rel) => path.resolve(workspaceFolder, rel));
  return sources.map((source) => {
    const copy = path.join(profileDir, 'startup', path.basename(source));
    const sourceTime = mtimeMs(source);
    const copyTime = mtimeMs(copy);
    // Two sources of one name would take turns in the one copy.
    const namesake = sources.find((other) => other !== source && path.basename(other) === path.basename(source));
    return {
      source,
      copy,
      sourceExists: sourceTime !== undefined,
      copyExists: copyTime !== undefined,
      stale: sourceTime !== undefined && copyTime !== undefined && sourceTime > copyTime,
      problem:
        startupSourceProblem(source, workspaceFolder) ??
        (namesake ? l10n.t('{0} and {1} have the same name, and engines run one copy of each name', source, namesake) : undefined),
    };
  });
}

/** Engines run what is copied: only regular files that really lie inside the workspace folder qualify. */
function startupSourceProblem(source: string, workspaceFolder: string): string | undefined {
  // A missing source is reported as missing; its path must still lie inside.
  if (!isInside(source, path.resolve(workspaceFolder)) || !isInside(realPathOf(source), realPathOf(workspaceFolder))) {
    return l10n.t('{0} is outside the workspace folder', source);
  }
  if (fs.existsSync(source) && !fs.statSync(source).isFile()) return l10n.t('{0} is not a regular file', source);
  return undefined;
}

/** A clear error, before anything is written, when a startup file to be copied is not allowed. */
export function checkStartupSources(states: StartupFileState[]): void {
  const problems = states.flatMap((s) => (s.problem ? [s.problem] : []));
  if (problems.length) {
    throw new UserError(
      'bad-setting',
      l10n.t('ippEngines.startupFiles must name regular files inside the workspace folder: {0}. Nothing was copied.', problems.join('; ')),
    );
  }
}

/** A startup file is a script: anything larger is not one. */
const STARTUP_FILE_MAX_BYTES = 4 << 20;

/**
 * Copies startup sources over their copies (all, or only those named); returns the copies written. A
 * cloned profile's `startup/` is untrusted: a folder or copy that is a symlink or not what it should be is
 * refused before anything is written, and each copy is a new file renamed into place, so no write ever
 * goes through a link.
 */
export function refreshStartupCopies(states: StartupFileState[], only?: (s: StartupFileState) => boolean): string[] {
  const chosen = states.filter((s) => s.sourceExists && (!only || only(s)));
  checkStartupSources(chosen);
  const refuse = (why: string): never => {
    throw new UserError('refused', l10n.t('Refusing to write the startup copies: {0}. Nothing was copied.', why));
  };
  const texts = chosen.map((state) => {
    const folder = lstatOf(path.dirname(state.copy));
    if (folder && (folder.isSymbolicLink() || !folder.isDirectory()))
      refuse(l10n.t('{0} is not a folder (a symbolic link or a file)', path.dirname(state.copy)));
    const copy = lstatOf(state.copy);
    if (copy && (copy.isSymbolicLink() || !copy.isFile())) refuse(l10n.t('{0} is not a regular file (a symbolic link or another kind of file)', state.copy));
    try {
      return readProfileFile(state.source, { maxBytes: STARTUP_FILE_MAX_BYTES, follow: true }); // a link inside the workspace is allowed (startupSourceProblem)
    } catch (error) {
      return refuse(errorMessage(error));
    }
  });
  chosen.forEach((state, i) => {
    fs.mkdirSync(path.dirname(state.copy), { recursive: true });
    writeByRename(state.copy, texts[i]);
  });
  return chosen.map((s) => s.copy);
}

function lstatOf(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Writes a new file beside `file` (created exclusively, never through a link) and renames it over `file`. */
function writeByRename(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
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
    throw new UserError('not-a-profile', l10n.t('{0} is a file, not a profile directory. Fix ippEngines.profileDir.', profileDir));
  }
  const states = startupFileStates(profileDir, workspaceFolder, startupFiles);
  checkStartupSources(states);
  const missing = states.filter((s) => !s.sourceExists);
  if (missing.length) {
    const sources = missing.map((s) => s.source).join(', ');
    throw new UserError(
      'bad-setting',
      missing.length > 1
        ? l10n.t('Startup files not found: {0}. Fix ippEngines.startupFiles (an empty list is fine). Nothing was created.', sources)
        : l10n.t('Startup file not found: {0}. Fix ippEngines.startupFiles (an empty list is fine). Nothing was created.', sources),
    );
  }
  const existed = looksLikeProfile(profileDir);
  if (!existed) {
    if (fs.existsSync(profileDir) && fs.readdirSync(profileDir).length) {
      throw new UserError(
        'not-a-profile',
        l10n.t('{0} exists and is not an IPython profile. Choose an empty or new directory in ippEngines.profileDir.', profileDir),
      );
    }
    const result = await run(pythonPath, ['-m', 'IPython', 'profile', 'create', '--parallel', `--profile-dir=${profileDir}`], log, {
      timeoutMs: Timeouts.profileCreateMs,
    });
    if (result.exitCode !== 0 || !looksLikeProfile(profileDir)) {
      throw new UserError('command-failed', l10n.t('Creating the profile failed (exit {0}).', result.exitCode ?? l10n.t('none')), result.stderr);
    }
    if (heartbeatMs !== null) fs.appendFileSync(path.join(profileDir, 'ipcontroller_config.py'), heartbeatConfigBlock(heartbeatMs));
    fs.appendFileSync(path.join(profileDir, 'ipengine_config.py'), engineConfigBlock());
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
    throw new UserError('refused', l10n.t('Refusing to delete {0}: {1}. Nothing was deleted.', profileDir, why));
  };
  const target = path.resolve(profileDir);
  if (!fs.existsSync(target)) refuse(l10n.t('it does not exist'));
  const real = fs.realpathSync(target);
  const protectedDirs = [path.parse(real).root, ...[home, workspaceFolder].flatMap((dir) => [path.resolve(dir), realPathOf(dir)])];
  for (const protectedDir of protectedDirs) {
    if (isInside(protectedDir, real)) refuse(l10n.t('it is or contains {0}', protectedDir));
  }
  if (isInside(target, path.resolve(workspaceFolder)) && !isInside(real, realPathOf(workspaceFolder))) {
    refuse(l10n.t('it leads through a symlink out of the workspace (to {0})', real));
  }
  if (!isDirectory(real) || !fs.existsSync(path.join(real, 'ipcluster_config.py')) || !isDirectory(path.join(real, 'security'))) {
    refuse(l10n.t('it is not an IPython profile (a profile has both ipcluster_config.py and security/)'));
  }
  const stat = fs.statSync(real);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) refuse(l10n.t('it belongs to another user'));
  const unexpected = fs
    .readdirSync(real)
    .filter((name) => !PROFILE_ENTRY.test(name))
    .sort();
  return { real, dev: stat.dev, ino: stat.ino, unexpected };
}

/**
 * Right before removal (the stop before it takes seconds): the path must still pass every check, be the
 * same directory (device and inode) and hold nothing unexpected that the confirmation did not name.
 */
export function recheckDeletable(confirmed: DeletionCheck, profileDir: string, workspaceFolder: string, home = os.homedir()): string {
  const now = checkDeletable(profileDir, workspaceFolder, home);
  const refuse = (why: string): never => {
    throw new UserError(
      'refused',
      l10n.t('Refusing to delete {0}: {1} since you confirmed. Its processes were stopped; nothing was deleted.', profileDir, why),
    );
  };
  if (now.real !== confirmed.real || now.dev !== confirmed.dev || now.ino !== confirmed.ino) refuse(l10n.t('it is another directory'));
  const added = now.unexpected.filter((name) => !confirmed.unexpected.includes(name));
  if (added.length) refuse(l10n.t('{0} appeared in it', added.join(', ')));
  return now.real;
}

export function removeProfileDirectory(profileDir: string): void {
  fs.rmSync(profileDir, { recursive: true, force: false });
}
