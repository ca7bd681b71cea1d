import * as vscode from 'vscode';
import { errorMessage, UserError } from '../core/errors';
import type { CommandResult, Ui } from '../ui';
import { logUri } from '../views/logDocuments';

/** Shows the extension's own log channel. */
export function openLogCommand(ui: Ui) {
  return async (): Promise<CommandResult> => {
    ui.log.show(true);
    return { ok: true, message: vscode.l10n.t('Log shown.') };
  };
}

/** Opens an ipcluster log (current or kept from a previous run; a log row, an engine or the controller) read-only, following it. */
export function openLogFileCommand(ui: Ui) {
  return async (arg?: { logPath?: string } | string): Promise<CommandResult> => {
    const file = typeof arg === 'string' ? arg : arg?.logPath;
    if (!file) return { ok: false, message: vscode.l10n.t('ipcluster recorded no log file for this row.'), errorKind: 'refused' };
    try {
      const doc = await vscode.workspace.openTextDocument(logUri(file));
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
      return { ok: true, message: vscode.l10n.t('Opened {0}', file), uri: doc.uri.toString() };
    } catch (error) {
      // e.g. ipcluster deleted it on a restart since the view was drawn
      return ui.reportError(new UserError('command-failed', vscode.l10n.t('Cannot open {0}: {1}', file, errorMessage(error))));
    }
  };
}
