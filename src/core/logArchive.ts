import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ArchivedLog {
  name: string;
  path: string;
  /** Folder name of the generation: its time stamp. */
  generation: string;
}

const GENERATIONS_KEPT = 3;

function archiveRoot(storageDir: string, profileDir: string): string {
  const id = crypto.createHash('sha1').update(profileDir).digest('hex').slice(0, 12);
  return path.join(storageDir, `logs-${id}`);
}

/**
 * Copies the profile's current logs into our own storage before ipcluster deletes them (stop, restart),
 * keeping the last few generations. Returns the files copied.
 */
export function archiveLogs(profileDir: string, storageDir: string, now = new Date()): string[] {
  const logDir = path.join(profileDir, 'log');
  let names: string[];
  try {
    names = fs.readdirSync(logDir).filter((n) => n.endsWith('.log'));
  } catch {
    return [];
  }
  if (!names.length) return [];
  const root = archiveRoot(storageDir, profileDir);
  if (alreadyArchived(root, logDir, names)) return []; // e.g. a start right after our stop
  const generation = path.join(root, now.toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(generation, { recursive: true });
  const copied = names.map((n) => {
    fs.copyFileSync(path.join(logDir, n), path.join(generation, n));
    return path.join(generation, n);
  });
  const old = fs.readdirSync(root).sort().reverse().slice(GENERATIONS_KEPT);
  for (const dir of old) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
  return copied;
}

/** True when the newest generation holds exactly these files with the same sizes. */
function alreadyArchived(root: string, logDir: string, names: string[]): boolean {
  try {
    const newest = fs.readdirSync(root).sort().pop();
    if (!newest) return false;
    const kept = fs.readdirSync(path.join(root, newest));
    const size = (p: string) => fs.statSync(p).size;
    return kept.length === names.length && names.every((n) => kept.includes(n) && size(path.join(root, newest, n)) === size(path.join(logDir, n)));
  } catch {
    return false;
  }
}

/** Archived logs, newest generation first. */
export function archivedLogs(profileDir: string, storageDir: string): ArchivedLog[] {
  const root = archiveRoot(storageDir, profileDir);
  try {
    return fs
      .readdirSync(root)
      .sort()
      .reverse()
      .flatMap((generation) => fs.readdirSync(path.join(root, generation)).sort().map((name) => ({ name, path: path.join(root, generation, name), generation })));
  } catch {
    return [];
  }
}

export function currentLogs(profileDir: string): { name: string; path: string }[] {
  const logDir = path.join(profileDir, 'log');
  try {
    return fs
      .readdirSync(logDir)
      .filter((n) => n.endsWith('.log'))
      .sort()
      .map((name) => ({ name, path: path.join(logDir, name) }));
  } catch {
    return [];
  }
}
