import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../../src/constants';
import {
  assertUserSeesExactly,
  clusterSuite,
  engineRows,
  killProfile,
  profileProcesses,
  run,
  setModelVersion,
  setSetting,
  startCluster,
  submitTasks,
  testPython,
  waitFor,
  workspaceDir,
} from './helpers';

/** Runs Python code as a user's notebook or script would, from the workspace folder. */
function userPython(args: string[]): string {
  return execFileSync(testPython(), args, { cwd: workspaceDir(), encoding: 'utf8', timeout: 60_000, env: { ...process.env, IPP_NONINTERACTIVE: '1' } });
}

/** A command run by a person (no options object): it may ask. */
const interactive = (command: string) => vscode.commands.executeCommand<Record<string, unknown> & { ok: boolean; message: string }>(command);

suite('What users do next: client code, engine count and scale, engine logs that follow, quiet success', () => {
  const ctx = clusterSuite();

  suiteSetup(async () => {
    assert.equal((await run(Commands.createProfile)).ok, true);
  });

  teardown(async () => {
    ctx.api.testing.answerInputBoxes(null);
    ctx.api.testing.answerSavePrompts(undefined);
    await setSetting('restartOnSave', undefined);
    await setSetting('watch.debounceMs', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await killProfile(ctx.profileDir);
  });

  test('Copy Client Code reaches this cluster from a plain Python; Insert puts it in the editor and in a notebook', async () => {
    await startCluster();
    const copied = await run(Commands.copyClientCode);
    assert.equal(copied.ok, true, copied.message);
    const code = copied.code as string;
    assert.equal(await vscode.env.clipboard.readText(), code);
    assert.match(userPython(['-c', code]), /^2 engines: \[\d+, \d+\]$/m);
    // The example in the sandbox uses the same lines, and runs its ensemble on the engines.
    assert.match(userPython(['client_example.py']), /20 surveys, model version\(s\) \[1\]/);

    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: '# analysis\n' });
    await vscode.window.showTextDocument(doc);
    const inserted = await run(Commands.insertClientCode);
    assert.equal(inserted.ok, true, inserted.message);
    assert.equal(inserted.insertedInto, 'editor');
    assert.ok(doc.getText().includes(code), doc.getText());

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const notebook = await vscode.workspace.openNotebookDocument(
      'jupyter-notebook',
      new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'x = 1', 'python')]),
    );
    await vscode.window.showNotebookDocument(notebook);
    const intoNotebook = await run(Commands.insertClientCode);
    assert.equal(intoNotebook.ok, true, intoNotebook.message);
    assert.match(String(intoNotebook.insertedInto), /^notebook-/);
    assert.ok(
      notebook.getCells().some((cell) => cell.document.getText().includes(code)),
      'no cell holds the client code',
    );
  });

  test('Start asks for the engine count, checks it as typed, and remembers it for the folder', async () => {
    await setSetting('engineCount', null);
    try {
      ctx.api.testing.answerInputBoxes('3');
      const started = await interactive(Commands.start);
      assert.equal(started.ok, true, started.message);
      assert.equal((started.engines as unknown[]).length, 3);
      const box = ctx.api.testing.lastInputBox()!;
      for (const bad of ['0', '-2', 'two', '2.5', '513', '']) assert.ok(box.validateInput!(bad), `${JSON.stringify(bad)} was accepted`);
      assert.equal(box.validateInput!('4'), undefined);
      assert.equal((await run(Commands.stop)).ok, true);

      ctx.api.testing.answerInputBoxes(undefined); // dismissed: nothing starts
      const dismissed = await interactive(Commands.start);
      assert.equal(dismissed.errorKind, 'cancelled');
      assert.equal(ctx.api.testing.lastInputBox()!.value, '3', 'the last choice is not remembered');
      assert.equal((await profileProcesses(ctx.profileDir)).all.length, 0);
    } finally {
      await setSetting('engineCount', 2);
    }
  });

  test('Scale Engines adds engines beside busy ones, refuses to end busy ones, and ends only idle ones', async () => {
    await startCluster();
    const busyPids = (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid);
    const tasks = submitTasks(ctx.profileDir, 25);
    ctx.tasks.push(tasks);
    await tasks.submitted;

    const up = await run(Commands.scaleEngines, { engineCount: 4 });
    assert.equal(up.ok, true, up.message);
    assert.equal((up.added as unknown[]).length, 2);
    let engines = (await ctx.api.getSnapshot())!.engines;
    assert.equal(engines.length, 4, JSON.stringify(engines));
    assert.equal(engines.filter((e) => e.state === 'busy').length, 2, JSON.stringify(engines));

    const tooFar = await run(Commands.scaleEngines, { engineCount: 1 });
    assert.equal(tooFar.ok, false);
    assert.match(tooFar.message, /idle/);
    assert.equal((await profileProcesses(ctx.profileDir)).engines.length, 4, 'a refused scale changed something');

    const down = await run(Commands.scaleEngines, { engineCount: 2 });
    assert.equal(down.ok, true, down.message);
    assert.equal((down.removed as unknown[]).length, 2);
    assertUserSeesExactly(ctx.profileDir, busyPids);
    assert.deepEqual(JSON.parse((await tasks.finished).split('\n').filter((l) => l.startsWith('['))[0]), ['done', 'done'], 'a running task was lost');
    engines = (await ctx.api.getSnapshot())!.engines;
    assert.equal(engines.length, 2);
    // The scaled count is what the next restart brings back.
    const restarted = await run(Commands.restartEngines, { confirmed: true });
    assert.equal((restarted.engines as unknown[]).length, 2);
  });

  test('engine and controller rows open their own logs, and an open log follows its file', async () => {
    await startCluster();
    const rows = await ctx.api.testing.treeNodes();
    const controller = rows.find((r) => r.label === 'Controller')!;
    assert.ok(controller.logPath && fs.existsSync(controller.logPath), `controller log: ${controller.logPath}`);
    const logs = engineRows(rows).map((r) => r.logPath);
    assert.equal(new Set(logs).size, 2, `each engine has a log of its own: ${JSON.stringify(logs)}`);
    for (const log of logs) assert.ok(log && path.basename(log).startsWith('ipengine') && fs.existsSync(log), String(log));

    const opened = await run(Commands.openLogFile, { logPath: logs[0] });
    assert.equal(opened.ok, true, opened.message);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened.uri)!;
    const line = `follow-mode check ${Date.now()}`;
    fs.appendFileSync(logs[0]!, `${line}\n`);
    await waitFor('the open log shows the appended line', () => doc.getText().includes(line), 15_000);
  });

  test('the tree shows load over the last interval, and queue, completed tasks and memory in the tooltip', async () => {
    await startCluster();
    const tasks = submitTasks(ctx.profileDir, 8, 'spin');
    ctx.tasks.push(tasks);
    await tasks.submitted;
    // Spinning engines: CPU over the last interval is near 100%, far above the lifetime average of an engine
    // that idled before.
    const spinning = await waitFor(
      'engines at full load',
      async () => {
        const s = await ctx.api.getSnapshot();
        return s!.engines.length === 2 && s!.engines.every((e) => (e.cpu ?? 0) > 50) && s;
      },
      20_000,
    );
    assert.ok(spinning.engines.every((e) => e.queued > 0));
    await tasks.finished;
    await ctx.api.getSnapshot();
    await new Promise((r) => setTimeout(r, 1500));
    const idle = await ctx.api.getSnapshot();
    assert.ok(
      idle!.engines.every((e) => (e.cpu ?? 0) < 30),
      `idle engines still show load: ${idle!.engines.map((e) => (e.cpu ?? 0).toFixed(0)).join(', ')}`,
    );
    const row = (await ctx.api.testing.treeNodes()).find((r) => r.label === 'Engines')!.children[0];
    assert.match(row.tooltip ?? '', /Queue: 0 task\(s\) · completed: \d+/);
    assert.match(row.tooltip ?? '', /memory: \d+ MiB/);
    const profile = (await ctx.api.testing.treeNodes()).find((r) => r.label === 'Profile')!;
    assert.match(profile.description ?? '', /ipyparallel \d+\.\d+/);
    assert.ok((profile.tooltip ?? '').includes(testPython()), 'the profile row does not name the interpreter');
  });

  test('success stays quiet: start, status, restart, stop and kill orphans show no notification; a failure does', async () => {
    const before = ctx.api.testing.notificationCount();
    await startCluster();
    for (const command of [Commands.status, Commands.restartEngines, Commands.stop, Commands.killOrphans]) {
      const result = await run(command, { confirmed: true });
      assert.equal(result.ok, true, `${command}: ${result.message}`);
    }
    assert.equal(ctx.api.testing.notificationCount(), before, 'a successful command showed a notification');
    const failed = await run(Commands.restartEngines, { confirmed: true });
    assert.equal(failed.ok, false);
    assert.equal(ctx.api.testing.notificationCount(), before + 1, 'a failure was not shown');
  });

  test('the save prompt offers Never; after it saves restart nothing and engines are still marked stale; context keys follow', async () => {
    await setSetting('watch.debounceMs', 200);
    await setSetting('restartOnSave', 'prompt');
    await startCluster();
    assert.equal(ctx.api.testing.contextKeys()[ContextKeys.running], true);
    assert.equal(ctx.api.testing.contextKeys()[ContextKeys.canStart], false);
    assert.equal(ctx.api.testing.contextKeys()[ContextKeys.pythonReady], true);
    try {
      // The walkthrough's last step completes on the first restart a save started.
      ctx.api.testing.answerSavePrompts('Restart Engines');
      const restarts = ctx.api.testing.restartCount();
      await setModelVersion(5);
      await waitFor('a restart from the save', () => ctx.api.testing.restartCount() > restarts, 60_000).catch((error: Error) => {
        throw new Error(`${error.message}; the log's end:\n${ctx.api.testing.logText().split('\n').slice(-25).join('\n')}`);
      });
      assert.equal(ctx.api.testing.contextKeys()[ContextKeys.restartedAfterSave], true);

      ctx.api.testing.answerSavePrompts('Never');
      const prompts = ctx.api.testing.promptCount();
      await setModelVersion(6);
      await waitFor('the prompt', () => ctx.api.testing.promptCount() > prompts);
      await waitFor('restartOnSave: never', () => vscode.workspace.getConfiguration('ippEngines').get('restartOnSave') === 'never');
      await setModelVersion(7);
      await waitFor('stale engines', async () => (await ctx.api.getSnapshot())!.engines.every((e) => e.staleFiles.length > 0));
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(ctx.api.testing.promptCount(), prompts + 1, 'a save prompted after Never');
    } finally {
      await setModelVersion(1);
    }
    assert.equal((await run(Commands.stop)).ok, true);
    await waitFor(
      'running key cleared',
      () => ctx.api.testing.contextKeys()[ContextKeys.running] === false && ctx.api.testing.contextKeys()[ContextKeys.canStart] === true,
      10_000,
    );
  });
});
