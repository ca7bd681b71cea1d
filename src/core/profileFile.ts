import * as fs from 'node:fs';

/** Config files a profile holds are small; a larger one is not read (a cloned profile is untrusted input). */
export const PROFILE_CONFIG_MAX_BYTES = 1 << 20;

/**
 * The text of a profile's file, or undefined when it is missing, not a regular file (a symlink, a FIFO, a
 * device), or larger than `maxBytes`. The open never follows a symlink and never blocks (a FIFO).
 */
export function readProfileText(file: string, maxBytes = PROFILE_CONFIG_MAX_BYTES): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    const buffer = Buffer.alloc(stat.size);
    const read = fs.readSync(fd, buffer, 0, stat.size, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
