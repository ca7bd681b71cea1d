import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { Commands } from '../constants';
import type { KeyRing } from '../core/keyRing';
import type { InterpreterResolver } from '../interpreter';
import { copyClientCodeCommand, insertClientCodeCommand } from './clientCodeCommands';
import { restartEnginesCommand, scaleEnginesCommand, startCommand, stopCommand } from './clusterCommands';
import { folderCommand } from './common';
import { killOrphansCommand, showProcessesCommand, statusCommand } from './inspectCommands';
import { interruptEngineCommand, openLogCommand, openLogFileCommand, refreshCommand, selectInterpreterCommand } from './miscCommands';
import { LogDocuments } from '../views/logDocuments';
import { createProfileCommand, deleteProfileCommand } from './profileCommands';

/** `memory`: the workspace's storage (the engine count chosen per folder). */
export function registerCommands(service: ClusterService, interpreters: InterpreterResolver, memory: vscode.Memento, keys: KeyRing): vscode.Disposable[] {
  const handlers: Record<string, Parameters<typeof vscode.commands.registerCommand>[1]> = {
    [Commands.createProfile]: createProfileCommand(service),
    [Commands.deleteProfile]: deleteProfileCommand(service),
    [Commands.start]: startCommand(service, memory),
    [Commands.stop]: stopCommand(service),
    [Commands.restartEngines]: restartEnginesCommand(service),
    [Commands.status]: statusCommand(service),
    [Commands.showProcesses]: showProcessesCommand(service),
    [Commands.killOrphans]: killOrphansCommand(service),
    [Commands.refresh]: refreshCommand(service, interpreters),
    [Commands.openLog]: openLogCommand(service),
    [Commands.openLogFile]: openLogFileCommand(service.log),
    [Commands.interruptEngine]: interruptEngineCommand(service),
    [Commands.selectInterpreter]: selectInterpreterCommand(service, interpreters),
    [Commands.scaleEngines]: scaleEnginesCommand(service, memory),
    [Commands.copyClientCode]: copyClientCodeCommand(service),
    [Commands.insertClientCode]: insertClientCodeCommand(service),
    [Commands.cancelPendingRestart]: folderCommand(service, async ({ folder }) => {
      const cancelled = service.cancelPendingRestart(folder);
      return { ok: true, message: cancelled ? vscode.l10n.t('Pending restart cancelled.') : vscode.l10n.t('No restart was pending.'), cancelled };
    }),
  };
  return [...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler)), new LogDocuments(keys)];
}
