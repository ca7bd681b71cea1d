import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { CONFIG_SECTION, Settings } from '../constants';
import { errorMessage, UserError } from '../core/errors';
import type { InterpreterResolver } from '../interpreter';
import { signalEach } from '../core/kill';
import { reportError, type CommandResult } from '../ui';
import { logUri } from '../views/logDocuments';
import { folderCommand, toOptions } from './common';

export function refreshCommand(service: ClusterService, interpreters: InterpreterResolver) {
  return async (arg?: unknown): Promise<CommandResult> => {
    interpreters.clear(); // e.g. ipyparallel was just installed
    const options = toOptions(arg);
    const folders = options.folder ? [service.folderFor(options.folder)].filter((f): f is vscode.WorkspaceFolder => !!f) : service.folders();
    const snapshots = await Promise.all(folders.map((f) => service.refresh(f, { full: true })));
    return { ok: true, message: vscode.l10n.t('Refreshed {0} folder(s).', snapshots.length), snapshots };
  };
}

export function openLogCommand(service: ClusterService) {
  return async (): Promise<CommandResult> => {
    service.log.show(true);
    return { ok: true, message: vscode.l10n.t('Log shown.') };
  };
}

/** Opens an ipcluster log (current or kept from a previous run; a log row, an engine or the controller) read-only, following it. */
export function openLogFileCommand(log: vscode.LogOutputChannel) {
  return async (arg?: { logPath?: string } | string): Promise<CommandResult> => {
    const file = typeof arg === 'string' ? arg : arg?.logPath;
    if (!file) return { ok: false, message: vscode.l10n.t('ipcluster recorded no log file for this row.'), errorKind: 'refused' };
    try {
      const doc = await vscode.workspace.openTextDocument(logUri(file));
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
      return { ok: true, message: vscode.l10n.t('Opened {0}', file), uri: doc.uri.toString() };
    } catch (error) {
      // e.g. ipcluster deleted it on a restart since the view was drawn
      return reportError(new UserError('command-failed', vscode.l10n.t('Cannot open {0}: {1}', file, errorMessage(error))), log);
    }
  };
}

/** SIGINT to one engine of this profile: interrupts its running task, keeps the engine. */
export function interruptEngineCommand(service: ClusterService) {
  return folderCommand(service, async ({ target, options }) => {
    const pid = options.pid;
    const engine = (await service.processes(target)).engines.find((e) => e.pid === pid);
    if (!pid || !engine) {
      throw new UserError('refused', vscode.l10n.t('Process {0} is not an engine of this profile; nothing was signalled.', pid ?? vscode.l10n.t('(none)')));
    }
    signalEach([engine], 'SIGINT', service.log);
    return { ok: true, message: vscode.l10n.t('Sent SIGINT to engine {0}.', pid), pid };
  });
}

const noInterpreterChosen = (): CommandResult => ({ ok: false, message: vscode.l10n.t('No interpreter chosen.'), errorKind: 'cancelled' });

/**
 * The folder's interpreter, chosen from a file dialog (or in the Python extension, when that drives it).
 * The choice stays in this workspace's storage: a machine path never lands in a settings file.
 */
export function selectInterpreterCommand(service: ClusterService, interpreters: InterpreterResolver) {
  return folderCommand(service, async ({ folder }) => {
    const chosen = interpreters.chosen(folder);
    if (
      vscode.extensions.getExtension('ms-python.python') &&
      !chosen &&
      !vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri).get(Settings.pythonPath)
    ) {
      await vscode.commands.executeCommand('python.setInterpreter');
      return { ok: true, message: vscode.l10n.t('Interpreter chosen in the Python extension.') };
    }
    if (chosen) {
      const browse = vscode.l10n.t('Choose Another Interpreter…');
      const forget = vscode.l10n.t('Forget {0}', chosen);
      const choice = await vscode.window.showQuickPick([browse, forget], { placeHolder: vscode.l10n.t('This folder uses {0}', chosen) });
      if (choice === forget) {
        await interpreters.choose(folder, undefined);
        return { ok: true, message: vscode.l10n.t('Interpreter choice forgotten: ippEngines.pythonPath or the default applies again.') };
      }
      if (choice !== browse) return noInterpreterChosen();
    }
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Python interpreter with ipyparallel'),
      canSelectMany: false,
      openLabel: vscode.l10n.t('Use This Python'),
    });
    if (!picked?.[0]) return noInterpreterChosen();
    await interpreters.choose(folder, picked[0].fsPath);
    return { ok: true, message: vscode.l10n.t("This folder now uses {0} (kept in this workspace's storage, not in its settings).", picked[0].fsPath) };
  });
}
