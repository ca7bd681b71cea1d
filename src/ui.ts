import * as vscode from 'vscode';
import { Commands, CONFIG_SECTION } from './constants';
import type { ProgressReport, RestartResult } from './core/clusterTypes';
import { errorMessage, UserError, type UserErrorKind } from './core/errors';

/** A command's outcome, as returned to whoever ran it (a contract: extend, never rename). */
export interface CommandResult {
  ok: boolean;
  message: string;
  error?: string;
  errorKind?: UserErrorKind;
  [key: string]: unknown;
}

/**
 * Notifications shown so far. Success is shown in the tree and the status bar only; a notification is for
 * what failed or needs a decision (tests check that success stays quiet).
 */
export const notifications = { shown: 0 };

/** A warning notification: something the user should act on or know went only partly right. */
export function showWarning(message: string, ...actions: string[]): Thenable<string | undefined> {
  notifications.shown++;
  return vscode.window.showWarningMessage(message, ...actions);
}

/** A bad setting value (named in the message): logged, and shown once with a way to the settings. */
export function reportSettingProblem(problem: string, log: vscode.LogOutputChannel): void {
  log.warn(problem);
  const openSettings = vscode.l10n.t('Open Settings');
  void showWarning(problem, openSettings).then(
    (choice) => choice === openSettings && vscode.commands.executeCommand('workbench.action.openSettings', CONFIG_SECTION),
  );
}

/** Shows an error with the actions that can fix it; never opens the log by force. */
export async function reportError(error: unknown, log: vscode.LogOutputChannel): Promise<CommandResult> {
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
  const actions = kind === 'python-missing' || kind === 'ipyparallel-missing' ? [selectInterpreter, openLog] : kind === 'untrusted' ? [manageTrust] : [openLog];
  notifications.shown++;
  void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
    if (choice === openLog) log.show(true);
    if (choice === selectInterpreter) void vscode.commands.executeCommand(Commands.selectInterpreter);
    if (choice === manageTrust) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return { ok: false, message, error: message, errorKind: kind };
}

/** Input boxes go through here: tests answer them in place of a person. */
export const prompts = {
  inputBox: (options: vscode.InputBoxOptions): Thenable<string | undefined> => vscode.window.showInputBox(options),
};

/** A modal question with one action; true when the user chose it. */
export async function askModal(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

/** A restart that would end busy engines: the modal's question, detail and action. */
export function busyRestartQuestion(busy: Extract<RestartResult, { kind: 'busy' }>): [message: string, detail: string, action: string] {
  return [
    vscode.l10n.t('{0} engine(s) are busy. Restart them anyway?', busy.busyEngines.length),
    vscode.l10n.t('{0} task(s) in flight will be lost.', busy.tasksInFlight),
    vscode.l10n.t('Restart and Lose Tasks'),
  ];
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
