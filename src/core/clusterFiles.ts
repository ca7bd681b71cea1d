import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from './errors';

/** What ipcluster recorded in `security/cluster-<id>.json`: hints only, the process table is the truth. */
export interface ClusterFile {
  file: string;
  controllerPid?: number;
  requestedEngines?: number;
}

export function clusterFilePaths(profileDir: string): string[] {
  const security = path.join(profileDir, 'security');
  try {
    return fs
      .readdirSync(security)
      .filter((name) => /^cluster-.*\.json$/.test(name))
      .map((name) => path.join(security, name));
  } catch {
    return [];
  }
}

/** Parses a cluster file's text; anything malformed yields what could be read, never an exception. */
export function parseClusterFile(file: string, text: string): ClusterFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const field = (value: unknown, key: string): unknown => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);
  if (!data || typeof data !== 'object') return undefined;
  const pid = field(field(field(data, 'controller'), 'state'), 'pid');
  const n = field(field(data, 'cluster'), 'n');
  return {
    file,
    controllerPid: typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined,
    requestedEngines: typeof n === 'number' ? n : undefined,
  };
}

export function readClusterFiles(profileDir: string): ClusterFile[] {
  const out: ClusterFile[] = [];
  for (const file of clusterFilePaths(profileDir)) {
    try {
      const parsed = parseClusterFile(file, fs.readFileSync(file, 'utf8'));
      if (parsed) out.push(parsed);
    } catch {
      // Removed between readdir and read: nothing to report.
    }
  }
  return out;
}

/**
 * Checks the client connection file before a Client is pointed at it. Missing is fine (the cluster is not
 * running); empty, truncated or wrong-shaped is a clear error instead of a Python traceback.
 */
export function validateClientFile(text: string, file: string): void {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text, and the text holds the cluster's key.
    const why = text.trim() ? 'is not valid JSON (truncated?)' : 'is empty';
    throw new UserError('corrupt-file', `The connection file ${file} ${why}. Stop and start the cluster to rewrite it.`);
  }
  const record = data as Record<string, unknown> | null;
  if (!record || typeof record !== 'object' || !('key' in record) || !('registration' in record)) {
    throw new UserError('corrupt-file', `The connection file ${file} lacks the controller's address and key. Stop and start the cluster to rewrite it.`);
  }
}
