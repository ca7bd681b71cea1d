// Finds ipyparallel processes of this user whose --profile-dir lies under a folder, and kills them by pid.
import * as fs from 'node:fs';
import * as path from 'node:path';

function profileDirOf(pid) {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!argv.some((a) => /ipyparallel\.(controller|engine)|ipcontroller|ipengine/.test(a))) return undefined;
    const i = argv.findIndex((a) => a === '--profile-dir' || a.startsWith('--profile-dir='));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].split('=').slice(1).join('=') : argv[i + 1];
  } catch {
    return undefined;
  }
}

export async function killLeftoverClusters(under) {
  const uid = process.getuid();
  const base = path.resolve(under) + path.sep;
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.statSync(`/proc/${entry}`).uid !== uid) continue;
    } catch {
      continue;
    }
    const dir = profileDirOf(entry);
    if (dir && path.resolve(dir).startsWith(base)) pids.push(Number(entry));
  }
  // Nannies do not name the profile: take the children of what matched.
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (pids.includes(ppid)) pids.push(Number(entry));
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
