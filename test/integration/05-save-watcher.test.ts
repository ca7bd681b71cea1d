import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import {
  assertUserSeesExactly,
  clusterSuite,
  editAndSave,
  killProfile,
  profileProcesses,
  run,
  setModelVersion,
  setSetting,
  SIM_MODULE,
  submitTasks,
  VERSION_ON_ENGINES,
  waitFor,
  workspaceDir,
} from './helpers';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DEBOUNCE_MS = 300;
/** Well past a burst's debounce: a prompt or restart it would give has begun by then, even on a loaded machine. */
const PAST_DEBOUNCE_MS = DEBOUNCE_MS + 2000;

suite('Save watcher: stale engines, one prompt per burst, restart when idle', () => {
  const ctx = clusterSuite();

  suiteSetup(async () => {
    await setSetting('watch.debounceMs', DEBOUNCE_MS);
    await setSetting('restartOnSave', 'never');
    await run(Commands.createProfile, {});
    assert.equal((await run(Commands.start, {})).ok, true);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  suiteTeardown(async () => {
    await killProfile(ctx.profileDir);
    for (const key of ['engineCount', 'watch.debounceMs', 'restartOnSave']) await setSetting(key, undefined);
    await setModelVersion(1);
  });

  test('saving a simulation module marks every engine stale (also with restartOnSave: never)', async () => {
    await ctx.api.testing.evaluateOnEngines(VERSION_ON_ENGINES); // engines now hold version 1
    await setModelVersion(2);
    const snapshot = await waitFor('stale engines', async () => {
      const s = await ctx.api.getSnapshot();
      return s!.engines.length === 2 && s!.engines.every((e) => e.staleFiles.length > 0) && s;
    });
    assert.ok(snapshot.engines.every((e) => e.staleFiles.includes(path.join(workspaceDir(), SIM_MODULE))));
    assert.match(ctx.api.testing.statusBarText(), /stale/);
  });

  test('restartOnSave: always → after the automatic restart every engine has the new value', async () => {
    await setSetting('restartOnSave', 'always');
    const restarts = ctx.api.testing.restartCount();
    await setModelVersion(3);
    await waitFor('automatic restart', () => ctx.api.testing.restartCount() > restarts, 120_000);
    assertUserSeesExactly(
      ctx.profileDir,
      (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid),
    );
    const values = await ctx.api.testing.evaluateOnEngines(VERSION_ON_ENGINES);
    assert.deepEqual(Object.values(values), ['3', '3']);
    const snapshot = await ctx.api.getSnapshot();
    assert.ok(
      snapshot!.engines.every((e) => e.staleFiles.length === 0),
      'fresh engines still marked stale',
    );
  });

  test('answering the save prompt with "Restart Engines": a user\'s Client then sees exactly the fresh engines', async () => {
    await setSetting('restartOnSave', 'prompt');
    const before = (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid);
    const restarts = ctx.api.testing.restartCount();
    ctx.api.testing.answerSavePrompts('Restart Engines');
    try {
      await setModelVersion(5);
      await waitFor('the restart chosen in the prompt', () => ctx.api.testing.restartCount() > restarts, 120_000);
    } finally {
      ctx.api.testing.answerSavePrompts(undefined);
    }
    assertUserSeesExactly(
      ctx.profileDir,
      (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid),
      before,
    );
    assert.deepEqual(Object.values(await ctx.api.testing.evaluateOnEngines(VERSION_ON_ENGINES)), ['5', '5']);
  });

  test('50 saves in a burst give exactly one prompt', async () => {
    await setSetting('restartOnSave', 'prompt');
    const prompts = ctx.api.testing.promptCount();
    for (let i = 0; i < 50; i++) await setModelVersion(100 + i);
    await waitFor('the prompt', () => ctx.api.testing.promptCount() > prompts, 30_000);
    await pause(PAST_DEBOUNCE_MS); // trailing file-system events must not raise a second one
    assert.equal(ctx.api.testing.promptCount(), prompts + 1);
  });

  test('saving a file that is not watched does nothing', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await run(Commands.restartEngines, { confirmed: true }); // fresh, not stale engines
    const prompts = ctx.api.testing.promptCount();
    await editAndSave('README.md', (t) => t + '\nEdited by a test.\n');
    await pause(PAST_DEBOUNCE_MS);
    assert.equal(ctx.api.testing.promptCount(), prompts);
    const snapshot = await ctx.api.getSnapshot();
    assert.ok(
      snapshot!.engines.every((e) => e.staleFiles.length === 0),
      'an unwatched file made engines stale',
    );
  });

  test('with a busy engine, "always" waits until idle and no running task is lost', async () => {
    await setSetting('restartOnSave', 'always');
    const before = (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid);
    const restarts = ctx.api.testing.restartCount();
    const job = submitTasks(ctx.profileDir, 8);
    ctx.tasks.push(job);
    await job.submitted;
    await setModelVersion(4);
    await waitFor('a pending restart', async () => (await ctx.api.getSnapshot())!.restartPending);
    assert.equal(ctx.api.testing.restartCount(), restarts, 'restarted while engines were busy');
    const output = await job.finished;
    assert.match(output, /\["done", "done"\]/, `a task was lost: ${output}`);
    await waitFor('the restart after idle', () => ctx.api.testing.restartCount() > restarts, 120_000);
    const after = (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid);
    assertUserSeesExactly(ctx.profileDir, after, before);
    assert.ok(after.every((pid) => !before.includes(pid)));
    assert.deepEqual(Object.values(await ctx.api.testing.evaluateOnEngines(VERSION_ON_ENGINES)), ['4', '4']);
  });

  test("a save prompt left unanswered about a cluster that stopped since does not silence the next cluster's saves", async () => {
    await setSetting('restartOnSave', 'prompt');
    ctx.api.testing.answerSavePrompts(undefined); // shown, and left in the notification centre
    const prompts = ctx.api.testing.promptCount();
    await setModelVersion(8);
    await waitFor('the unanswered prompt', () => ctx.api.testing.promptCount() > prompts);
    assert.equal((await run(Commands.stop)).ok, true);
    assert.equal((await run(Commands.start)).ok, true);
    const restarts = ctx.api.testing.restartCount();
    ctx.api.testing.answerSavePrompts('Restart Engines');
    try {
      await setModelVersion(9);
      await waitFor('a prompt and restart for the new cluster', () => ctx.api.testing.restartCount() > restarts, 120_000);
      assert.deepEqual(Object.values(await ctx.api.testing.evaluateOnEngines(VERSION_ON_ENGINES)), ['9', '9']);
    } finally {
      ctx.api.testing.answerSavePrompts(undefined);
    }
  });
});
