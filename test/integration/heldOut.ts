// Checks that judge the extension without its own code: files and processes read here, directly.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Files larger than this are not scanned (none the editor writes in a test comes near it). */
const SCAN_MAX_BYTES = 64 * 1024 * 1024;

/** The cluster keys in a profile's connection files now, added to `into`. */
export function collectKeys(profileDir: string, into: Set<string>): void {
  const security = path.join(profileDir, 'security');
  let names: string[] = [];
  try {
    names = fs.readdirSync(security).filter((n) => n.endsWith('.json'));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const key = (JSON.parse(fs.readFileSync(path.join(security, name), 'utf8')) as { key?: unknown }).key;
      if (typeof key === 'string' && key.length >= 8) into.add(key);
    } catch {
      // being written or removed right now: the next look gets it
    }
  }
}

/** A folder ipcluster owns (it writes the key there itself): an IPython profile. */
const isProfile = (dir: string) => fs.existsSync(path.join(dir, 'security')) || fs.existsSync(path.join(dir, 'ipcluster_config.py'));

/**
 * Where the editor writes in a test run: the test host's whole state (its HOME, user and server data: logs,
 * output channels, storage) and the scratch folder, except the profiles in it.
 */
export function editorWrittenRoots(scratch: string): string[] {
  const state = path.dirname(os.homedir());
  if (!fs.existsSync(path.join(state, 'server-data'))) throw new Error(`${state} is not the test host's state folder: the scan would prove nothing`);
  return [state, scratch];
}

/** Every regular file under the roots (profiles left out) whose bytes hold any of the secrets. */
export function filesHolding(secrets: string[], roots: string[]): string[] {
  const found: string[] = [];
  const needles = secrets.map((s) => Buffer.from(s));
  const visit = (dir: string) => {
    if (isProfile(dir)) return;
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && fs.statSync(full).size <= SCAN_MAX_BYTES) {
        const bytes = fs.readFileSync(full);
        if (needles.some((n) => bytes.includes(n))) found.push(full);
      }
    }
  };
  for (const root of new Set(roots)) visit(root);
  return found;
}
