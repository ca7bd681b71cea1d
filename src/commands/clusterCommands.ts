import * as os from 'node:os';
import * as vscode from 'vscode';
import type { ClusterTarget } from '../core/clusterTypes';
import { MAX_ENGINES, validateEngineCount } from '../core/settings';
import { inSeconds } from '../core/timing';
import { busyRestartQuestion } from '../flows/restarts';
import { readyProgress, withProgress, type Ui } from '../ui';
import { cancelled, clusterLabel, confirmOtherCluster, folderCommand, type CommandContext, type CommandDeps, type CommandOptions } from './common';

/** The engine count a command was given, checked; undefined when none was. */
function requestedEngineCount(options: CommandOptions): number | undefined {
  return options.engineCount !== undefined ? validateEngineCount(options.engineCount, 'engineCount') : undefined;
}

/** Startup copies older than their sources: refreshed as the caller decided (refreshStartupCopies, else confirmed), or asked. */
const refreshStartupCopies = (ctx: CommandContext) => ctx.flows.refreshStartupCopies(ctx, ctx.options.refreshStartupCopies ?? ctx.options.confirmed);

const countKey = (folder: vscode.WorkspaceFolder) => `ippEngines.engineCount:${folder.uri.toString()}`;

/** Asks how many engines, prefilled with `value`; the answer is checked as it is typed. Undefined: cancelled. */
async function askEngineCount(ui: Ui, title: string, prompt: string, value: number): Promise<number | undefined> {
  const source = vscode.l10n.t('The engine count');
  const answer = await ui.prompter.inputBox({
    title,
    prompt,
    value: String(value),
    validateInput: (text) => {
      try {
        validateEngineCount(text, source);
        return undefined;
      } catch {
        return vscode.l10n.t('A whole number from 1 to {0}.', MAX_ENGINES);
      }
    },
  });
  return answer === undefined ? undefined : validateEngineCount(answer, source);
}

/**
 * The engine count of a start: given by the caller; else, when a person started it, asked for (prefilled
 * with the folder's last choice, else the setting or EXOSIMS_ENGINE_N, else one per CPU) and remembered per
 * folder; else the setting. Null: the person cancelled.
 */
async function startEngineCount({ ui, folder, settings, options, interactive }: CommandContext, memory: vscode.Memento): Promise<number | undefined | null> {
  const given = requestedEngineCount(options);
  if (given !== undefined || !interactive) return given ?? settings.engineCount();
  let configured: number | undefined;
  try {
    configured = settings.engineCount();
  } catch {
    // a bad setting: the prefill falls back, and the person's answer is what counts
  }
  const value = memory.get<number>(countKey(folder)) ?? configured ?? os.cpus().length;
  const count = await askEngineCount(
    ui,
    vscode.l10n.t('IPP: Start Cluster'),
    vscode.l10n.t('How many engines for {0}? (remembered for this folder)', folder.name),
    value,
  );
  if (count === undefined) return null;
  await memory.update(countKey(folder), count);
  return count;
}

/** The message of a start that found the cluster running. */
const alreadyRunning = (target: ClusterTarget) => vscode.l10n.t('The cluster{0} is already running.', clusterLabel(target));

export function startCommand(deps: CommandDeps, memory: vscode.Memento) {
  return folderCommand(deps, async (ctx) => {
    const { service, ui, target, interactive } = ctx;
    // A restart keeps the running count; a start's is given, asked for, or set (startEngineCount).
    if (!(await confirmOtherCluster(ctx, 'start'))) return cancelled();
    // Asked only when it would start something: the process table, not a snapshot that may be old.
    if (interactive && (await service.processes(target)).controller) return { ok: true, message: alreadyRunning(target), alreadyRunning: true };
    const engineCount = await startEngineCount(ctx, memory);
    if (engineCount === null) return cancelled();
    const refreshed = await refreshStartupCopies(ctx);
    const result = await withProgress(vscode.l10n.t('IPP: starting cluster'), (progress, signal) =>
      service.start(ctx, { engineCount, signal, onProgress: (p) => progress.report(readyProgress(p)) }),
    );
    // A start that found a cluster running (another window or a concurrent start) cannot apply its count.
    const countIgnored = result.alreadyRunning && engineCount !== undefined && result.runningEngines !== undefined && engineCount !== result.runningEngines;
    const message = !result.alreadyRunning
      ? vscode.l10n.t('Cluster{0} started: {1} engines ready in {2} s.', clusterLabel(target), result.engines.length, inSeconds(result.durationMs))
      : countIgnored
        ? vscode.l10n.t(
            'The cluster{0} is already running with {1} engines and keeps that count: {2} was not applied. To change it, restart the engines with {2} (Restart Engines with engineCount).',
            clusterLabel(target),
            result.runningEngines!,
            engineCount,
          )
        : alreadyRunning(target);
    service.log.info(message);
    if (countIgnored) void ui.warn(message);
    return { ok: true, message, ...result, engineCountApplied: !countIgnored, clusterId: target.clusterId, refreshedStartupFiles: refreshed };
  });
}

export function stopCommand(deps: CommandDeps) {
  return folderCommand(deps, async (ctx) => {
    const { service, ui, target, confirm } = ctx;
    if (!(await confirmOtherCluster(ctx, 'stop'))) return cancelled();
    // Ask the controller now (the view's snapshot may be old); if it cannot tell, ask the user anyway.
    let question: string | undefined;
    try {
      const busy = await service.busyEngines(target);
      if (busy) question = vscode.l10n.t('{0} engine(s) are busy. Stop the cluster anyway?', busy);
    } catch {
      question = vscode.l10n.t('The controller does not answer, so running tasks cannot be ruled out. Stop the cluster anyway?');
    }
    if (question && !(await confirm(question, vscode.l10n.t('Running tasks will be lost.'), vscode.l10n.t('Stop Cluster')))) return cancelled();
    const result = await service.stop(ctx);
    const { terminated, killed } = result.report;
    const stopped = !result.wasRunning
      ? vscode.l10n.t('Nothing of this cluster{0} was running.', clusterLabel(target))
      : killed.length
        ? vscode.l10n.t(
            'Stopped{0} {1} process(es) in {2} s ({3} needed SIGKILL); none left.',
            clusterLabel(target),
            result.stopped.length,
            inSeconds(result.durationMs),
            killed.length,
          )
        : vscode.l10n.t('Stopped{0} {1} process(es) in {2} s; none left.', clusterLabel(target), result.stopped.length, inSeconds(result.durationMs));
    const elsewhere = (result.endedRemote ?? []).map((e) => vscode.l10n.t('{0} on {1}', e.pids.length, e.host)).join(', ');
    const stoppedAll = elsewhere ? vscode.l10n.t('{0} Ended on other hosts: {1}.', stopped, elsewhere) : stopped;
    // Every process ended: that is a successful stop, whatever clean-up of files could not be done.
    const message = result.warnings.length ? vscode.l10n.t('{0} Warning: {1}.', stoppedAll, result.warnings.join('; ')) : stoppedAll;
    service.log.info(message);
    if (result.warnings.length) void ui.warn(message);
    // `killed` is kept for callers of the first version; `sigkilled` says what it means.
    return {
      ok: true,
      message,
      clusterId: target.clusterId,
      wasRunning: result.wasRunning,
      stoppedPids: result.stopped.map((p) => p.pid),
      terminated,
      killed,
      sigkilled: killed,
      warnings: result.warnings,
      cancelledJobs: result.cancelledJobs ?? [],
      endedRemote: result.endedRemote ?? [],
    };
  });
}

/**
 * IPP: Scale Engines…: adds engines to a running cluster, or ends idle ones, until it has the count given
 * or asked for. The choice is remembered for the folder's next start.
 */
export function scaleEnginesCommand(deps: CommandDeps, memory: vscode.Memento) {
  return folderCommand(deps, async (ctx) => {
    const { service, folder, target, options, interactive } = ctx;
    if (!(await confirmOtherCluster(ctx, 'scale'))) return cancelled();
    const snapshot = await service.refresh(folder, { kind: 'decision' });
    if (!snapshot.controller)
      return {
        ok: false,
        message: vscode.l10n.t('The cluster{0} is not running: start it with the engine count you want.', clusterLabel(target)),
        errorKind: 'not-running',
      };
    const live = snapshot.engines.filter((e) => !e.dead).length;
    const given = requestedEngineCount(options);
    const count =
      given ??
      (interactive
        ? await askEngineCount(
            ctx.ui,
            vscode.l10n.t('IPP: Scale Engines'),
            vscode.l10n.t('Engines now: {0}. How many should run? Only idle engines are ended.', live),
            live,
          )
        : undefined);
    if (count === undefined)
      return given === undefined && !interactive
        ? { ok: false, message: vscode.l10n.t('Scale Engines needs an engineCount.'), errorKind: 'bad-setting' }
        : cancelled();
    const result = await withProgress(vscode.l10n.t('IPP: scaling engines'), (progress, signal) =>
      service.scaleEngines(ctx, count, { signal, onProgress: (p) => progress.report(readyProgress(p)) }),
    );
    await memory.update(countKey(folder), count);
    const change = result.added.length
      ? vscode.l10n.t('added {0}', result.added.length)
      : result.removed.length
        ? vscode.l10n.t('ended {0} idle', result.removed.length)
        : vscode.l10n.t('nothing to change');
    const message = vscode.l10n.t('Engines{0}: {1} → {2} ({3}) in {4} s.', clusterLabel(target), result.from, result.to, change, inSeconds(result.durationMs));
    service.log.info(message);
    return { ok: true, message, ...result, clusterId: target.clusterId };
  });
}

export function restartEnginesCommand(deps: CommandDeps) {
  return folderCommand(deps, async (ctx) => {
    const { service, target, options, confirm } = ctx;
    if (!(await confirmOtherCluster(ctx, 'restart'))) return cancelled();
    const engineCount = requestedEngineCount(options);
    const refreshed = await refreshStartupCopies(ctx);
    const result = await withProgress(vscode.l10n.t('IPP: restarting engines'), (progress, signal) =>
      ctx.flows.restart(ctx, {
        engineCount,
        signal,
        onProgress: (p) => progress.report(readyProgress(p, true)),
        confirmBusy: (busy) => confirm(...busyRestartQuestion(busy)),
      }),
    );
    if (result.kind === 'busy') return { ...cancelled(vscode.l10n.t('Restart cancelled: busy engines keep running.')), ...result };
    const message = vscode.l10n.t(
      'Restarted engines{0}: {1} fresh engines ready in {2} s (controller {3} kept).',
      clusterLabel(target),
      result.engines.length,
      inSeconds(result.durationMs),
      result.controllerPid,
    );
    service.log.info(message);
    return { ok: true, message, ...result, clusterId: target.clusterId, refreshedStartupFiles: refreshed };
  });
}
