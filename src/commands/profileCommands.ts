import * as vscode from 'vscode';
import { checkDeletable } from '../core/profile';
import type { ClusterTarget } from '../core/clusterTypes';
import { UserError } from '../core/errors';
import { cancelled, folderCommand, type CommandDeps } from './common';

export function createProfileCommand(deps: CommandDeps) {
  return folderCommand(deps, async (ctx) => {
    const { service, target } = ctx;
    refuseWatchedProfile(target);
    const created = await service.createProfile(ctx);
    const copied = created.copiedStartupFiles.length;
    const message = created.created
      ? vscode.l10n.t('Created profile {0} ({1} startup file(s) copied).', target.profileDir, copied)
      : copied
        ? vscode.l10n.t('Profile {0} already exists; copied {1} missing startup file(s).', target.profileDir, copied)
        : vscode.l10n.t('Profile {0} already exists.', target.profileDir);
    service.log.info(message);
    return { ok: true, message, ...created };
  });
}

export function deleteProfileCommand(deps: CommandDeps) {
  return folderCommand(deps, async (ctx) => {
    const { service, target, confirm } = ctx;
    refuseWatchedProfile(target);
    // Refuse before asking: a path that is not a profile is never offered for deletion.
    const check = checkDeletable(target.profileDir, target.workspaceFolder);
    // Deleting the profile ends every cluster in it: clusters the editor did not start are named first.
    const others = (await service.processes(target)).otherClusters.filter((c) => c.controller);
    if (others.length) {
      const names = others.map((c) => vscode.l10n.t('"{0}" (controller pid {1}, {2} engine(s))', c.clusterId, c.controller!.pid, c.engines.length)).join(', ');
      const agreedOthers = await confirm(
        vscode.l10n.t('This profile also runs {0} other cluster(s): {1}. Stop them too?', others.length, names),
        vscode.l10n.t('They were not started from the editor (e.g. ipcluster --cluster-id or JupyterLab). Deleting the profile stops them.'),
        vscode.l10n.t('Stop Them and Continue'),
      );
      if (!agreedOthers) return cancelled();
    }
    const agreed = await confirm(
      vscode.l10n.t('Delete the ipyparallel profile {0}?', target.profileDir),
      vscode.l10n.t(
        'Every process of this profile is stopped first, then the directory and everything in it (configuration, startup files, logs) is deleted.',
      ) +
        (check.unexpected.length
          ? `\n\n${vscode.l10n.t('It also holds what a profile does not normally have, deleted too: {0}.', check.unexpected.join(', '))}`
          : ''),
      vscode.l10n.t('Delete Profile'),
    );
    if (!agreed) return cancelled();
    const stopped = await service.deleteProfile(ctx, check);
    const message = stopped.stopped.length
      ? vscode.l10n.t('Deleted {0} after stopping {1} process(es).', target.profileDir, stopped.stopped.length)
      : vscode.l10n.t('Deleted {0}.', target.profileDir);
    return { ok: true, message, deleted: target.profileDir, stoppedPids: stopped.stopped.map((p) => p.pid) };
  });
}

/** The profile of a cluster the folder watches (This Machine) is a notebook's or a shell's: never written or deleted here. */
function refuseWatchedProfile(target: ClusterTarget): void {
  if (target.foreignProfile)
    throw new UserError(
      'refused',
      vscode.l10n.t(
        '{0} is the profile of a cluster this folder watches, not its own: it is neither changed nor deleted here. Stop watching it first.',
        target.profileDir,
      ),
    );
}
