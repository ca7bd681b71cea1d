import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { ClusterService } from '../clusterService';
import type { ClusterTarget } from '../core/cluster';
import { validateEngineCount } from '../core/settings';
import { withProgress } from '../ui';
import { cancelled, clusterLabel, confirm, confirmOtherCluster, folderCommand, type CommandOptions } from './common';

/** The engine count a command was given, checked; undefined when none was. */
function requestedEngineCount(options: CommandOptions): number | undefined {
  return options.engineCount !== undefined ? validateEngineCount(options.engineCount, 'engineCount') : undefined;
}

/** Engines run the profile's copies of the startup files: offer to refresh copies older than their sources. */
async function refreshStaleStartupCopies(service: ClusterService, folder: vscode.WorkspaceFolder, target: ClusterTarget, options: CommandOptions): Promise<string[]> {
  const stale = service.staleStartupCopies(folder, target);
  if (!stale.length) return [];
  const names = stale.map((s) => vscode.workspace.asRelativePath(s.source)).join(', ');
  let refresh = options.refreshStartupCopies ?? options.confirmed;
  if (refresh === undefined) {
    const choice = await vscode.window.showWarningMessage(`Startup file(s) changed since they were copied into the profile: ${names}. Engines run the copy.`, 'Refresh Copies', 'Keep Old Copies');
    refresh = choice === 'Refresh Copies';
  }
  return refresh ? service.refreshStartupCopies(stale) : [];
}

export function startCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target, options }) => {
    // A start without a count uses the setting (or EXOSIMS_ENGINE_N); a restart keeps the running count.
    const engineCount = requestedEngineCount(options) ?? readSettings(folder).engineCount();
    if (!(await confirmOtherCluster(target, options, 'Start'))) return cancelled();
    const refreshed = await refreshStaleStartupCopies(service, folder, target, options);
    const result = await withProgress('IPP: starting cluster', (progress, signal) =>
      service.start(folder, target, { engineCount, signal, onProgress: (p) => progress.report({ message: `${p.ready}/${p.total} engines ready` }) }),
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
      const busy = await service.busyEngines(target);
      if (busy) question = `${busy} engine(s) are busy. Stop the cluster anyway?`;
    } catch {
      question = 'The controller does not answer, so running tasks cannot be ruled out. Stop the cluster anyway?';
    }
    if (question && !(await confirm(options, question, 'Running tasks will be lost.', 'Stop Cluster'))) return cancelled();
    const result = await service.stop(folder, target);
    const { terminated, killed } = result.report;
    const stopped = result.wasRunning
      ? `Stopped${clusterLabel(target)} ${result.stopped.length} process(es) in ${(result.durationMs / 1000).toFixed(1)} s${killed.length ? ` (${killed.length} needed SIGKILL)` : ''}; none left.`
      : `Nothing of this cluster${clusterLabel(target)} was running.`;
    // Every process ended: that is a successful stop, whatever clean-up of files could not be done.
    const message = result.warnings.length ? `${stopped} Warning: ${result.warnings.join('; ')}.` : stopped;
    void (result.warnings.length ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
    // `killed` is kept for callers of the first version; `sigkilled` says what it means.
    return { ok: true, message, clusterId: target.clusterId, wasRunning: result.wasRunning, stoppedPids: result.stopped.map((p) => p.pid), terminated, killed, sigkilled: killed, warnings: result.warnings };
  });
}

export function restartEnginesCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target, options }) => {
    if (!(await confirmOtherCluster(target, options, 'Restart the engines of'))) return cancelled();
    const engineCount = requestedEngineCount(options);
    const refreshed = await refreshStaleStartupCopies(service, folder, target, options);
    const result = await withProgress('IPP: restarting engines', (progress, signal) =>
      service.restartEngines(folder, target, {
        engineCount,
        signal,
        onProgress: (p) => progress.report({ message: `${p.ready}/${p.total} fresh engines ready` }),
        confirmBusy: (busy) => confirm(options, `${busy.busyEngines.length} engine(s) are busy. Restart them anyway?`, `${busy.tasksInFlight} task(s) in flight will be lost.`, 'Restart and Lose Tasks'),
      }),
    );
    if (result.kind === 'busy') return { ...cancelled('Restart cancelled: busy engines keep running.'), ...result };
    const message = `Restarted engines${clusterLabel(target)}: ${result.engines.length} fresh engines ready in ${(result.durationMs / 1000).toFixed(1)} s (controller ${result.controllerPid} kept).`;
    void vscode.window.showInformationMessage(message);
    return { ok: true, message, ...result, clusterId: target.clusterId, refreshedStartupFiles: refreshed };
  });
}
