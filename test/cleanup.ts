// The test runner's safety net: finds this user's ipyparallel processes whose profile lies under a folder
// (the integration runs' scratch folder) and kills them by pid. Processes are identified as the extension
// does (argv on 7.x, environment on 8.x/9.x); 7.x nannies, which name nothing, as children of what matched.
import * as path from 'node:path';
import { identifyProcess, listOwnProcesses } from '../src/core/processRoles';
import { commandOf, processesNaming } from './processStart';

/** Returns what it killed, each as "pid command line" (a leak's report must say what leaked). */
export async function killLeftoverClusters(under: string): Promise<string[]> {
  const base = path.resolve(under) + path.sep;
  const table = await listOwnProcesses();
  const pids = table.filter((record) => identifyProcess(record)?.profileDir?.startsWith(base)).map((record) => record.pid);
  for (const record of table) if (pids.includes(record.ppid) && !pids.includes(record.pid)) pids.push(record.pid);
  // And what the extension's matcher would miss: anything naming the folder, with its descendants.
  for (const pid of processesNaming(under).keys()) if (!pids.includes(pid)) pids.push(pid);
  const named = pids.map((pid) => `${pid} ${commandOf(pid).slice(0, 200)}`);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return named;
}
