import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { KeyRing } from '../core/keyRing';
import type { InterpreterResolver } from '../interpreter';
import { copyClientCodeCommand, insertClientCodeCommand } from './clientCodeCommands';
import { restartEnginesCommand, scaleEnginesCommand, startCommand, stopCommand } from './clusterCommands';
import { folderCommand, type CommandDeps } from './common';
import { killOrphansCommand, showProcessesCommand, statusCommand } from './inspectCommands';
import { interruptEngineCommand } from './interruptCommand';
import { machineCommands } from './machineCommands';
import type { MachineService } from '../machineService';
import { selectInterpreterCommand } from './interpreterCommand';
import { openLogCommand, openLogFileCommand } from './logCommands';
import { refreshCommand } from './refreshCommand';
import { abortQueuedTasksCommand } from './runCommands';
import { LogDocuments } from '../views/logDocuments';
import { createProfileCommand, deleteProfileCommand } from './profileCommands';

/** `memory`: the workspace's storage (the engine count chosen per folder). */
export function registerCommands(
  deps: CommandDeps,
  machine: MachineService,
  interpreters: InterpreterResolver,
  memory: vscode.Memento,
  keys: KeyRing,
): vscode.Disposable[] {
  const { service, ui } = deps;
  const onMachine = machineCommands(machine, service, ui);
  const handlers: Record<string, Parameters<typeof vscode.commands.registerCommand>[1]> = {
    [Commands.createProfile]: createProfileCommand(deps),
    [Commands.deleteProfile]: deleteProfileCommand(deps),
    [Commands.start]: startCommand(deps, memory),
    [Commands.stop]: stopCommand(deps),
    [Commands.restartEngines]: restartEnginesCommand(deps),
    [Commands.status]: statusCommand(deps),
    [Commands.showProcesses]: showProcessesCommand(deps),
    [Commands.killOrphans]: killOrphansCommand(deps),
    [Commands.refresh]: refreshCommand(deps, interpreters),
    [Commands.openLog]: openLogCommand(ui),
    [Commands.openLogFile]: openLogFileCommand(ui),
    [Commands.interruptEngine]: interruptEngineCommand(deps),
    [Commands.selectInterpreter]: selectInterpreterCommand(deps, interpreters),
    [Commands.scaleEngines]: scaleEnginesCommand(deps, memory),
    [Commands.copyClientCode]: copyClientCodeCommand(deps),
    [Commands.insertClientCode]: insertClientCodeCommand(deps),
    [Commands.abortQueuedTasks]: abortQueuedTasksCommand(deps),
    [Commands.machineRefresh]: onMachine.refresh,
    [Commands.machineCopyClientCode]: onMachine.copyClientCode,
    [Commands.machineShowProcesses]: onMachine.showProcesses,
    [Commands.machineStop]: onMachine.stop,
    [Commands.machineKillOrphans]: onMachine.killOrphans,
    [Commands.machineClean]: onMachine.clean,
    [Commands.machineWatch]: onMachine.watch,
    [Commands.machineUnwatch]: onMachine.unwatch,
    [Commands.cancelPendingRestart]: folderCommand(deps, async ({ folder }) => {
      const cancelled = service.cancelPendingRestart(folder);
      return { ok: true, message: cancelled ? vscode.l10n.t('Pending restart cancelled.') : vscode.l10n.t('No restart was pending.'), cancelled };
    }),
  };
  return [...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler)), new LogDocuments(keys)];
}
