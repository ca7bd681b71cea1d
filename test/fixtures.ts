import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ipclusterArgs } from '../src/core/ipyparallel';

/** A profile's files a cloned repository could replace with hostile ones, relative to the profile. */
export const HOSTILE_FILES = {
  /** Linked to /dev/zero: reading never ends. */
  configs: ['ipcluster_config.py', 'ipcontroller_config.py'],
  /** FIFOs: opening one blocks until someone writes. */
  fifos: ['security/cluster-.json', 'security/ipcontroller-client.json', 'log/ipengine-1-0.log', 'pid/ipp-engines.lock'],
} as const;

/** Makes `profile` hostile (see HOSTILE_FILES), replacing what was there under those names. */
export function plantHostileProfile(profile: string): void {
  for (const dir of ['security', 'log', 'pid']) fs.mkdirSync(path.join(profile, dir), { recursive: true });
  for (const config of HOSTILE_FILES.configs) {
    fs.rmSync(path.join(profile, config), { force: true });
    fs.symlinkSync('/dev/zero', path.join(profile, config));
  }
  for (const fifo of HOSTILE_FILES.fifos) {
    fs.rmSync(path.join(profile, fifo), { force: true });
    execFileSync('mkfifo', [path.join(profile, fifo)]);
  }
}

/** A cluster of `profileDir` started as a user's terminal starts one (the profile created first where missing); ipcluster returns once it is daemonized. */
export function startClusterOutside(python: string, profileDir: string, engines: number, options: { cwd?: string; clusterId?: string } = {}): void {
  if (!fs.existsSync(path.join(profileDir, 'ipcluster_config.py'))) {
    execFileSync(python, ['-m', 'IPython', 'profile', 'create', '--parallel', `--profile-dir=${profileDir}`], { stdio: 'ignore', env: pythonEnv() });
  }
  execFileSync(python, ipclusterArgs.start(profileDir, options.clusterId ?? '', engines), { cwd: options.cwd, stdio: 'ignore', env: pythonEnv() });
}

/** Returns once a Client of its own sees `engines` engines of the profile's cluster. */
export function waitForEnginesOutside(python: string, profileDir: string, engines: number, clusterId = ''): void {
  const wait = `import ipyparallel as ipp; ipp.Client(profile_dir=${JSON.stringify(profileDir)}, cluster_id=${JSON.stringify(clusterId)}, timeout=60).wait_for_engines(${engines}, timeout=60)`;
  execFileSync(python, ['-c', wait], { stdio: 'ignore', env: pythonEnv(), timeout: 150_000 });
}

const pythonEnv = () => ({ ...process.env, IPP_NONINTERACTIVE: '1' });
