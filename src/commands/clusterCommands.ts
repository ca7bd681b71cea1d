import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { ClusterService } from '../clusterService';
import type { ClusterTarget, RestartResult } from '../core/cluster';
import { refreshStartupCopies, startupFileStates } from '../core/profile';
import { validateEngineCount } from '../core/settings';
import { isBusy } from '../core/ipyparallel';
import { cancelled, clusterLabel, confirm, confirmOtherCluster, folderCommand, withProgress, type CommandOptions } from './common';

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
    if (!(await confirmOtherCluster(target, options, 'Start'))) return cancelled();
    const refreshed = await refreshStaleStartupCopies(folder, target, options, service.log);
    const result = await service.withActivity(folder, 'starting', () =>
      withProgress('IPP: starting cluster', (progress, signal) =>
        service.control.start(target, { engineCount, signal, onProgress: (p) => progress.report({ message: `${p.ready}/${p.total} engines ready` }) }),
      ),
    );
    // A start that found a cluster running (another window or a concurrent start) cannot apply its count.
    const countIgnored = result.alreadyRunning && engineCount !== undefined && result.runningEngines !== undefined && engineCount !== result.runningEngines;
    const message = !result.alreadyRunning
      ? `Cluster${clusterLabel(target)} started: ${result.engines.length} engines ready in ${(result.durationMs / 1000).toFixed(1)} s.`
      : countIgnored
        ? `The cluster${clusterLabel(target)} is already running with ${result.runningEngines} engines and keeps that count: ${engineCount} was not applied. To change it, restart the engines with ${engineCount} (Restart Engines with engineCount).`
        : `The cluster${clusterLabel(target)} is already running.`;
    void (countIgnored ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
    return { ok: true, message, ...result, engineCountApplied: !countIgnored, clusterId: target.clusterId, refreshedStartupFiles: refreshed };
  });
}

export function stopCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target, options }) => {
    if (!(await confirmOtherCluster(target, options, 'Stop'))) return cancelled();
    // Ask the controller now (the view's snapshot may be old); if it cannot tell, ask the user anyway.
    let question: string | undefined;
    try {
      const busy = (await service.control.status(target)).engines.filter(isBusy).length;
      if (busy) question = `${busy} engine(s) are busy. Stop the cluster anyway?`;
    } catch {
      question = 'The controller does not answer, so running tasks cannot be ruled out. Stop the cluster anyway?';
    }
    if (question && !(await confirm(options, question, 'Running tasks will be lost.', 'Stop Cluster'))) return cancelled();
    const result = await service.withActivity(folder, 'stopping', () => service.control.stop(target));
    const { terminated, killed } = result.report;
    const stopped = result.wasRunning
      ? `Stopped${clusterLabel(target)} ${result.stopped.length} process(es) in ${(result.durationMs / 1000).toFixed(1)} s${killed.length ? ` (${killed.length} needed SIGKILL)` : ''}; none left.`
      : `Nothing of this cluster${clusterLabel(target)} was running.`;
    // Every process ended: that is a successful stop, whatever clean-up of files could not be done.
    const message = result.warnings.length ? `${stopped} Warning: ${result.warnings.join('; ')}.` : stopped;
    void (result.warnings.length ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
    return { ok: true, message, clusterId: target.clusterId, wasRunning: result.wasRunning, stoppedPids: result.stopped.map((p) => p.pid), terminated, killed, warnings: result.warnings };
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
    if (!(await confirmOtherCluster(target, options, 'Restart the engines of'))) return cancelled();
    const result = await restartEngines(service, folder, target, options);
    if (!result || result.kind === 'busy') return { ...cancelled('Restart cancelled: busy engines keep running.'), ...result };
    const message = `Restarted engines${clusterLabel(target)}: ${result.engines.length} fresh engines ready in ${(result.durationMs / 1000).toFixed(1)} s (controller ${result.controllerPid} kept).`;
    void vscode.window.showInformationMessage(message);
    return { ok: true, message, ...result, clusterId: target.clusterId };
  });
}
