import * as vscode from 'vscode';
import type { InterpreterResolver } from '../interpreter';
import type { CommandResult } from '../ui';
import { toOptions, type CommandDeps } from './common';

/** Looks again at every folder's cluster (or the given one's), with interpreters found afresh. */
export function refreshCommand({ service }: CommandDeps, interpreters: InterpreterResolver) {
  return async (arg?: unknown): Promise<CommandResult> => {
    interpreters.clear(); // e.g. ipyparallel was just installed
    const options = toOptions(arg);
    const folders = options.folder ? [service.folderFor(options.folder)].filter((f): f is vscode.WorkspaceFolder => !!f) : service.folders();
    const snapshots = await Promise.all(folders.map((f) => service.refresh(f, { kind: 'user' })));
    return { ok: true, message: vscode.l10n.t('Refreshed {0} folder(s).', snapshots.length), snapshots };
  };
}
