// The launcher a target's engines use, and what must hold before anything is launched: each refusal
// names why, and nothing has started when it comes.
import * as fs from 'node:fs';
import * as l10n from '@vscode/l10n';
import type { ClusterTarget } from './clusterTypes';
import { controllerAddress, type ControllerAddress } from './controllerAddress';
import { UserError } from './errors';
import type { Logger } from './log';
import { looksLikeProfile } from './profile';
import { launchConfigProblems } from './profileFile';
import type { PythonInfo } from './python';
import { launcherArgs, profileLauncher, slurmTemplate } from './scaleOut';
import { probeSshHosts, sshHostsOf } from './sshEngines';

/** The launcher that runs a target's engines: the profile's own choice wins over the setting. */
export function effectiveLauncher(target: ClusterTarget): { kind: string; source: 'profile' | 'setting' } {
  const fromProfile = profileLauncher(target.profileDir);
  return fromProfile ? { kind: fromProfile, source: 'profile' } : { kind: target.launcher?.launcher ?? 'local', source: 'setting' };
}

/** Where a start of this target's cluster makes the controller listen, and what it advertises (see controllerAddress). */
export function controllerAddressOf(target: ClusterTarget): ControllerAddress {
  return controllerAddress(effectiveLauncher(target).kind, target.launcher?.mpiArgs ?? [], target.launcher?.controllerIp ?? '', target.profileDir);
}

/** ipcluster arguments that choose the target's launcher (none for local engines or a profile that chooses). */
export function launcherArgsOf(target: ClusterTarget, pythonPath: string): string[] {
  return target.launcher ? launcherArgs(target.launcher, target.profileDir, pythonPath) : [];
}

/**
 * Before any launch: engines are launched by the setting's launcher only when it names one (a default could
 * run them where they were not meant to run), and ipyparallel reads the profile's config files at every
 * launch, so ones it cannot safely read start nothing.
 */
export function refuseUnsafeLaunch(target: ClusterTarget): void {
  if (target.launcher?.refusal && effectiveLauncher(target).source === 'setting') throw new UserError('bad-setting', target.launcher.refusal);
  const problems = launchConfigProblems(target.profileDir);
  if (problems.length) throw new UserError('refused', l10n.t('Cannot launch ipyparallel on this profile: {0}. Nothing was started.', problems.join('; ')));
}

export function requireProfile(target: ClusterTarget): void {
  if (!fs.existsSync(target.profileDir)) {
    throw new UserError('no-profile', l10n.t('No profile at {0}. Create it first (IPP: Create Profile).', target.profileDir));
  }
  if (!looksLikeProfile(target.profileDir)) {
    throw new UserError('not-a-profile', l10n.t('{0} is not an IPython parallel profile (no ipcluster_config.py or security/).', target.profileDir));
  }
}

/** What the launcher's settings need before a start: every SSH host usable, room for the engines; a batch script ipyparallel can fill. */
export async function checkLauncherSettings(
  python: PythonInfo,
  target: ClusterTarget,
  launcher: string,
  engineCount: number | undefined,
  log: Logger,
): Promise<void> {
  const settings = target.launcher;
  if (!settings || effectiveLauncher(target).source !== 'setting') return;
  if (launcher === 'ssh') {
    const room = sshHostsOf(settings.ssh.hosts).reduce((n, h) => n + h.engines, 0);
    if ((engineCount ?? 1) > room)
      throw new UserError(
        'bad-setting',
        l10n.t('{0} engines were asked for, but ippEngines.ssh.hosts has room for {1}. Nothing was started.', engineCount ?? 1, room),
      );
    await probeSshHosts(settings.ssh.hosts, settings.ssh.python || python.pythonPath, target.profileDir, log);
  }
  if (launcher === 'slurm' && python.major < 8 && slurmTemplate(settings.slurm)) {
    throw new UserError(
      'bad-setting',
      l10n.t(
        'ippEngines.slurm.nodes, tasksPerNode, cpusPerEngine and extraDirectives need ipyparallel 8 or later (this interpreter has {0}). Nothing was started.',
        python.ipyparallelVersion,
      ),
    );
  }
}
