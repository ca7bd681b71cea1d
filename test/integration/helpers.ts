import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IppEnginesApi } from '../../src/api';
import type { CommandResult } from '../../src/commands/common';
import { EXTENSION_ID } from '../../src/constants';
import { killTrees } from '../../src/core/kill';
import { silentLogger } from '../../src/core/log';
import { listOwnProcesses, matchProfileProcesses } from '../../src/core/processes';

export const workspaceDir = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
export const scratchDir = () => process.env.IPP_TEST_SCRATCH ?? path.dirname(workspaceDir());

export async function activate(): Promise<IppEnginesApi> {
  const ext = vscode.extensions.getExtension<IppEnginesApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} not found`);
  return ext.activate();
}

export function run(command: string, options: Record<string, unknown> = {}): Promise<CommandResult> {
  return vscode.commands.executeCommand<CommandResult>(command, options) as Promise<CommandResult>;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('ippEngines').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Processes of a profile, matched the way the extension does (exact --profile-dir). */
export async function profileProcesses(profileDir: string) {
  return matchProfileProcesses(await listOwnProcesses(), profileDir, { uid: process.getuid?.() });
}

/** Ends every process of the profile by pid: the teardown of every test that starts a cluster. */
export async function killProfile(profileDir: string): Promise<number[]> {
  const procs = await profileProcesses(profileDir);
  const pids = procs.all.map((p) => p.pid);
  await killTrees(pids, silentLogger, 500);
  return pids;
}

/** Starts a cluster outside the extension (a sibling sandbox, the Makefile path). */
export async function startOutOfBand(profileDir: string, cwd: string, n: number): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  if (!fs.existsSync(path.join(profileDir, 'ipcluster_config.py'))) {
    execFileSync('/usr/bin/python3', ['-m', 'IPython', 'profile', 'create', '--parallel', `--profile-dir=${profileDir}`], { stdio: 'ignore' });
  }
  execFileSync('/usr/bin/python3', ['-m', 'ipyparallel.cluster', 'start', `--profile-dir=${profileDir}`, '--daemonize', '-n', String(n)], { cwd, stdio: 'ignore', env: { ...process.env, IPP_NONINTERACTIVE: '1' } });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const defaultProfileDir = (api: IppEnginesApi) => api.getSnapshot().then((s) => s!.profileDir);
