import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandResult } from '../../src/commands/common';
import { Commands } from '../../src/constants';
import { clientFilePath } from '../../src/core/ipyparallel';
import { collectKeys, editorWrittenRoots, filesHolding } from './heldOut';
import { clusterSuite, killProfile, profileProcesses, run, scratchDir, waitFor, workspaceDir } from './helpers';

const STARTUP = ['Local/00-path.py', 'Local/10-threads.py'];
const BROKEN_MODULE = 'EXOSIMS/Prototypes/Broken.py';

/** Writes a startup source and its profile copy, as if the user edited it and the copies were refreshed. */
function writeStartup(profileDir: string, relative: string, text: string): void {
  fs.writeFileSync(path.join(workspaceDir(), relative), text);
  fs.writeFileSync(path.join(profileDir, 'startup', path.basename(relative)), text);
}

/** Puts the example sandbox's startup files back, in the workspace and in the profile. */
function restoreStartup(profileDir: string): void {
  for (const relative of STARTUP) writeStartup(profileDir, relative, fs.readFileSync(path.join(process.env.IPP_EXAMPLE_SANDBOX!, relative), 'utf8'));
  fs.rmSync(path.join(workspaceDir(), BROKEN_MODULE), { force: true });
}

/** Runs a command and measures it: every fault must end in seconds. */
async function timed(command: string, options: Record<string, unknown> = {}): Promise<[CommandResult, number]> {
  const started = Date.now();
  const result = await run(command, options);
  return [result, (Date.now() - started) / 1000];
}

const chattr = (flag: '+i' | '-i', dir: string) => execFileSync('chattr', [flag, dir]);
const isRoot = () => process.getuid?.() === 0;

suite('Failures said plainly: broken startup files, engines dying at boot, an unwritable profile', () => {
  const ctx = clusterSuite();

  suiteSetup(async () => {
    assert.equal((await run(Commands.createProfile)).ok, true);
  });

  teardown(async () => {
    for (const dir of ['log', 'security']) if (isRoot() && fs.existsSync(path.join(ctx.profileDir, dir))) chattr('-i', path.join(ctx.profileDir, dir));
    await killProfile(ctx.profileDir);
    restoreStartup(ctx.profileDir);
  });

  test('a syntax error in a startup file is named with its line before anything starts', async () => {
    writeStartup(ctx.profileDir, 'Local/00-path.py', 'import os\nfor x in range(3)\n    pass\n');
    const [result, seconds] = await timed(Commands.start);
    assert.equal(result.errorKind, 'startup-failed', result.message);
    assert.match(result.message, /00-path\.py line 2: SyntaxError/);
    assert.match(result.message, /Nothing was started/);
    assert.ok(seconds < 15, `took ${seconds} s`);
    assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
  });

  test('a .ipy startup file is checked as IPython runs it: a syntax error is named with its line, its magics are no error', async () => {
    const ipy = path.join(ctx.profileDir, 'startup', '50-magics.ipy');
    try {
      fs.writeFileSync(ipy, '%env IPP_SANDBOX=1\nfiles = !ls\ndef f(:\n');
      const result = await run(Commands.start);
      assert.equal(result.errorKind, 'startup-failed', result.message);
      assert.match(result.message, /50-magics\.ipy line 3: SyntaxError/);
      assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
      fs.writeFileSync(ipy, '%env IPP_SANDBOX=1\nfiles = !ls\n');
      const started = await run(Commands.start);
      assert.equal(started.ok, true, started.message);
    } finally {
      fs.rmSync(ipy, { force: true });
    }
  });

  test('a raising startup file: start is not a success, names file, line and error, and keeps the engines for a fix', async () => {
    writeStartup(ctx.profileDir, 'Local/00-path.py', 'import os\n\nraise RuntimeError("sandbox path not found")\n');
    const [result] = await timed(Commands.start);
    assert.equal(result.ok, false, 'start reported success although a startup file failed');
    assert.equal(result.errorKind, 'startup-failed', result.message);
    assert.match(result.message, /00-path\.py line 3 failed on 2 of 2 engine\(s\): RuntimeError: sandbox path not found/);
    assert.match(result.message, /skipped the startup files after it: 10-threads\.py/);
    assert.equal((await profileProcesses(ctx.profileDir)).engines.length, 2, 'the engines were not kept running');
    // Visible in the tree until the next command, not only until the next refresh.
    await ctx.api.getSnapshot();
    const snapshot = (await ctx.api.getSnapshot())!;
    assert.match(snapshot.lastError ?? '', /00-path\.py line 3/);
    assert.match(snapshot.startupError ?? '', /RuntimeError/);
    const rows = await ctx.api.testing.treeNodes();
    assert.match(rows.find((r) => r.label === 'Engines')!.description ?? '', /started with errors/);
    assert.ok(rows.some((r) => r.label === 'Last error'));
    restoreStartup(ctx.profileDir);
    const fixed = await run(Commands.restartEngines, { confirmed: true });
    assert.equal(fixed.ok, true, fixed.message);
    assert.equal((await ctx.api.getSnapshot())!.startupError, null);
  });

  test('a startup file importing broken simulation code names the startup file and where the import failed', async () => {
    fs.writeFileSync(path.join(workspaceDir(), BROKEN_MODULE), 'VALUE = 1\nRESULT = undefined_name + VALUE\n');
    writeStartup(ctx.profileDir, 'Local/10-threads.py', 'import os\nimport EXOSIMS.Prototypes.Broken\n');
    const [result] = await timed(Commands.start);
    assert.equal(result.errorKind, 'startup-failed', result.message);
    assert.match(result.message, /10-threads\.py line 2 failed .*NameError: name 'undefined_name' is not defined \(raised at .*Broken\.py:2\)/);
  });

  test('engines that exit at boot: start fails within seconds with the cause, and leaves nothing running', async () => {
    writeStartup(ctx.profileDir, 'Local/10-threads.py', 'import os\nos._exit(3)\n');
    const [result, seconds] = await timed(Commands.start);
    assert.equal(result.errorKind, 'start-failed', result.message);
    assert.match(result.message, /engine process\(es\) exited while starting/);
    assert.match(result.message, /nothing is left/i);
    assert.ok(seconds < 15, `took ${seconds} s: ${result.message}`);
    assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
  });

  test('a controller that cannot write its profile: start fails within seconds, naming the cause, nothing left', async function () {
    if (!isRoot()) this.skip(); // chattr +i needs root; as root, chmod would not stop the writes
    chattr('+i', path.join(ctx.profileDir, 'log'));
    const [result, seconds] = await timed(Commands.start);
    assert.equal(result.ok, false);
    assert.equal(result.errorKind, 'start-failed', result.message);
    assert.match(result.message, /PermissionError|not permitted/i);
    assert.ok(seconds < 25, `took ${seconds} s: ${result.message}`);
    chattr('-i', path.join(ctx.profileDir, 'log'));
    assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
  });

  test('stop with an unwritable profile: every process ends, so it succeeds, with a warning naming the file', async function () {
    if (!isRoot()) this.skip();
    assert.equal((await run(Commands.start)).ok, true);
    chattr('+i', path.join(ctx.profileDir, 'security'));
    const [result, seconds] = await timed(Commands.stop);
    assert.equal(result.ok, true, result.message);
    assert.match(result.message, /Warning: could not remove .*cluster-\.json \(EPERM\)/);
    assert.ok(seconds < 15, `took ${seconds} s`);
    assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
    chattr('-i', path.join(ctx.profileDir, 'security'));
    const snapshot = (await ctx.api.getSnapshot())!;
    assert.equal(snapshot.lastError, null, 'a successful stop left an error behind');
  });

  test('concurrent starts with different engine counts: the second says its count was not applied', async () => {
    const [a, b] = await Promise.all([run(Commands.start, { engineCount: 2 }), run(Commands.start, { engineCount: 3 })]);
    assert.ok(a.ok && b.ok, `${a.message} / ${b.message}`);
    const second = [a, b].find((r) => r.alreadyRunning)!;
    assert.ok(second, 'neither start found the other running');
    assert.equal(second.engineCountApplied, false);
    assert.match(second.message, /already running with 2 engines and keeps that count: 3 was not applied/);
    assert.equal((await profileProcesses(ctx.profileDir)).engines.length, 2);
  });

  test('kept logs hold no key: after a stop, the copies of the engine logs are redacted', async () => {
    assert.equal((await run(Commands.start)).ok, true);
    const key = JSON.parse(fs.readFileSync(clientFilePath(ctx.profileDir), 'utf8')).key as string;
    await waitFor('engine logs', () => fs.readdirSync(path.join(ctx.profileDir, 'log')).some((n) => n.startsWith('ipengine')));
    assert.equal((await run(Commands.stop)).ok, true);
    const storage = ctx.api.testing.logStorage();
    const kept = (fs.readdirSync(storage, { recursive: true }) as string[]).filter((f) => f.endsWith('.log'));
    assert.ok(kept.length > 0, 'no log was kept');
    for (const file of kept) assert.ok(!fs.readFileSync(path.join(storage, file), 'utf8').includes(key), `${file} holds the key`);
  });

  test("the extension's own log, at every level, holds no key: a corrupt connection file with the key in it, and 8/9 engines' environments", async () => {
    assert.equal((await run(Commands.start)).ok, true);
    const client = clientFilePath(ctx.profileDir);
    const good = fs.readFileSync(client, 'utf8');
    const key = JSON.parse(good).key as string;
    assert.equal((await run(Commands.showProcesses)).ok, true); // 8/9: the engines' environment carries the key
    fs.writeFileSync(client, good.slice(0, good.indexOf(key) + key.length + 2)); // cut just after the key
    const status = await run(Commands.status);
    assert.equal(status.errorKind, 'corrupt-file', status.message);
    fs.writeFileSync(client, good);
    assert.equal((await run(Commands.stop)).ok, true);
    const log = ctx.api.testing.logText();
    assert.match(log, /\[debug\] \$ /, 'debug lines were not recorded: the test would prove nothing');
    assert.match(log, /is not valid JSON/);
    assert.ok(!log.includes(key), 'the log holds the key');
    assert.ok(!log.includes(key.slice(0, 8)), 'the log holds part of the key');
  });

  test('no cluster key in any file the editor writes, on any path: a failed start (7.x echoes its key), a start and a restart', async () => {
    const keys = new Set<string>();
    const watch = setInterval(() => collectKeys(ctx.profileDir, keys), 20);
    const configs = ['ipcluster', 'ipcontroller', 'ipengine']
      .map((app) => path.join(ctx.profileDir, `${app}_config.py`))
      .map((f) => [f, fs.readFileSync(f, 'utf8')] as const);
    // Every level of our log channel reaches its file, debug details included.
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    try {
      // A profile set to debug: ipcluster, the controller and the engines log their configuration and connection info.
      for (const [file, text] of configs) fs.writeFileSync(file, `${text}\nc.Application.log_level = 10\n`);
      writeStartup(ctx.profileDir, 'Local/10-threads.py', 'import os\nos._exit(3)\n');
      const failed = await run(Commands.start);
      assert.equal(failed.errorKind, 'start-failed', failed.message);
      const failedKeys = keys.size;
      restoreStartup(ctx.profileDir);
      assert.equal((await run(Commands.start, { engineCount: 2 })).ok, true);
      const restarted = await run(Commands.restartEngines, { confirmed: true });
      assert.equal(restarted.ok, true, restarted.message);
      assert.equal((await run(Commands.stop)).ok, true);
      assert.ok(failedKeys >= 1 && keys.size > failedKeys, `keys seen: ${failedKeys} in the failed start, ${keys.size} in all: the scan would prove nothing`);
    } finally {
      clearInterval(watch);
      for (const [file, text] of configs) fs.writeFileSync(file, text);
      await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    }
    await new Promise((r) => setTimeout(r, 1500)); // output channels reach their files in batches
    const roots = editorWrittenRoots(scratchDir());
    const channel = filesHolding(['Start failed after'], roots);
    assert.ok(channel.length, "the log channel's file was not found: the scan would prove nothing");
    assert.match(fs.readFileSync(channel[0], 'utf8'), /\[debug\] \$ /, 'debug lines did not reach the file: the scan would prove less');
    assert.deepEqual(filesHolding([...keys], roots), []);
  });
});
