import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';

/** The one log channel. Never shown by force: errors offer "Open Log" instead. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
}
