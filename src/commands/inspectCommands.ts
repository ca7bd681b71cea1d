import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import type { ProfileProcess } from '../core/processes';
import { CLUSTER_VIEW_ID } from '../constants';
import { isBusy } from '../core/ipyparallel';
import { cancelled, clusterLabel, confirm, folderCommand } from './common';
import { formatAge } from '../views/format';

export function statusCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target }) => {
    const status = await service.status(folder, target);
    const answered = status.engines.filter((e) => e.answered).length;
    const busy = status.engines.filter(isBusy).length;
    const silent = status.engines.length - answered - busy;
    const message = status.controllerAlive
      ? `Controller ${status.controllerPid}${clusterLabel(target)} alive; ${status.engines.length} engine(s) registered: ${answered} idle and answering, ${busy} busy${silent ? `, ${silent} not answering` : ''}.`
      : `No controller is running for ${target.profileDir}${status.engineProcesses ? ` (${status.engineProcesses} engine process(es) without one)` : ''}.`;
    service.log.info(message);
    // The answer is drawn in the view (the command refreshes it): show the view instead of a pop-up.
    void vscode.commands.executeCommand(`${CLUSTER_VIEW_ID}.focus`);
    return { ok: true, message, ...status, clusterId: target.clusterId };
  });
}

function describe(p: ProfileProcess, now: number): string {
  return `${p.role} pid ${p.pid}, CPU ${p.cpu.toFixed(1)}%, memory ${p.memory.toFixed(1)}%, up ${formatAge(p.startedAt, now)}`;
}

export function showProcessesCommand(service: ClusterService) {
  return folderCommand(service, async ({ target }) => {
    const procs = await service.processes(target);
    const now = Date.now();
    const orphanPids = new Set(procs.orphans.map((o) => o.pid));
    const rows = procs.all.map((p) => ({ pid: p.pid, ppid: p.ppid, role: p.role, clusterId: p.clusterId, orphan: orphanPids.has(p.pid), cpu: p.cpu, memory: p.memory, startedAt: p.startedAt ?? null, command: p.cmd }));
    const pick = vscode.window.createQuickPick();
    pick.title = `Processes of ${target.profileDir}`;
    pick.placeholder = rows.length ? `${rows.length} process(es); ${procs.orphans.length} orphan(s)` : 'No process of this profile is running';
    pick.items = procs.all.map((p) => ({ label: `${orphanPids.has(p.pid) ? '$(warning) orphan ' : ''}${p.role} ${p.pid}${p.clusterId ? ` (cluster "${p.clusterId}")` : ''}`, description: describe(p, now), detail: p.cmd }));
    pick.onDidHide(() => pick.dispose());
    pick.show();
    const message = `${rows.length} process(es) of this profile, ${procs.orphans.length} orphan(s).`;
    return { ok: true, message, processes: rows };
  });
}

export function killOrphansCommand(service: ClusterService) {
  return folderCommand(service, async ({ folder, target, options }) => {
    const procs = await service.processes(target);
    if (!procs.orphans.length) return { ok: true, message: 'No orphaned processes of this profile.', killed: [] };
    const list = procs.orphans.map((o) => `${o.role} ${o.pid}`).join(', ');
    const agreed = await confirm(options, `Kill ${procs.orphans.length} orphaned process(es) of this profile?`, `${list}\n\nNo live controller owns them. Each is sent SIGTERM, then SIGKILL if needed.`, 'Kill Orphans');
    if (!agreed) return cancelled();
    const { killed, report } = await service.killOrphans(folder, target, procs.orphans.map((o) => o.pid));
    const message = `Killed ${killed.length} orphaned process(es); none left.`;
    service.log.info(message);
    return { ok: true, message, killed: killed.map((p) => p.pid), terminated: report.terminated, sigkilled: report.killed };
  });
}
