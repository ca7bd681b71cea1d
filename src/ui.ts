import * as vscode from 'vscode';
import { Commands, CONFIG_SECTION } from './constants';
import type { ProgressReport } from './core/clusterTypes';
import { errorMessage, UserError, type UserErrorKind } from './core/errors';
import type { Notifier, Prompter } from './ports';

/** A command's outcome, as returned to whoever ran it (a contract: extend, never rename). */
export interface CommandResult {
  ok: boolean;
  message: string;
  error?: string;
  errorKind?: UserErrorKind;
  [key: string]: unknown;
}

/**
 * How the extension talks to a person: warnings, errors with the actions that fix them, modal questions and
 * input boxes, all through the ports (tests answer and count there). A notification is for what failed or
 * needs a decision; success is shown in the tree and the status bar only.
 */
export class Ui {
  constructor(
    readonly log: vscode.LogOutputChannel,
    readonly prompter: Prompter,
    private readonly notifier: Notifier,
  ) {}

  /** An information notification: kept for what the user waits to hear (a long run finished). */
  inform(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.notifier.info(message, actions);
  }

  /** A warning notification: something the user should act on or know went only partly right. */
  warn(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.notifier.warn(message, actions);
  }

  /** A bad setting value (named in the message): logged, and shown once with a way to the settings. */
  reportSettingProblem(problem: string): void {
    this.log.warn(problem);
    const openSettings = vscode.l10n.t('Open Settings');
    void this.warn(problem, openSettings).then(
      (choice) => choice === openSettings && vscode.commands.executeCommand('workbench.action.openSettings', CONFIG_SECTION),
    );
  }

  /** Shows an error with the actions that can fix it; never opens the log by force. */
  reportError(error: unknown): CommandResult {
    const log = this.log;
    const message = errorMessage(error);
    const kind = error instanceof UserError ? error.kind : undefined;
    if (error instanceof UserError) {
      log.warn(message);
      if (error.details) log.debug(error.details);
    } else {
      log.error(error instanceof Error ? (error.stack ?? message) : message);
    }
    // Compared with the choice as shown: the same localized labels.
    const openLog = vscode.l10n.t('Open Log');
    const selectInterpreter = vscode.l10n.t('Select Interpreter');
    const manageTrust = vscode.l10n.t('Manage Workspace Trust');
    const actions =
      kind === 'python-missing' || kind === 'ipyparallel-missing' ? [selectInterpreter, openLog] : kind === 'untrusted' ? [manageTrust] : [openLog];
    void this.notifier.error(message, actions).then((choice) => {
      if (choice === openLog) log.show(true);
      if (choice === selectInterpreter) void vscode.commands.executeCommand(Commands.selectInterpreter);
      if (choice === manageTrust) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return { ok: false, message, error: message, errorKind: kind };
  }
}

/** A progress line while engines come up: "2/4 engines ready", or with `fresh` (a restart) "2/4 fresh engines ready". */
export function readyProgress(p: ProgressReport, fresh = false): { message: string } {
  return { message: fresh ? vscode.l10n.t('{0}/{1} fresh engines ready', p.ready, p.total) : vscode.l10n.t('{0}/{1} engines ready', p.ready, p.total) };
}

/** A cancellable progress notification (never modal, never focus-stealing). */
export async function withProgress<T>(
  title: string,
  task: (progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return task(progress, abort.signal);
  });
}
