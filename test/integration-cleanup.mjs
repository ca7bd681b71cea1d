// Finds ipyparallel processes of this user whose profile lies under a folder, and kills them by pid: the
// profile named by --profile-dir (7.x) or by IPP_PROFILE_DIR in the environment (8.x and 9.x, where no
// command line names it). Nannies of 7.x name nothing: they are taken as children of what matched.
import * as fs from 'node:fs';
import * as path from 'node:path';

const IPYPARALLEL = /ipyparallel\.(controller|engine|cluster)|ipcontroller|ipengine|ipcluster/;

function profileDirOf(pid) {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!argv.some((a) => IPYPARALLEL.test(a))) return undefined;
    const i = argv.findIndex((a) => a === '--profile-dir' || a.startsWith('--profile-dir='));
    if (i >= 0) return argv[i].includes('=') ? argv[i].split('=').slice(1).join('=') : argv[i + 1];
    // Only this one variable is read: engines' environments also hold the cluster's key.
    const entry = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((e) => e.startsWith('IPP_PROFILE_DIR='));
    return entry?.slice('IPP_PROFILE_DIR='.length);
  } catch {
    return undefined;
  }
}

function ownPids(uid) {
  return fs.readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      return fs.statSync(`/proc/${entry}`).uid === uid;
    } catch {
      return false;
    }
  });
}

export async function killLeftoverClusters(under) {
  const base = path.resolve(under) + path.sep;
  const candidates = ownPids(process.getuid());
  const pids = candidates.map(Number).filter((pid) => {
    const dir = profileDirOf(pid);
    return dir && path.resolve(dir).startsWith(base);
  });
  for (const entry of candidates) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (pids.includes(ppid) && !pids.includes(Number(entry))) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
}
