import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { Commands } from '../constants';
import type { InterpreterResolver } from '../interpreter';
import { restartEnginesCommand, startCommand, stopCommand } from './clusterCommands';
import { folderCommand } from './common';
import { killOrphansCommand, showProcessesCommand, statusCommand } from './inspectCommands';
import {
  interruptEngineCommand,
  LOG_SCHEME,
  LogContentProvider,
  openLogCommand,
  openLogFileCommand,
  refreshCommand,
  selectInterpreterCommand,
} from './miscCommands';
import { createProfileCommand, deleteProfileCommand } from './profileCommands';

export function registerCommands(service: ClusterService, interpreters: InterpreterResolver): vscode.Disposable[] {
  const handlers: Record<string, (...args: any[]) => unknown> = {
    [Commands.createProfile]: createProfileCommand(service),
    [Commands.deleteProfile]: deleteProfileCommand(service),
    [Commands.start]: startCommand(service),
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
    [Commands.cancelPendingRestart]: folderCommand(service, async ({ folder }) => {
      const cancelled = service.cancelPendingRestart(folder);
      return { ok: true, message: cancelled ? 'Pending restart cancelled.' : 'No restart was pending.', cancelled };
    }),
  };
  return [
    ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
    vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, new LogContentProvider()),
  ];
}
