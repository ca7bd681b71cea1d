// Files a dead cluster leaves in its profile, which would make the next ipcluster start fail or its
// engines wait on old ports. Only the profile's own files are removed, a symlink itself, never its target.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { clusterFilePaths, clusterFilesOf } from './clusterFiles';
import { clusterIdOf } from './clusterRecord';
import type { ClusterTarget } from './clusterTypes';
import { clientFilePath, clusterFilePath, clusterIdOfFile } from './ipyparallel';
import type { Logger } from './log';
import type { ProfileProcesses } from './processRoles';
import { readProfileText } from './profileFile';

/**
 * The connection files a controller of this cluster left when it was killed (it removes them when it
 * exits cleanly), removed before a start: engines that a batch system starts elsewhere at once read the
 * old file before the new controller rewrites it, and wait in vain on the old ports. A profile that
 * reuses its files (`reuse_files`) keeps them: its controller reads them for its ports and key.
 * Returns what could not be removed, as warnings.
 */
export function removeStaleConnectionFiles(target: ClusterTarget, log: Logger): string[] {
  if (/^[ \t]*c\.IPController\.reuse_files[ \t]*=[ \t]*True/m.test(readProfileText(path.join(target.profileDir, 'ipcontroller_config.py')) ?? '')) return [];
  const client = clientFilePath(target.profileDir, clusterIdOf(target));
  return [client, client.replace(/-client\.json$/, '-engine.json')].flatMap((file) => removeFile(file, 'stale connection file', log));
}

/**
 * ipcluster refuses to start (exit 10) while a cluster file names a dead cluster: remove the files of
 * cluster ids with no process left; another cluster's file stays. A file that records SSH engines is the
 * only record of where they run: it goes only for the ids in `remoteEnded`. A file that cannot be removed
 * (an unwritable profile) is returned as a warning: the processes are gone all the same.
 */
export function removeDeadClusterFiles(target: ClusterTarget, procs: ProfileProcesses, remoteEnded: ReadonlySet<string>, log: Logger): string[] {
  const running = new Set(procs.all.map((p) => p.clusterId));
  const recordsSsh = new Set(
    clusterFilesOf(target.profileDir)
      .filter((f) => f.engineSets.some((s) => s.kind === 'ssh'))
      .map((f) => f.file),
  );
  return clusterFilePaths(target.profileDir).flatMap((file) => {
    const id = clusterIdOfFile(file);
    const notOurs = target.foreignProfile && id !== clusterIdOf(target);
    if (id === undefined || notOurs || running.has(id) || (recordsSsh.has(file) && !remoteEnded.has(id))) return [];
    return removeFile(file, 'stale cluster file', log);
  });
}

/**
 * `ipcluster clean` for one cluster of which nothing runs (the caller checked): its cluster file and its
 * connection files go. Returns what could not be removed, as warnings.
 */
export function removeClusterFiles(target: ClusterTarget, log: Logger): string[] {
  return [...removeFile(clusterFilePath(target.profileDir, clusterIdOf(target)), 'stale cluster file', log), ...removeStaleConnectionFiles(target, log)];
}

/** Removes one of the profile's files (a symlink itself, never what it points to); a failure is returned as a warning. */
function removeFile(file: string, what: string, log: Logger): string[] {
  if (!fs.existsSync(file) && !isSymlink(file)) return [];
  log.info(`Removing ${what} ${file}`);
  try {
    fs.rmSync(file, { force: true });
    return [];
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    log.warn(`Could not remove ${file}: ${why}`);
    return [l10n.t('could not remove {0} ({1}); remove it before the next start', file, why)];
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
