import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IppEnginesApi, TreeRow } from '../../src/api';
import type { CommandResult } from '../../src/commands/common';
import { Commands, EXTENSION_ID } from '../../src/constants';
import { clusterFilePaths } from '../../src/core/clusterFiles';
import { clientFilePath } from '../../src/core/ipyparallel';
import { isAlive, killTrees } from '../../src/core/kill';
import { silentLogger } from '../../src/core/log';
import { listOwnProcesses, matchProfileProcesses } from '../../src/core/processRoles';
import { startClusterOutside } from '../fixtures';
import { commandOf, processesNaming } from '../processStart';

export const workspaceDir = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
/** The interpreter (and so the ipyparallel version) this run tests: Debian's 7.1 or a venv with 8.8 or 9.2. */
export const testPython = () => process.env.IPP_TEST_PYTHON ?? '/usr/bin/python3';
const pythonEnv = () => ({ ...process.env, IPP_NONINTERACTIVE: '1' });
export const scratchDir = () => process.env.IPP_TEST_SCRATCH ?? path.dirname(workspaceDir());

/** The extension's API with its test-mode part, which this host (ExtensionMode.Test) must provide. */
export type TestedApi = Required<IppEnginesApi>;

export async function activate(): Promise<TestedApi> {
  const ext = vscode.extensions.getExtension<IppEnginesApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} not found`);
  const api = await ext.activate();
  if (!api.testing) throw new Error('the API has no testing part: the host does not run the extension in test mode');
  return api as TestedApi;
}

export function run(command: string, options: Record<string, unknown> = {}): Promise<CommandResult> {
  return vscode.commands.executeCommand<CommandResult>(command, options) as Promise<CommandResult>;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('ippEngines').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Back to the interpreter under test, after a test tried another one. */
export const resetPython = () => setSetting('pythonPath', testPython());

/** Processes of a profile, matched the way the extension does (exact --profile-dir). */
export async function profileProcesses(profileDir: string) {
  return matchProfileProcesses(await listOwnProcesses(), profileDir, { uid: process.getuid?.() });
}

/**
 * Ends every process of the profile by pid: the teardown of every test that starts a cluster. ipcluster's
 * cluster files go too, as after a real stop, so that the next `ipcluster start` of any id is not refused.
 */
export async function killProfile(profileDir: string): Promise<number[]> {
  const procs = await profileProcesses(profileDir);
  const pids = procs.all.map((p) => p.pid);
  await killTrees(procs.all, silentLogger, 500);
  for (const file of clusterFilePaths(profileDir)) fs.rmSync(file, { force: true });
  // Judged without the extension's matcher: whatever names the profile, or descends from what does.
  const missed = [...processesNaming(profileDir).keys()];
  if (missed.length) {
    const named = missed.map((pid) => `${pid} ${commandOf(pid).slice(0, 160)}`);
    for (const pid of missed) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    throw new Error(`left running, unseen by the extension's matcher: ${named.join('; ')}`);
  }
  return pids;
}

/** Starts a cluster outside the extension (a sibling sandbox, the Makefile path, JupyterLab's cluster ids). */
export async function startOutOfBand(profileDir: string, cwd: string, n: number, clusterId = ''): Promise<void> {
  startClusterOutside(testPython(), profileDir, n, { cwd, clusterId });
}

/** `ipcluster <args>` with the interpreter under test, as a user would run it. */
export function ipcluster(args: string[], cwd = workspaceDir()): void {
  execFileSync(testPython(), args, { cwd, stdio: 'ignore', env: pythonEnv() });
}

/** What a user's own Client sees right now, from a separate Python process. */
export interface UserView {
  ids: number[];
  /** Pids from rc[:].apply_sync, in id order. */
  pids: number[];
  /** Pids that a load-balanced map over 16 items ran on. */
  mappedPids: number[];
  error?: string;
}

/**
 * Connects a fresh Client the way a user's script or notebook does, then runs code on rc[:] and a
 * load-balanced map over 16 items. A dead engine still listed by the controller makes this fail.
 */
export function userView(profileDir: string, clusterId = ''): UserView {
  const code = [
    'import ipyparallel as ipp, json, os',
    `rc = ipp.Client(${JSON.stringify(clientFilePath(profileDir, clusterId))}, timeout=10)`,
    'ids = sorted(rc.ids)',
    'try:',
    '    pids = rc[ids].apply_async(os.getpid).get(timeout=30)',
    '    mapped = rc.load_balanced_view().map_async(lambda x: __import__("os").getpid(), range(16)).get(timeout=30)',
    '    print(json.dumps({"ids": ids, "pids": pids, "mappedPids": sorted(set(mapped))}))',
    'except Exception as e:',
    '    print(json.dumps({"ids": ids, "pids": [], "mappedPids": [], "error": "%s: %s" % (type(e).__name__, e)}))',
    'os._exit(0)',
  ].join('\n');
  return JSON.parse(execFileSync(testPython(), ['-c', code], { env: pythonEnv(), encoding: 'utf8', timeout: 90_000 }).trim().split('\n').pop()!) as UserView;
}

/** A user connecting right now sees exactly these engines, and code runs on all of them and only them. */
export function assertUserSeesExactly(profileDir: string, expectedPids: number[], notPids: number[] = []): UserView {
  const view = userView(profileDir);
  const detail = JSON.stringify(view);
  if (view.error) throw new Error(`a user's Client failed right after the command: ${detail}`);
  const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
  if (view.ids.length !== expectedPids.length) throw new Error(`the controller lists ${view.ids.length} engines, expected ${expectedPids.length}: ${detail}`);
  if (JSON.stringify(sorted(view.pids)) !== JSON.stringify(sorted(expectedPids)))
    throw new Error(`rc[:] ran on pids other than the engines': expected ${expectedPids}, ${detail}`);
  if (!view.mappedPids.every((pid) => expectedPids.includes(pid))) throw new Error(`a load-balanced map ran elsewhere: ${detail}`);
  if (view.pids.some((pid) => notPids.includes(pid))) throw new Error(`an old engine answered: ${detail}`);
  return view;
}

/**
 * kill -9 of a process, returning once it is gone: a signal is delivered asynchronously, and a scan in
 * between still sees it (with a dying controller, its engines still look owned, not orphaned).
 */
export async function killNow(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  await waitFor(`process ${pid} gone`, () => !isAlive(pid), 10_000);
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

export const defaultProfileDir = (api: TestedApi) => api.getSnapshot().then((s) => s!.profileDir);

/** A start that a test needs as set-up: a failure names the command's own message, not a later TypeError. */
export async function startCluster(options: Record<string, unknown> = {}): Promise<CommandResult> {
  const result = await run(Commands.start, options);
  if (!result.ok) throw new Error(`set-up start failed: ${result.message}`);
  return result;
}

/**
 * The hooks every suite that runs clusters shares: the API, the default profile, 2 engines, and task
 * clients killed after each test. Fields are filled in by suiteSetup.
 */
export function clusterSuite() {
  const ctx = { api: undefined as unknown as TestedApi, profileDir: '', tasks: [] as { kill(): void }[] };
  suiteSetup(async () => {
    ctx.api = await activate();
    await resetPython();
    ctx.profileDir = await defaultProfileDir(ctx.api);
    await setSetting('engineCount', 2);
  });
  teardown(function () {
    printLogOnFailure(this.currentTest, ctx.api);
    ctx.tasks.splice(0).forEach((t) => t.kill());
  });
  return ctx;
}

/** A failed test's view of what the extension did, with times: the CI log is often all there is to go on. */
export function printLogOnFailure(test: Mocha.Test | undefined, api: TestedApi | undefined): void {
  if (test?.state !== 'failed' || !api) return;
  const lines = api.testing
    .logText()
    .split('\n')
    .filter((l) => /^\[(info|warn|error)\]/.test(l));
  // Indented: the test host drops workbench lines that start with '['.
  console.log(
    `The extension's log, last ${Math.min(lines.length, 60)} lines:\n${lines
      .slice(-60)
      .map((l) => `  ${l.slice(0, 300)}`)
      .join('\n')}`,
  );
}

/**
 * Gives every engine a task (sleep `seconds`, or with 'spin' keep a core busy in pure Python that long, then
 * return 'done') from a separate Python client, which waits for the results and prints them: the test can
 * check that no task was lost.
 */
export function submitTasks(profileDir: string, seconds: number, work: 'sleep' | 'spin' = 'sleep') {
  const task =
    work === 'sleep'
      ? `lambda s: (__import__('time').sleep(s), 'done')[1]`
      : `lambda s: (lambda t0: any(__import__('time').time() - t0 > s for _ in iter(int, 1)) and 'done')(__import__('time').time())`;
  const code = [
    'import ipyparallel as ipp, time, json, sys',
    `rc = ipp.Client(${JSON.stringify(clientFilePath(profileDir))}, timeout=10)`,
    `ar = rc[:].apply_async(${task}, ${seconds})`,
    // Submitted means the controller has recorded every request: until then a status rightly shows idle.
    'while True:',
    '    try:',
    '        rc.result_status(ar.msg_ids, status_only=True)',
    '        break',
    '    except Exception:',
    '        time.sleep(0.02)',
    'print("submitted", flush=True)',
    'print(json.dumps(ar.get(timeout=600)), flush=True)',
  ].join('\n');
  const child = spawn(testPython(), ['-c', code], { env: pythonEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Edits a file through the VS Code API and saves it, as a user would. */
export async function editAndSave(relative: string, edit: (text: string) => string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(path.join(workspaceDir(), relative));
  const text = doc.getText();
  const we = new vscode.WorkspaceEdit();
  we.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(text.length)), edit(text));
  assert.ok(await vscode.workspace.applyEdit(we));
  const dirty = doc.isDirty;
  const saved = await doc.save();
  // What VS Code does not say when a save returns false: was there anything to save, and what is on disk now.
  assert.ok(
    saved,
    `could not save ${relative} (dirty before: ${dirty}, after: ${doc.isDirty}, closed: ${doc.isClosed}, on disk the edit: ${fs.readFileSync(doc.uri.fsPath, 'utf8') === doc.getText()})`,
  );
}

/** The example sandbox's simulation module, and its MODEL_VERSION as an engine sees it. */
export const SIM_MODULE = 'EXOSIMS/Prototypes/SurveySimulation.py';
export const VERSION_ON_ENGINES = "__import__('EXOSIMS.Prototypes.SurveySimulation', fromlist=['x']).MODEL_VERSION";

/** Edits and saves the simulation module with another MODEL_VERSION, as a user would. */
export const setModelVersion = (n: number) => editAndSave(SIM_MODULE, (t) => t.replace(/MODEL_VERSION = \d+/, `MODEL_VERSION = ${n}`));

/** The engine rows under a tree's Engines row (the Standby row joins them once standby engines have booted). */
export function engineRows(rows: { label: string; children: TreeRow[] }[]): TreeRow[] {
  return rows.find((r) => r.label === 'Engines')!.children.filter((r) => r.contextValue?.startsWith('engine.'));
}
