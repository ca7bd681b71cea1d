import * as vscode from 'vscode';
import type { ClusterService, FolderContext } from '../clusterService';
import type { RestartFlows } from '../flows/restarts';
import type { ClusterTarget } from '../core/clusterTypes';
import { UserError } from '../core/errors';
import { checkClusterId } from '../core/ipyparallel';
import { requireTrust } from '../trust';
import type { CommandResult, Ui } from '../ui';

export type { CommandResult } from '../ui';

/** Options every command accepts when run programmatically (a contract: extend, never rename). */
export interface CommandOptions {
  /** Workspace folder (fs path or Uri) whose cluster to act on. */
  folder?: string | vscode.Uri;
  engineCount?: number;
  /** true: skip confirmation modals; false: treat them as declined; absent: ask. */
  confirmed?: boolean;
  /** The engine process for per-engine commands (interruptEngine). */
  pid?: number;
  /** The cluster within the profile; '' (the default) is the one the editor starts. Another id is confirmed with a modal first. */
  clusterId?: string;
  /** Start and restart: copy changed startup sources into the profile first (true), keep the old copies (false), or ask; defaults to `confirmed`. */
  refreshStartupCopies?: boolean;
}

/** Anything carrying a folder: tree nodes pass themselves as the command argument. */
interface HasFolder {
  folder: vscode.WorkspaceFolder;
}

/** Run by a person (palette, key, menu, tree row), not by code passing options: it may ask questions. */
export function isInteractive(arg: unknown): boolean {
  return (
    arg === undefined ||
    (typeof arg === 'object' && arg !== null && 'folder' in arg && typeof (arg as HasFolder).folder === 'object' && 'uri' in (arg as HasFolder).folder)
  );
}

export function toOptions(arg: unknown): CommandOptions {
  if (!arg || typeof arg !== 'object') return {};
  const node = arg as Partial<HasFolder> & { pid?: number };
  if (node.folder && typeof node.folder === 'object' && 'uri' in node.folder) return { folder: node.folder.uri, pid: node.pid };
  return arg as CommandOptions;
}

/** The folder a command acts on: given, implied by the only folder or the active editor, or picked. */
export async function resolveFolder(service: ClusterService, options: CommandOptions): Promise<vscode.WorkspaceFolder | undefined> {
  if (options.folder) {
    const folder = service.folderFor(options.folder);
    if (!folder) throw new UserError('no-folder', vscode.l10n.t('{0} is not a folder of this workspace.', String(options.folder)));
    return folder;
  }
  const folders = service.folders();
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const implied = active && vscode.workspace.getWorkspaceFolder(active);
  return implied ?? vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which folder’s cluster?') });
}

/** What every command works with: the model, and the way to a person. */
export interface CommandDeps {
  service: ClusterService;
  ui: Ui;
  flows: RestartFlows<FolderContext>;
}

/** How messages name the cluster a command acted on (or a process belongs to): nothing for the default one. */
export function clusterLabel(target: Pick<ClusterTarget, 'clusterId'>): string {
  return target.clusterId ? ` ${vscode.l10n.t('(cluster "{0}")', target.clusterId)}` : '';
}

/** What a command does to a cluster, for the question asked before acting on one the editor did not start. */
export type ClusterOperation = 'start' | 'stop' | 'scale' | 'restart';

function otherClusterQuestion(operation: ClusterOperation, clusterId: string): [question: string, action: string] {
  switch (operation) {
    case 'start':
      return [vscode.l10n.t('Start cluster "{0}" of this profile?', clusterId), vscode.l10n.t('Start')];
    case 'stop':
      return [vscode.l10n.t('Stop cluster "{0}" of this profile?', clusterId), vscode.l10n.t('Stop')];
    case 'scale':
      return [vscode.l10n.t('Scale the engines of cluster "{0}" of this profile?', clusterId), vscode.l10n.t('Scale the engines of')];
    case 'restart':
      return [vscode.l10n.t('Restart the engines of cluster "{0}" of this profile?', clusterId), vscode.l10n.t('Restart the engines of')];
  }
}

/** A command aimed at a cluster the editor did not start asks first, naming it. */
export async function confirmOtherCluster({ target, confirm }: CommandContext, operation: ClusterOperation): Promise<boolean> {
  if (!target.clusterId) return true;
  const [question, action] = otherClusterQuestion(operation, target.clusterId);
  return confirm(question, vscode.l10n.t('It was not started from the editor (e.g. ipcluster --cluster-id={0} or JupyterLab).', target.clusterId), action);
}

export function cancelled(message = vscode.l10n.t('Cancelled; nothing was changed.')): CommandResult {
  return { ok: false, message, errorKind: 'cancelled' };
}

export interface CommandContext extends CommandDeps, FolderContext {
  options: CommandOptions;
  /** See isInteractive. */
  interactive: boolean;
  /** A modal confirmation, or the caller's decision (`confirmed`) when run programmatically. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
}

/**
 * Wraps a command body: resolves options and folder, catches every error into a message and a result, and
 * refreshes the view afterwards.
 */
export function folderCommand(deps: CommandDeps, body: (ctx: CommandContext) => Promise<CommandResult>): (arg?: unknown) => Promise<CommandResult> {
  const { service, ui } = deps;
  return async (arg?: unknown) => {
    const started = Date.now();
    const options = toOptions(arg);
    let folder: vscode.WorkspaceFolder | undefined;
    try {
      requireTrust();
      folder = await resolveFolder(service, options);
      if (!folder) return { ok: false, message: vscode.l10n.t('Open a folder first: IPP Engines works per workspace folder.'), errorKind: 'no-folder' };
      service.setCommandError(folder, undefined);
      const confirm = async (message: string, detail: string, action: string) => options.confirmed ?? ui.prompter.ask(message, detail, action);
      return await body({
        ...deps,
        ...service.context(folder, options.clusterId === undefined ? undefined : checkClusterId(options.clusterId)),
        options,
        interactive: isInteractive(arg),
        confirm,
      });
    } catch (error) {
      if (folder) service.setCommandError(folder, error);
      return ui.reportError(error);
    } finally {
      // One full refresh per command: an operation of the service has done it already.
      if (folder) void service.refresh(folder, { kind: 'command-finished', startedAt: started });
    }
  };
}
