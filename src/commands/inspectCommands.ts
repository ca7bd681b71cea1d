import * as vscode from 'vscode';
import type { ProfileProcess } from '../core/processRoles';
import { CLUSTER_VIEW_ID } from '../constants';
import { isBusy } from '../core/ipyparallel';
import { errorMessage } from '../core/errors';
import { cancelled, clusterLabel, folderCommand, type CommandDeps } from './common';
import { formatAge } from '../views/format';

export function statusCommand(deps: CommandDeps) {
  return folderCommand(deps, async (ctx) => {
    const { service, target } = ctx;
    const status = await service.status(ctx);
    const answered = status.engines.filter((e) => e.answered).length;
    const busy = status.engines.filter(isBusy).length;
    const silent = status.engines.length - answered - busy;
    const message = !status.controllerAlive
      ? status.engineProcesses
        ? vscode.l10n.t('No controller is running for {0} ({1} engine process(es) without one).', target.profileDir, status.engineProcesses)
        : vscode.l10n.t('No controller is running for {0}.', target.profileDir)
      : vscode.l10n.t(
          'Controller {0}{1} alive; {2} engine(s) registered: {3} idle and answering, {4} busy{5}.',
          String(status.controllerPid),
          clusterLabel(target),
          status.engines.length,
          answered,
          busy,
          silent ? vscode.l10n.t(', {0} not answering', silent) : '',
        );
    service.log.info(message);
    // The answer is drawn in the view (the command refreshes it): show the view instead of a pop-up.
    void vscode.commands.executeCommand(`${CLUSTER_VIEW_ID}.focus`);
    return { ok: true, message, ...status, clusterId: target.clusterId };
  });
}

function describe(p: ProfileProcess, now: number): string {
  return vscode.l10n.t('{0} pid {1}, CPU {2}%, memory {3}%, up {4}', p.role, p.pid, p.cpu.toFixed(1), p.memory.toFixed(1), formatAge(p.startedAt, now));
}

export function showProcessesCommand(deps: CommandDeps) {
  return folderCommand(deps, async ({ service, target }) => {
    const procs = await service.processes(target);
    const now = Date.now();
    const orphanPids = new Set(procs.orphans.map((o) => o.pid));
    const rows = procs.all.map((p) => ({
      pid: p.pid,
      ppid: p.ppid,
      role: p.role,
      clusterId: p.clusterId,
      orphan: orphanPids.has(p.pid),
      cpu: p.cpu,
      memory: p.memory,
      startedAt: p.startedAt ?? null,
      command: p.cmd,
    }));
    const pick = vscode.window.createQuickPick();
    pick.title = vscode.l10n.t('Processes of {0}', target.profileDir);
    pick.placeholder = rows.length
      ? vscode.l10n.t('{0} process(es); {1} orphan(s)', rows.length, procs.orphans.length)
      : vscode.l10n.t('No process of this profile is running');
    const orphan = `$(warning) ${vscode.l10n.t('orphan')} `;
    pick.items = procs.all.map((p) => ({
      label: `${orphanPids.has(p.pid) ? orphan : ''}${p.role} ${p.pid}${clusterLabel(p)}`,
      description: describe(p, now),
      detail: p.cmd,
    }));
    pick.onDidHide(() => pick.dispose());
    pick.show();
    const message = vscode.l10n.t('{0} process(es) of this profile, {1} orphan(s).', rows.length, procs.orphans.length);
    return { ok: true, message, processes: rows };
  });
}

export function killOrphansCommand(deps: CommandDeps) {
  return folderCommand(deps, async (ctx) => {
    const { service, target, confirm } = ctx;
    const procs = await service.processes(target);
    // squeue failing or hanging must not keep the orphaned processes here alive: its failure is a warning.
    let unchecked: string | undefined;
    const jobs = await service.orphanJobs(target, procs).catch((error: unknown) => {
      unchecked = vscode.l10n.t("Slurm's queue could not be read ({0}): orphaned jobs, if any, were not cancelled", errorMessage(error));
      return [];
    });
    const remote = await service.orphanRemote(target, procs);
    const remoteCount = remote.reduce((n, o) => n + o.pids.length, 0);
    if (!procs.orphans.length && !jobs.length && !remote.length && unchecked) return { ok: false, message: unchecked, killed: [], cancelledJobs: [] };
    if (!procs.orphans.length && !jobs.length && !remote.length)
      return { ok: true, message: vscode.l10n.t('No orphaned processes of this profile.'), killed: [], cancelledJobs: [] };
    const list = [
      ...jobs.map((j) => vscode.l10n.t('Slurm job {0}', j.jobId)),
      ...remote.map((o) =>
        o.error ? vscode.l10n.t('{0} (could not be checked: {1})', o.host, o.error) : vscode.l10n.t('{0}: pid(s) {1}', o.host, o.pids.join(', ')),
      ),
      ...procs.orphans.map((o) => `${o.role} ${o.pid}`),
    ].join(', ');
    const what = [
      vscode.l10n.t('{0} orphaned process(es)', procs.orphans.length),
      ...(jobs.length ? [vscode.l10n.t('{0} Slurm job(s)', jobs.length)] : []),
      ...(remote.length ? [vscode.l10n.t('the orphaned engines on {0} ({1} process(es))', remote.map((o) => o.host).join(', '), remoteCount)] : []),
    ].join(', ');
    const agreed = await confirm(
      vscode.l10n.t('End {0} of this profile?', what),
      vscode.l10n.t(
        '{0}\n\nNo live controller owns them. Jobs are cancelled with scancel; engines on other hosts are ended there over ssh; each process is sent SIGTERM, then SIGKILL if needed.',
        list,
      ),
      vscode.l10n.t('Kill Orphans'),
    );
    if (!agreed) return cancelled();
    const { killed, report, cancelledJobs, endedRemote, warnings } = await service.killOrphans(
      ctx,
      procs.orphans.map((o) => o.pid),
      jobs.map((j) => j.jobId),
      remote.map((o) => o.host),
    );
    const endedElsewhere = endedRemote.map((o) => vscode.l10n.t('{0} on {1}', o.pids.length, o.host)).join(', ');
    const done =
      [
        cancelledJobs.length
          ? vscode.l10n.t('Killed {0} orphaned process(es) and cancelled Slurm job(s) {1}', killed.length, cancelledJobs.join(', '))
          : vscode.l10n.t('Killed {0} orphaned process(es)', killed.length),
        ...(endedElsewhere ? [vscode.l10n.t('ended engine process(es) {0}', endedElsewhere)] : []),
      ].join('; ') + vscode.l10n.t('; none left.');
    const problems = [...(unchecked ? [unchecked] : []), ...warnings];
    const message = problems.length ? vscode.l10n.t('{0} Warning: {1}.', done, problems.join('; ')) : done;
    if (problems.length) service.log.warn(message);
    else service.log.info(message);
    return {
      ok: true,
      message,
      killed: killed.map((p) => p.pid),
      terminated: report.terminated,
      sigkilled: report.killed,
      cancelledJobs,
      endedRemote,
      warnings: problems,
    };
  });
}
