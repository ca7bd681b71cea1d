import { readSettings } from '../config';
import { checkDeletable, createProfile } from '../core/profile';
import type { ClusterService } from '../clusterService';
import { cancelled, confirm, folderCommand } from './common';

export function createProfileCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target }) => {
    const python = await service.python(folder);
    const settings = readSettings(folder);
    const created = await createProfile(python.pythonPath, target.profileDir, target.workspaceFolder, settings.startupFiles, service.log, settings.heartbeatMs);
    const message = created.created
      ? `Created profile ${target.profileDir} (${created.copiedStartupFiles.length} startup file(s) copied).`
      : `Profile ${target.profileDir} already exists${created.copiedStartupFiles.length ? `; copied ${created.copiedStartupFiles.length} missing startup file(s)` : ''}.`;
    service.log.info(message);
    return { ok: true, message, ...created };
  });
}

export function deleteProfileCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target, options }) => {
    // Refuse before asking: a path that is not a profile is never offered for deletion.
    const check = checkDeletable(target.profileDir, target.workspaceFolder);
    // Deleting the profile ends every cluster in it: clusters the editor did not start are named first.
    const others = (await service.processes(target)).otherClusters.filter((c) => c.controller);
    if (others.length) {
      const names = others.map((c) => `"${c.clusterId}" (controller pid ${c.controller!.pid}, ${c.engines.length} engine(s))`).join(', ');
      const agreedOthers = await confirm(options, `This profile also runs ${others.length} other cluster(s): ${names}. Stop them too?`, 'They were not started from the editor (e.g. ipcluster --cluster-id or JupyterLab). Deleting the profile stops them.', 'Stop Them and Continue');
      if (!agreedOthers) return cancelled();
    }
    const agreed = await confirm(
      options,
      `Delete the ipyparallel profile ${target.profileDir}?`,
      'Every process of this profile is stopped first, then the directory and everything in it (configuration, startup files, logs) is deleted.' +
        (check.unexpected.length ? `\n\nIt also holds what a profile does not normally have, deleted too: ${check.unexpected.join(', ')}.` : ''),
      'Delete Profile',
    );
    if (!agreed) return cancelled();
    const stopped = await service.deleteProfile(folder, target, check);
    const message = `Deleted ${target.profileDir}${stopped.stopped.length ? ` after stopping ${stopped.stopped.length} process(es)` : ''}.`;
    return { ok: true, message, deleted: target.profileDir, stoppedPids: stopped.stopped.map((p) => p.pid) };
  });
}
