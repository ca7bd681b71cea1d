import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { UserError } from './errors';
import { readProfileText } from './profileFile';

/**
 * Where the controller listens, and the location it tells engines and clients to connect to. ipyparallel
 * listens on 127.0.0.1 by default, which on a compute host is that host's own loopback: engines that a
 * batch system or ssh starts elsewhere could never register. So when engines may run on other hosts, the
 * controller listens on every interface (or the one the setting names) and advertises this host's name.
 */
export interface ControllerAddress {
  /** The listen address given to ipcluster ('' : ipyparallel's default, 127.0.0.1). */
  ip: string;
  /** What engines and clients connect to ('' : the listen address). */
  location: string;
  /**
   * Who chose: `local` (engines on this host, loopback), `default` (engines elsewhere: every interface and
   * this host's name), `setting` (ippEngines.controller.ip), `profile` (its own config wins; nothing passed).
   */
  source: 'local' | 'default' | 'setting' | 'profile';
}

/** Launchers whose engines run on other hosts (ipyparallel's abbreviations). */
const ELSEWHERE = new Set(['slurm', 'ssh', 'sshproxy', 'pbs', 'sge', 'lsf', 'htcondor', 'condor']);
/** mpiexec arguments that put ranks on other hosts (Open MPI and MPICH spellings). */
const MPI_HOSTS = /^-{1,2}(host|H|hostfile|machinefile|default-hostfile)(=|$)/;

/** Whether engines of this launcher may run on other hosts. */
export function enginesElsewhere(launcher: string, mpiArgs: readonly string[] = []): boolean {
  return ELSEWHERE.has(launcher) || (launcher === 'mpi' && mpiArgs.some((arg) => MPI_HOSTS.test(arg)));
}

/** Assignments in a profile's config that choose the controller's address: then the profile decides. */
const PROFILE_CHOOSES = [
  { file: 'ipcluster_config.py', pattern: /^[ \t]*c\.Cluster\.controller_(ip|location)[ \t]*=/m },
  { file: 'ipcontroller_config.py', pattern: /^[ \t]*c\.(IPController|RegistrationFactory)\.(ip|location|interface|engine_ip|engine_interface)[ \t]*=/m },
];

/** Whether the profile's own config sets where the controller listens or what it advertises. */
export function profileSetsControllerAddress(profileDir: string): boolean {
  return PROFILE_CHOOSES.some(({ file, pattern }) => pattern.test(readProfileText(path.join(profileDir, file)) ?? ''));
}

/**
 * The address for a cluster whose engines run through `launcher`. `setting` is ippEngines.controller.ip:
 * an address of this host, or the name of one of its network interfaces (resolved to its address); empty
 * means every interface, advertised by this host's name. A bad value is a UserError naming the setting.
 */
export function controllerAddress(
  launcher: string,
  mpiArgs: readonly string[],
  setting: string,
  profileDir: string,
  host: { name: string; interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> } = { name: os.hostname(), interfaces: os.networkInterfaces() },
): ControllerAddress {
  if (!enginesElsewhere(launcher, mpiArgs)) return { ip: '', location: '', source: 'local' };
  if (profileSetsControllerAddress(profileDir)) return { ip: '', location: '', source: 'profile' };
  if (!setting) return { ip: '*', location: host.name, source: 'default' };
  if (net.isIP(setting)) return { ip: setting, location: setting, source: 'setting' };
  const address = host.interfaces[setting]?.find((a) => a.family === 'IPv4' && !a.internal) ?? host.interfaces[setting]?.find((a) => !a.internal);
  if (!address) {
    const names = Object.keys(host.interfaces).filter((name) => host.interfaces[name]?.some((a) => !a.internal));
    throw new UserError(
      'bad-setting',
      l10n.t(
        'ippEngines.controller.ip is "{0}", which is neither an IP address nor a network interface of this host (it has: {1}). Nothing was started.',
        setting,
        names.join(', ') || '-',
      ),
    );
  }
  return { ip: address.address, location: address.address, source: 'setting' };
}

/** ipcluster arguments that make the controller listen and advertise as `address` says (none where it is local or the profile's). */
export function controllerAddressArgs(address: ControllerAddress): string[] {
  if (address.source === 'local' || address.source === 'profile') return [];
  return [`--Cluster.controller_ip=${address.ip}`, `--Cluster.controller_location=${address.location}`];
}
