import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { ClusterService } from '../clusterService';
import type { ClusterTarget, RestartResult } from '../core/cluster';
import { refreshStartupCopies, startupFileStates } from '../core/profile';
import { validateEngineCount } from '../core/settings';
import { cancelled, confirm, folderCommand, withProgress, type CommandOptions } from './common';

function engineCountFor(folder: vscode.WorkspaceFolder, options: CommandOptions): number | undefined {
  return options.engineCount !== undefined ? validateEngineCount(options.engineCount, 'engineCount') : readSettings(folder).engineCount();
}

/** Engines run the profile's copies of the startup files: offer to refresh copies older than their sources. */
async function refreshStaleStartupCopies(folder: vscode.WorkspaceFolder, target: ClusterTarget, options: CommandOptions, log: vscode.LogOutputChannel): Promise<string[]> {
  const stale = startupFileStates(target.profileDir, target.workspaceFolder, readSettings(folder).startupFiles).filter((s) => s.stale);
  if (!stale.length) return [];
  const names = stale.map((s) => vscode.workspace.asRelativePath(s.source)).join(', ');
  let refresh = options.confirmed;
  if (refresh === undefined) {
    const choice = await vscode.window.showWarningMessage(`Startup file(s) changed since they were copied into the profile: ${names}. Engines run the copy.`, 'Refresh Copies', 'Keep Old Copies');
    refresh = choice === 'Refresh Copies';
  }
  if (!refresh) return [];
  const written = refreshStartupCopies(stale);
  log.info(`Refreshed startup copies: ${written.join(', ')}`);
  return written;
}

export function startCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target, options }) => {
    const engineCount = engineCountFor(folder, options);
    const refreshed = await refreshStaleStartupCopies(folder, target, options, service.log);
    const result = await service.withActivity(folder, 'starting', () =>
      withProgress('IPP: starting cluster', (progress, signal) =>
        service.control.start(target, { engineCount, signal, onProgress: (p) => progress.report({ message: `${p.ready}/${p.total} engines ready` }) }),
      ),
    );
    const message = result.alreadyRunning ? 'The cluster is already running.' : `Cluster started: ${result.engines.length} engines ready in ${(result.durationMs / 1000).toFixed(1)} s.`;
    void vscode.window.showInformationMessage(message);
    return { ok: true, message, ...result, refreshedStartupFiles: refreshed };
  });
}

export function stopCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target, options }) => {
    // Ask the controller now (the view's snapshot may be old); if it cannot tell, ask the user anyway.
    let question: string | undefined;
    try {
      const busy = (await service.control.status(target)).engines.filter((e) => e.queue > 0 || e.tasks > 0).length;
      if (busy) question = `${busy} engine(s) are busy. Stop the cluster anyway?`;
    } catch {
      question = 'The controller does not answer, so running tasks cannot be ruled out. Stop the cluster anyway?';
    }
    if (question && !(await confirm(options, question, 'Running tasks will be lost.', 'Stop Cluster'))) return cancelled();
    const result = await service.withActivity(folder, 'stopping', () => service.control.stop(target));
    const { terminated, killed } = result.report;
    const message = result.wasRunning
      ? `Stopped ${result.stopped.length} process(es) in ${(result.durationMs / 1000).toFixed(1)} s${killed.length ? ` (${killed.length} needed SIGKILL)` : ''}; none left.`
      : 'Nothing of this profile was running.';
    void vscode.window.showInformationMessage(message);
    return { ok: true, message, wasRunning: result.wasRunning, stoppedPids: result.stopped.map((p) => p.pid), terminated, killed };
  });
}

/** Restarts engines; when some are busy, asks (or obeys options.confirmed) before killing their work. */
export async function restartEngines(service: ClusterService, folder: vscode.WorkspaceFolder, target: ClusterTarget, options: CommandOptions & { allowBusy?: boolean }): Promise<RestartResult | undefined> {
  const engineCount = options.engineCount !== undefined ? validateEngineCount(options.engineCount, 'engineCount') : undefined;
  const attempt = (allowBusy: boolean) =>
    service.withActivity(folder, 'restarting', () =>
      withProgress('IPP: restarting engines', (progress, signal) =>
        service.control.restartEngines(target, { engineCount, allowBusy, signal, onProgress: (p) => progress.report({ message: `${p.ready}/${p.total} fresh engines ready` }) }),
      ),
    );
  let result = await attempt(Boolean(options.allowBusy));
  if (result.kind === 'busy') {
    const agreed = await confirm(
      options,
      `${result.busyEngines.length} engine(s) are busy. Restart them anyway?`,
      `${result.tasksInFlight} task(s) in flight will be lost.`,
      'Restart and Lose Tasks',
    );
    if (!agreed) return result;
    result = await attempt(true);
  }
  return result;
}

export function restartEnginesCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target, options }) => {
    const result = await restartEngines(service, folder, target, options);
    if (!result || result.kind === 'busy') return { ...cancelled('Restart cancelled: busy engines keep running.'), ...result };
    const message = `Restarted engines: ${result.engines.length} fresh engines ready in ${(result.durationMs / 1000).toFixed(1)} s (controller ${result.controllerPid} kept).`;
    void vscode.window.showInformationMessage(message);
    return { ok: true, message, ...result };
  });
}
