import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { UserError } from './errors';
import { Timeouts } from './ipyparallel';
import { isSameProcess } from './kill';
import { sightProcess } from './processTable';
import { readProfileText } from './profileFile';

/**
 * A lock file in the profile's `pid/` folder, so that two VS Code windows on one folder never start or stop
 * the same cluster at once. The lock names its holder by pid and start time, so a lock whose holder is gone
 * is taken over at once, even when its pid now belongs to another process. Without a profile (nothing to
 * start or stop yet) the work runs unlocked.
 */
export async function withProfileLock<T>(profileDir: string, work: () => Promise<T>, timeoutMs: number = Timeouts.profileLockMs): Promise<T> {
  const dir = path.join(profileDir, 'pid');
  if (!fs.existsSync(dir)) return work();
  const file = path.join(dir, 'ipp-engines.lock');
  const deadline = Date.now() + timeoutMs;
  const ours = [process.pid, sightProcess(process.pid)?.startedAt].filter((v) => v !== undefined).join(' ');
  for (;;) {
    try {
      fs.writeFileSync(file, ours, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return work();
      const seen = readOr(file, '');
      const [holder, startedAt] = seen.trim().split(' ').map(Number);
      // Our own pid can only be a leftover: within one process, calls are already serialised. A lock of an
      // older version names a pid only: then alive is all that can be checked.
      if (!holder || holder === process.pid || !isSameProcess({ pid: holder, cmd: '', startedAt })) {
        takeOver(file, seen);
        continue;
      }
      if (Date.now() > deadline) {
        throw new UserError('timeout', l10n.t('Another VS Code window (process {0}) is starting or stopping this cluster. Try again when it is done.', holder));
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // An unwritable pid/ folder: the lock names our pid, so the next holder takes it over as stale.
    }
  }
}

/**
 * Removes a stale lock atomically: only one of several windows can rename it away. If what was renamed is
 * no longer the stale lock we saw (another window took over meanwhile), it is put back.
 */
function takeOver(file: string, seen: string): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // someone else moved it first
  }
  if (readOr(aside, '') !== seen) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // a newer lock exists already; ours was the stale one after all
    }
  }
  fs.rmSync(aside, { force: true });
}

function readOr(file: string, fallback: string): string {
  return readProfileText(file) ?? fallback;
}
