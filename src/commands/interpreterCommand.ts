import * as vscode from 'vscode';
import { CONFIG_SECTION, Settings } from '../constants';
import type { InterpreterResolver } from '../interpreter';
import type { CommandResult } from '../ui';
import { folderCommand, type CommandDeps } from './common';

const noInterpreterChosen = (): CommandResult => ({ ok: false, message: vscode.l10n.t('No interpreter chosen.'), errorKind: 'cancelled' });

/**
 * The folder's interpreter, chosen from a file dialog (or in the Python extension, when that drives it).
 * The choice stays in this workspace's storage: a machine path never lands in a settings file.
 */
export function selectInterpreterCommand(deps: CommandDeps, interpreters: InterpreterResolver) {
  return folderCommand(deps, async ({ folder }) => {
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
