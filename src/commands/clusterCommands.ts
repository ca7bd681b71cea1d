import * as os from 'node:os';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { ClusterService } from '../clusterService';
import type { ClusterTarget } from '../core/cluster';
import { MAX_ENGINES, validateEngineCount } from '../core/settings';
import { prompts, showWarning, withProgress } from '../ui';
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
    const choice = await showWarning(`Startup file(s) changed since they were copied into the profile: ${names}. Engines run the copy.`, 'Refresh Copies', 'Keep Old Copies');
    refresh = choice === 'Refresh Copies';
  }
  return refresh ? service.refreshStartupCopies(stale) : [];
}

const countKey = (folder: vscode.WorkspaceFolder) => `ippEngines.engineCount:${folder.uri.toString()}`;

/** Asks how many engines, prefilled with `value`; the answer is checked as it is typed. Undefined: cancelled. */
async function askEngineCount(title: string, prompt: string, value: number): Promise<number | undefined> {
  const answer = await prompts.inputBox({
    title,
    prompt,
    value: String(value),
    validateInput: (text) => {
      try {
        validateEngineCount(text, 'The engine count');
        return undefined;
      } catch {
        return `A whole number from 1 to ${MAX_ENGINES}.`;
      }
    },
  });
  return answer === undefined ? undefined : validateEngineCount(answer, 'The engine count');
}

/**
 * The engine count of a start: given by the caller; else, when a person started it, asked for (prefilled
 * with the folder's last choice, else the setting or EXOSIMS_ENGINE_N, else one per CPU) and remembered per
 * folder; else the setting. Null: the person cancelled.
 */
async function startEngineCount(folder: vscode.WorkspaceFolder, options: CommandOptions, interactive: boolean, memory: vscode.Memento): Promise<number | undefined | null> {
  const given = requestedEngineCount(options);
  if (given !== undefined || !interactive) return given ?? readSettings(folder).engineCount();
  let configured: number | undefined;
  try {
    configured = readSettings(folder).engineCount();
  } catch {
    // a bad setting: the prefill falls back, and the person's answer is what counts
  }
  const value = memory.get<number>(countKey(folder)) ?? configured ?? os.cpus().length;
  const count = await askEngineCount('IPP: Start Cluster', `How many engines for ${folder.name}? (remembered for this folder)`, value);
  if (count === undefined) return null;
  await memory.update(countKey(folder), count);
  return count;
}

export function startCommand(service: ClusterService, memory: vscode.Memento) {
  return folderCommand(service, async ({ folder, target, options, interactive }) => {
    // A restart keeps the running count; a start's is given, asked for, or set (startEngineCount).
    if (!(await confirmOtherCluster(target, options, 'Start'))) return cancelled();
    if (service.snapshot(folder)?.controller && interactive) return { ok: true, message: `The cluster${clusterLabel(target)} is already running.`, alreadyRunning: true };
    const engineCount = await startEngineCount(folder, options, interactive, memory);
    if (engineCount === null) return cancelled();
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
    service.log.info(message);
    if (countIgnored) void showWarning(message);
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
    service.log.info(message);
    if (result.warnings.length) void showWarning(message);
    // `killed` is kept for callers of the first version; `sigkilled` says what it means.
    return { ok: true, message, clusterId: target.clusterId, wasRunning: result.wasRunning, stoppedPids: result.stopped.map((p) => p.pid), terminated, killed, sigkilled: killed, warnings: result.warnings };
  });
}

/**
 * IPP: Scale Engines…: adds engines to a running cluster, or ends idle ones, until it has the count given
 * or asked for. The choice is remembered for the folder's next start.
 */
export function scaleEnginesCommand(service: ClusterService, memory: vscode.Memento) {
  return folderCommand(service, async ({ folder, target, options, interactive }) => {
    if (!(await confirmOtherCluster(target, options, 'Scale the engines of'))) return cancelled();
    const snapshot = await service.refresh(folder, { full: true });
    if (!snapshot.controller) return { ok: false, message: `The cluster${clusterLabel(target)} is not running: start it with the engine count you want.`, errorKind: 'not-running' };
    const live = snapshot.engines.filter((e) => !e.dead).length;
    const given = requestedEngineCount(options);
    const count = given ?? (interactive ? await askEngineCount('IPP: Scale Engines', `Engines now: ${live}. How many should run? Only idle engines are ended.`, live) : undefined);
    if (count === undefined) return given === undefined && !interactive ? { ok: false, message: 'Scale Engines needs an engineCount.', errorKind: 'bad-setting' } : cancelled();
    const result = await withProgress('IPP: scaling engines', (progress, signal) =>
      service.scaleEngines(folder, target, count, { signal, onProgress: (p) => progress.report({ message: `${p.ready}/${p.total} engines ready` }) }),
    );
    await memory.update(countKey(folder), count);
    const change = result.added.length ? `added ${result.added.length}` : result.removed.length ? `ended ${result.removed.length} idle` : 'nothing to change';
    const message = `Engines${clusterLabel(target)}: ${result.from} → ${result.to} (${change}) in ${(result.durationMs / 1000).toFixed(1)} s.`;
    service.log.info(message);
    return { ok: true, message, ...result, clusterId: target.clusterId };
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
    service.log.info(message);
    return { ok: true, message, ...result, clusterId: target.clusterId, refreshedStartupFiles: refreshed };
  });
}
