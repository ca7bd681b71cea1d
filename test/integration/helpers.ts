import { execFileSync, spawn } from 'node:child_process';
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

/**
 * The hooks every suite that runs clusters shares: the API, the default profile, 2 engines, and task
 * clients killed after each test. Fields are filled in by suiteSetup.
 */
export function clusterSuite() {
  const ctx = { api: undefined as unknown as IppEnginesApi, profileDir: '', tasks: [] as { kill(): void }[] };
  suiteSetup(async () => {
    ctx.api = await activate();
    ctx.profileDir = await defaultProfileDir(ctx.api);
    await setSetting('engineCount', 2);
  });
  teardown(() => {
    ctx.tasks.splice(0).forEach((t) => t.kill());
  });
  return ctx;
}

/**
 * Gives every engine a task (sleep `seconds`, then return 'done') from a separate Python client, which waits
 * for the results and prints them: the test can check that no task was lost.
 */
export function submitTasks(profileDir: string, seconds: number) {
  const code = [
    'import ipyparallel as ipp, time, json, sys',
    `rc = ipp.Client(${JSON.stringify(path.join(profileDir, 'security', 'ipcontroller-client.json'))}, timeout=10)`,
    // Only engines that answer: a replaced engine stays registered until its heartbeats time out.
    'live = [i for i in rc.ids if rc[i].apply_async(lambda: 0).wait(2)]',
    `ar = rc[live].apply_async(lambda s: (__import__('time').sleep(s), 'done')[1], ${seconds})`,
    'print("submitted", flush=True)',
    'print(json.dumps(ar.get(timeout=600)), flush=True)',
  ].join('\n');
  const child = spawn('/usr/bin/python3', ['-c', code], { env: { ...process.env, IPP_NONINTERACTIVE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const submitted = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('submitted') && resolve());
    child.on('exit', () => reject(new Error(`task client exited early: ${out}`)));
  });
  const finished = new Promise<string>((resolve) => child.on('exit', () => resolve(out)));
  return { submitted, finished, kill: () => child.kill('SIGKILL') };
}
