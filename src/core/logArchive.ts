import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { readProfileTail, readProfileText } from './profileFile';

export interface ArchivedLog {
  name: string;
  path: string;
  /** Folder name of the generation: its time stamp. */
  generation: string;
}

const GENERATIONS_KEPT = 3;
/** Of each log, only the end is kept: a long run's engine log can be huge. */
const KEPT_LOG_BYTES = 4 * 1024 * 1024;

function archiveRoot(storageDir: string, profileDir: string): string {
  const id = crypto.createHash('sha1').update(profileDir).digest('hex').slice(0, 12);
  return path.join(storageDir, `logs-${id}`);
}

/** The cluster keys in a profile's connection files: what must never leave the profile in a log copy. */
export function profileKeys(profileDir: string): string[] {
  const security = path.join(profileDir, 'security');
  const keys = new Set<string>();
  let names: string[] = [];
  try {
    names = fs.readdirSync(security).filter((n) => /^ipcontroller-.*\.json$/.test(n));
  } catch {
    return [];
  }
  for (const name of names) {
    try {
      const key = (JSON.parse(readProfileText(path.join(security, name)) ?? 'null') as { key?: unknown } | null)?.key;
      if (typeof key === 'string' && key.length >= 8) keys.add(key);
    } catch {
      // corrupt: nothing to learn from it
    }
  }
  return [...keys];
}

/**
 * A log's text without secrets: ipyparallel 7 echoes its configuration, the session key included
 * (`'Session': {'key': b'…'}`), and any known key string is blanked wherever it appears.
 */
export function redactSecrets(text: string, keys: string[]): string {
  let out = text.replace(/((['"])key\2\s*:\s*b?(['"]))[^'"]*\3/g, '$1<redacted>$3');
  for (const key of keys) out = out.split(key).join('<redacted>');
  return out;
}

/**
 * Copies the profile's current logs into our own storage before ipcluster deletes them (stop, restart),
 * keeping the last few generations, with secrets redacted. Each generation holds every log; one unchanged
 * since the newest generation is linked from it, not copied again (log/ grows with every restart). Returns
 * the files of the new generation.
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
  // Taken before copying: a log that grows meanwhile is copied again next time.
  const stamps = sourceStamps(logDir, names);
  const previous = newestGeneration(root);
  if (previous && JSON.stringify(previous.stamps) === JSON.stringify(stamps)) return []; // e.g. a start right after our stop
  const generation = path.join(root, now.toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(generation, { recursive: true });
  const keys = profileKeys(profileDir);
  const copied = names.flatMap((n) => {
    if (previous?.stamps[n] === stamps[n] && linked(path.join(previous.dir, n), path.join(generation, n))) return [path.join(generation, n)];
    let tail: { text: string; skipped: number };
    try {
      tail = readProfileTail(path.join(logDir, n), KEPT_LOG_BYTES);
    } catch {
      return []; // gone meanwhile, or not a log file (a symlink, a FIFO): nothing of it is kept
    }
    const note = tail.skipped
      ? `${l10n.t('[IPP Engines kept the last {0} MiB of this log; {1} bytes before them are not kept]', KEPT_LOG_BYTES / 1024 / 1024, tail.skipped)}\n`
      : '';
    fs.writeFileSync(path.join(generation, n), note + redactSecrets(tail.text, keys));
    return [path.join(generation, n)];
  });
  // Redaction changes sizes: what was copied is recorded beside the copies (see newestGeneration).
  fs.writeFileSync(path.join(generation, MANIFEST), JSON.stringify(stamps));
  const old = fs.readdirSync(root).sort().reverse().slice(GENERATIONS_KEPT);
  for (const dir of old) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
  return copied;
}

const MANIFEST = 'sources.json';

/** Size and modification time of each log: a new run's log differs in at least one. */
function sourceStamps(logDir: string, names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((n) => {
      const st = fs.lstatSync(path.join(logDir, n)); // a dangling symlink is no reason to fail
      return [n, `${st.size}:${st.mtimeMs}`];
    }),
  );
}

/** The newest generation, with the size and modification time of each log it was copied from. */
function newestGeneration(root: string): { dir: string; stamps: Record<string, string> } | undefined {
  try {
    const newest = fs.readdirSync(root).sort().pop();
    if (!newest) return undefined;
    const dir = path.join(root, newest);
    return { dir, stamps: JSON.parse(readProfileText(path.join(dir, MANIFEST)) ?? '') as Record<string, string> };
  } catch {
    return undefined;
  }
}

/** A hard link; false where it cannot be made (then the log is copied). */
function linked(existing: string, link: string): boolean {
  try {
    fs.linkSync(existing, link);
    return true;
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
      .flatMap((generation) =>
        fs
          .readdirSync(path.join(root, generation))
          .filter((name) => name !== MANIFEST)
          .sort()
          .map((name) => ({ name, path: path.join(root, generation, name), generation })),
      );
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
