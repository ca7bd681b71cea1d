import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

/** Config files a profile holds are small; a larger one is not read (a cloned profile is untrusted input). */
export const PROFILE_CONFIG_MAX_BYTES = 1 << 20;

export type ProfileFileRefusal = 'missing' | 'symlink' | 'not-a-file' | 'too-large' | 'unreadable';

/** A profile's file that was not read; the message says why, in words for the user. */
export class ProfileFileRefused extends Error {
  constructor(
    readonly file: string,
    readonly reason: ProfileFileRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ProfileFileRefused';
  }
}

export interface ProfileReadOptions {
  /** Larger files are refused (whole reads) or read from their end only (tails). */
  maxBytes?: number;
  /** Follow a symlink: only for a file whose path was already checked (a workspace file inside its folder). */
  follow?: boolean;
}

/**
 * Opens a file that may be untrusted input: never blocking (a FIFO), never following a symlink unless
 * asked, and only a regular file. Every read of a profile's files goes through here.
 */
function openRegular(file: string, follow: boolean): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (follow ? 0 : fs.constants.O_NOFOLLOW));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ProfileFileRefused(file, 'missing', l10n.t('{0} does not exist', file));
    if (code === 'ELOOP') throw new ProfileFileRefused(file, 'symlink', l10n.t('{0} is a symbolic link', file));
    if (code === 'EACCES' || code === 'EPERM') throw new ProfileFileRefused(file, 'unreadable', l10n.t('{0} cannot be read: permission denied', file));
    throw new ProfileFileRefused(file, 'unreadable', l10n.t('{0} cannot be read ({1})', file, code ?? String(error)));
  }
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw new ProfileFileRefused(file, 'not-a-file', l10n.t('{0} is not a regular file', file));
  }
  return { fd, size: stat.size };
}

function tooLarge(file: string, maxBytes: number): ProfileFileRefused {
  return new ProfileFileRefused(file, 'too-large', l10n.t('{0} is larger than {1} KiB', file, Math.round(maxBytes / 1024)));
}

/** The text of a profile's file; throws ProfileFileRefused when it is missing, not a regular file or larger than the cap. */
export function readProfileFile(file: string, { maxBytes = PROFILE_CONFIG_MAX_BYTES, follow = false }: ProfileReadOptions = {}): string {
  const { fd, size } = openRegular(file, follow);
  try {
    if (size > maxBytes) throw tooLarge(file, maxBytes);
    const buffer = Buffer.alloc(size);
    const read = fs.readSync(fd, buffer, 0, size, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** The config files ipyparallel's own programs read from a profile: ipcluster, the controller, each engine. */
export const LAUNCH_CONFIG_FILES = ['ipcluster_config.py', 'ipcontroller_config.py', 'ipengine_config.py'];

/**
 * What makes the profile's config files unsafe to hand to ipyparallel, one message each: a file that is
 * not a regular one (a FIFO hangs ipcluster, /dev/zero fills its memory) or is larger than the cap. A
 * symbolic link to a regular file passes: ipyparallel reads it as any file, and dotfile set-ups use them.
 */
export function launchConfigProblems(profileDir: string): string[] {
  return LAUNCH_CONFIG_FILES.flatMap((name) => {
    const file = path.join(profileDir, name);
    try {
      const { fd, size } = openRegular(file, true);
      fs.closeSync(fd);
      return size > PROFILE_CONFIG_MAX_BYTES ? [tooLarge(file, PROFILE_CONFIG_MAX_BYTES).message] : [];
    } catch (error) {
      return error instanceof ProfileFileRefused && error.reason === 'missing' ? [] : [(error as Error).message];
    }
  });
}

/** The text of a profile's file, or undefined where readProfileFile refuses it (for files whose absence is an answer). */
export function readProfileText(file: string, maxBytes = PROFILE_CONFIG_MAX_BYTES): string | undefined {
  try {
    return readProfileFile(file, { maxBytes });
  } catch {
    return undefined;
  }
}

/**
 * The last `maxBytes` of a log as text, starting at a whole line; `skipped` is how many bytes before it
 * were not read. Throws ProfileFileRefused as readProfileFile does, but a large file is never refused.
 */
export function readProfileTail(file: string, maxBytes: number): { text: string; skipped: number } {
  const { fd, size } = openRegular(file, false);
  try {
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    const read = fs.readSync(fd, buffer, 0, length, size - length);
    let text = buffer.subarray(0, read).toString('utf8');
    if (size > length) text = text.slice(text.indexOf('\n') + 1); // cut in the middle of a line
    return { text, skipped: size - Buffer.byteLength(text) };
  } finally {
    fs.closeSync(fd);
  }
}
