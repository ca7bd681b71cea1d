import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
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
  scratchDir,
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
    const restarted = await run(Commands.restartEngines, { confirmed: true }); // fresh, not stale engines
    assert.equal(restarted.ok, true, restarted.message);
    const prompts = ctx.api.testing.promptCount();
    await editAndSave('README.md', (t) => t + '\nEdited by a test.\n');
    await pause(PAST_DEBOUNCE_MS);
    assert.equal(ctx.api.testing.promptCount(), prompts);
    const snapshot = await ctx.api.getSnapshot();
    const mtime = fs.statSync(path.join(workspaceDir(), SIM_MODULE)).mtimeMs;
    assert.ok(
      snapshot!.engines.every((e) => e.staleFiles.length === 0),
      `an unwatched file made engines stale: ${JSON.stringify(snapshot!.engines.map(({ id, pid, state, startedAt, staleFiles }) => ({ id, pid, state, startedAt, staleFiles })))}; ${SIM_MODULE} changed at ${mtime}`,
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

  test('a branch switch that rewrites 500 watched files on disk (no editor) gives exactly one offer and restarts nothing without consent', async () => {
    await setSetting('restartOnSave', 'prompt');
    ctx.api.testing.answerSavePrompts(undefined); // shown, and left unanswered
    const restarted = await run(Commands.restartEngines, { confirmed: true }); // fresh engines: only the switch can make them stale
    assert.equal(restarted.ok, true, restarted.message);
    const before = (await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid).sort();
    const generated = path.join(workspaceDir(), 'EXOSIMS', 'Generated');
    const repo = branchesOf500Files();
    const prompts = ctx.api.testing.promptCount();
    const restarts = ctx.api.testing.restartCount();
    try {
      // git writes the branch's 500 modules into the watched tree: nothing goes through an editor.
      fs.mkdirSync(generated, { recursive: true });
      execFileSync('git', ['--git-dir', repo, '--work-tree', generated, 'checkout', '-q', '-f', 'other'], { stdio: 'ignore' });
      assert.equal(fs.readdirSync(generated).length, 500);
      await waitFor('the offer for the branch switch', () => ctx.api.testing.promptCount() > prompts, 30_000);
      await pause(PAST_DEBOUNCE_MS); // events still trailing in must not raise a second one
      assert.equal(ctx.api.testing.promptCount(), prompts + 1, 'one burst, one offer');
      assert.equal(ctx.api.testing.restartCount(), restarts, 'restarted without consent');
      assert.deepEqual((await profileProcesses(ctx.profileDir)).engines.map((e) => e.pid).sort(), before, 'engines changed without consent');
      const snapshot = await ctx.api.getSnapshot();
      assert.ok(
        snapshot!.engines.every((e) => e.staleFiles.some((f) => f.startsWith(generated + path.sep))),
        'engines not marked stale by the switched files',
      );
    } finally {
      fs.rmSync(generated, { recursive: true, force: true });
      fs.rmSync(path.dirname(repo), { recursive: true, force: true });
      await pause(PAST_DEBOUNCE_MS);
    }
  });

  test("a restart's own startup-file copies into the profile never bring an offer, even where the globs match the profile", async () => {
    const source = path.join(workspaceDir(), 'Local', '00-path.py');
    const original = fs.readFileSync(source, 'utf8');
    await setSetting('watch.include', ['**/*.py']);
    await setSetting('restartOnSave', 'prompt');
    ctx.api.testing.answerSavePrompts('Restart Engines');
    try {
      assert.ok(ctx.profileDir.startsWith(workspaceDir() + path.sep), 'the profile must sit inside the watched folder for this test');
      const prompts = ctx.api.testing.promptCount();
      const restarts = ctx.api.testing.restartCount();
      await editAndSave('Local/00-path.py', (t) => `${t}\n# edited by a test\n`);
      await waitFor('the restart chosen in the offer', () => ctx.api.testing.restartCount() > restarts, 120_000);
      ctx.api.testing.answerSavePrompts(undefined);
      assert.match(
        fs.readFileSync(path.join(ctx.profileDir, 'startup', '00-path.py'), 'utf8'),
        /edited by a test/,
        'the restart did not copy the startup file',
      );
      await pause(PAST_DEBOUNCE_MS);
      assert.equal(ctx.api.testing.promptCount(), prompts + 1, "the restart's copy into the profile brought an offer of its own");
      assert.equal(ctx.api.testing.restartCount(), restarts + 1);
    } finally {
      ctx.api.testing.answerSavePrompts(undefined);
      await setSetting('watch.include', undefined);
      // The source as it was, and its profile copy too: a copy older than its source makes the next start ask.
      fs.writeFileSync(source, original);
      await run(Commands.restartEngines, { confirmed: true, refreshStartupCopies: true });
      assert.equal(fs.readFileSync(path.join(ctx.profileDir, 'startup', '00-path.py'), 'utf8'), original);
    }
  });
});

/**
 * A git repository (its .git outside the workspace) with two branches of 500 Python modules each, every one
 * different between them: checking out `other` into an empty folder is a branch switch that writes 500 files.
 */
function branchesOf500Files(): string {
  const dir = fs.mkdtempSync(path.join(scratchDir(), 'branches-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@localhost', ...args], { cwd: dir, stdio: 'ignore' });
  const write = (branch: string) => {
    for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(dir, `module_${i}.py`), `BRANCH = ${JSON.stringify(branch)}\nINDEX = ${i}\n`);
  };
  git('init', '-q', '-b', 'main');
  write('main');
  git('add', '.');
  git('commit', '-q', '-m', 'main');
  git('checkout', '-q', '-b', 'other');
  write('other');
  git('commit', '-q', '-am', 'other');
  git('checkout', '-q', 'main');
  return path.join(dir, '.git');
}
