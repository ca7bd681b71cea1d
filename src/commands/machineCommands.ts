import * as vscode from 'vscode';
import { clientCode } from '../core/clientCode';
import { UserError } from '../core/errors';
import { leftByItsStarter, type MachineCluster } from '../core/machineClusters';
import type { MachineService } from '../machineService';
import { requireTrust } from '../trust';
import type { CommandResult, Ui } from '../ui';
import { formatAge } from '../views/format';
import { MachineNode } from '../views/machineTree';
import type { ClusterService } from '../clusterService';
import { cancelled, resolveFolder } from './common';

/** What a machine command is given: a row of the This Machine view, or (from code) the cluster by name. */
export interface MachineCommandOptions {
  profileDir?: string;
  clusterId?: string;
  /** true: skip the modal; false: as if declined; absent: ask. */
  confirmed?: boolean;
  /** Watch This Cluster for This Folder: the folder (fs path or Uri); absent: the only one, or picked. */
  folder?: string | vscode.Uri;
}

interface MachineCommandContext {
  cluster: MachineCluster;
  options: MachineCommandOptions;
  /** A modal confirmation, or the caller's decision (`confirmed`). */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
}

/** Wraps a machine command: finds the cluster as it is now, and turns every error into a message and a result. */
function machineCommand(machine: MachineService, ui: Ui, body: (ctx: MachineCommandContext) => Promise<CommandResult>) {
  return async (arg?: unknown): Promise<CommandResult> => {
    try {
      requireTrust();
      const options: MachineCommandOptions = arg instanceof MachineNode ? arg.cluster : ((arg ?? {}) as MachineCommandOptions);
      if (typeof options.profileDir !== 'string' || typeof (options.clusterId ?? '') !== 'string')
        throw new UserError('refused', vscode.l10n.t('Name the cluster: a profileDir and a clusterId.'));
      const cluster = await machine.find({ profileDir: options.profileDir, clusterId: options.clusterId ?? '' });
      const confirm = async (message: string, detail: string, action: string) => options.confirmed ?? ui.prompter.ask(message, detail, action);
      return await body({ cluster, options, confirm });
    } catch (error) {
      return ui.reportError(error);
    }
  };
}

const named = (c: MachineCluster) => vscode.l10n.t('cluster "{0}" of {1}', c.clusterId || vscode.l10n.t('(default id)'), c.profileDir);

export function machineCommands(machine: MachineService, service: ClusterService, ui: Ui) {
  return {
    watch: machineCommand(machine, ui, async ({ cluster, options }) => {
      const folder = await resolveFolder(service, { folder: options.folder });
      if (!folder) return cancelled();
      await machine.watch(cluster, folder);
      const message = vscode.l10n.t('{0} now watches {1}: saves of its sources offer fresh engines for it, until it stops.', folder.name, named(cluster));
      ui.log.info(message);
      return { ok: true, message, folder: folder.uri.fsPath };
    }),

    unwatch: machineCommand(machine, ui, async ({ cluster }) => {
      const folder = cluster.adoptedBy === null ? undefined : service.folderFor(cluster.adoptedBy);
      if (!folder) throw new UserError('refused', vscode.l10n.t('No folder of this workspace watches {0}.', named(cluster)));
      await machine.unwatch(folder);
      const message = vscode.l10n.t('{0} no longer watches {1}; the cluster runs on.', folder.name, named(cluster));
      ui.log.info(message);
      return { ok: true, message };
    }),

    copyClientCode: machineCommand(machine, ui, async ({ cluster }) => {
      const code = clientCode(cluster.profileDir, cluster.clusterId, `A cluster of this machine (${cluster.launcher}; IPP: Copy Client Code).`);
      await vscode.env.clipboard.writeText(code);
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('IPP: client code copied')}`, 3000);
      return { ok: true, message: vscode.l10n.t('Client code copied to the clipboard.'), code };
    }),

    showProcesses: machineCommand(machine, ui, async ({ cluster }) => {
      const now = Date.now();
      const pick = vscode.window.createQuickPick();
      pick.title = vscode.l10n.t('Processes of {0}', named(cluster));
      pick.placeholder = vscode.l10n.t('{0} process(es) on this machine', cluster.processes.length);
      pick.items = cluster.processes.map((p) => ({
        label: `${p.role} ${p.pid}`,
        description: vscode.l10n.t('CPU {0}%, memory {1}%, up {2}', p.cpu.toFixed(1), p.memory.toFixed(1), formatAge(p.startedAt, now)),
        detail: p.cmd,
      }));
      pick.onDidHide(() => pick.dispose());
      pick.show();
      const processes = cluster.processes.map((p) => ({ pid: p.pid, ppid: p.ppid, role: p.role, startedAt: p.startedAt ?? null, command: p.cmd }));
      return { ok: true, message: vscode.l10n.t('{0} process(es) of {1}.', processes.length, named(cluster)), processes };
    }),

    stop: machineCommand(machine, ui, async ({ cluster, confirm }) => {
      if (cluster.state !== 'running')
        throw new UserError('not-running', vscode.l10n.t('{0} has no live controller: kill its orphans or clean its files instead.', named(cluster)));
      const engines = vscode.l10n.t('{0} engine(s)', cluster.engines);
      const agreed = await confirm(
        vscode.l10n.t('Stop {0}?', named(cluster)),
        vscode.l10n.t(
          'Its controller (pid {0}) and {1} end, with every process of it on this machine ({2}); a notebook connected to it loses its engines.',
          cluster.controllerPid ?? '?',
          engines,
          cluster.processes.length,
        ),
        vscode.l10n.t('Stop'),
      );
      if (!agreed) return cancelled();
      const result = await machine.stop(cluster);
      const message = vscode.l10n.t('Stopped {0}: {1} process(es) ended, none left.', named(cluster), result.stopped.length);
      ui.log.info(message);
      return { ok: true, message, stopped: result.stopped.map((p) => p.pid), warnings: result.warnings };
    }),

    killOrphans: machineCommand(machine, ui, async ({ cluster, confirm }) => {
      if (leftByItsStarter(cluster)) {
        // Its starter (a notebook kernel) is gone: the whole cluster is the orphan, ended as Stop ends it.
        const by = cluster.startedBy!;
        const agreed = await confirm(
          vscode.l10n.t('End {0}, which {1} (pid {2}) left running?', named(cluster), by.what ?? '?', by.pid ?? '?'),
          vscode.l10n.t(
            'What started it is gone. Its controller (pid {0}) and {1} engine(s) end, with every process of it on this machine.',
            cluster.controllerPid ?? '?',
            cluster.engines,
          ),
          vscode.l10n.t('Kill Orphans'),
        );
        if (!agreed) return cancelled();
        const result = await machine.stop(cluster);
        const message = vscode.l10n.t('Ended {0}, left by its starter: {1} process(es), none left.', named(cluster), result.stopped.length);
        ui.log.info(message);
        return { ok: true, message, killed: result.stopped.map((p) => p.pid), cancelledJobs: [], warnings: result.warnings };
      }
      if (cluster.state !== 'orphaned') throw new UserError('refused', vscode.l10n.t('{0} has no orphans.', named(cluster)));
      const agreed = await confirm(
        vscode.l10n.t('End what is left of {0}?', named(cluster)),
        vscode.l10n.t(
          'Its controller is gone. Left: {0}. Jobs its file records are cancelled if they still run; each process gets SIGTERM, then SIGKILL.',
          cluster.processes.map((p) => `${p.role} ${p.pid}`).join(', ') || vscode.l10n.t('engines elsewhere'),
        ),
        vscode.l10n.t('Kill Orphans'),
      );
      if (!agreed) return cancelled();
      const { killed, cancelledJobs, warnings } = await machine.killOrphans(cluster);
      const message = vscode.l10n.t('Ended {0} orphaned process(es) of {1}; none left.', killed.length, named(cluster));
      ui.log.info(message);
      return { ok: true, message, killed: killed.map((p) => p.pid), cancelledJobs, warnings };
    }),

    clean: machineCommand(machine, ui, async ({ cluster, confirm }) => {
      if (cluster.state !== 'stale')
        throw new UserError('refused', vscode.l10n.t('{0} is not just files: stop it or kill its orphans instead.', named(cluster)));
      const agreed = await confirm(
        vscode.l10n.t('Remove the files of {0}?', named(cluster)),
        vscode.l10n.t(
          'Its controller is gone and nothing of it runs here. Its cluster file and connection files are removed (as ipcluster clean does); nothing else.',
        ),
        vscode.l10n.t('Remove Files'),
      );
      if (!agreed) return cancelled();
      const warnings = await machine.clean(cluster);
      const message = warnings.length
        ? vscode.l10n.t('Some files remain: {0}', warnings.join('; '))
        : vscode.l10n.t('Removed the files of {0}.', named(cluster));
      ui.log.info(message);
      return { ok: warnings.length === 0, message, warnings };
    }),

    refresh: async (): Promise<CommandResult> => {
      const clusters = await machine.scan();
      return { ok: true, message: vscode.l10n.t('{0} cluster(s) on this machine.', clusters.length) };
    },
  };
}
