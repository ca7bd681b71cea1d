import * as vscode from 'vscode';
import { folderCommand, type CommandDeps } from './common';

/** SIGINT to one engine of this profile: interrupts its running task, keeps the engine. */
export function interruptEngineCommand(deps: CommandDeps) {
  return folderCommand(deps, async ({ service, target, options }) => {
    const pid = await service.interruptEngine(target, options.pid);
    return { ok: true, message: vscode.l10n.t('Sent SIGINT to engine {0}.', pid), pid };
  });
}
