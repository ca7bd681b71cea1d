import * as vscode from 'vscode';
import { cancelled, folderCommand, type CommandDeps } from './common';

/** "client 1a2b3c4d: 30, client 9f8e7d6c: 7": who sent the tasks a question is about. */
function byClient(clients: Record<string, number>): string {
  return Object.entries(clients)
    .sort((a, b) => b[1] - a[1])
    .map(([session, n]) => vscode.l10n.t('client {0}: {1}', session ? session.slice(0, 8) : '?', n))
    .join(', ');
}

/**
 * Abort Queued Tasks…: every task of any client that waits on an engine or for one is aborted (Client.abort),
 * after a modal that says how many and from which clients. Running tasks are not touched; a task that started
 * between the question and the abort finishes too.
 */
export function abortQueuedTasksCommand(deps: CommandDeps) {
  return folderCommand(deps, async (ctx) => {
    const { service, target, confirm } = ctx;
    const queued = await service.queuedTasks(target);
    if (!queued.msgIds.length) return { ok: true, message: vscode.l10n.t('No task is queued; nothing was aborted.'), aborted: 0 };
    const asked = await confirm(
      vscode.l10n.t('Abort {0} queued task(s)?', queued.msgIds.length),
      vscode.l10n.t(
        'From {0}. Tasks that are running now finish; the aborted ones end with TaskAborted in the clients that sent them.',
        byClient(queued.clients),
      ),
      vscode.l10n.t('Abort'),
    );
    if (!asked) return { ...cancelled(), aborted: 0 };
    const aborted = await service.abortTasks(ctx, queued.msgIds);
    return { ok: true, message: vscode.l10n.t('Aborted {0} queued task(s); running tasks go on.', aborted), aborted, clients: queued.clients };
  });
}
