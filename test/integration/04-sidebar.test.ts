import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IppEnginesTesting, TreeRow } from '../../src/api';
import { CLUSTER_VIEW_ID, Commands } from '../../src/constants';
import { clusterSuite, engineRows, killProfile, profileProcesses, run, setSetting, startCluster, submitTasks, waitFor } from './helpers';

type Row = Awaited<ReturnType<IppEnginesTesting['treeNodes']>>[number];
const byLabel = (rows: Row[], label: string) => rows.find((r) => r.label === label);
const contexts = (rows: TreeRow[]) => rows.map((r) => r.contextValue);

suite('Sidebar: tree, status bar and logs for every cluster state', () => {
  const ctx = clusterSuite();

  suiteSetup(async () => {
    await vscode.commands.executeCommand(`${CLUSTER_VIEW_ID}.focus`);
  });

  teardown(async () => {
    await killProfile(ctx.profileDir);
  });

  suiteTeardown(async () => {
    await setSetting('engineCount', undefined);
    await setSetting('refreshIntervalSeconds', undefined);
    await run(Commands.createProfile, {});
  });

  test('no profile: the tree is empty (the welcome view shows) and so is the status bar', async () => {
    await run(Commands.deleteProfile, { confirmed: true });
    assert.deepEqual(await ctx.api.testing.treeNodes(), []);
    assert.equal(ctx.api.testing.statusBarText(), '');
  });

  test('profile only: Profile, stopped Controller, Engines 0/0, Logs; status bar "stopped"', async () => {
    await run(Commands.createProfile, {});
    const rows = await ctx.api.testing.treeNodes();
    assert.deepEqual(contexts(rows), ['profile.exists', 'controller.stopped', 'engines.stopped', 'logs']);
    // The profile path, then the ipyparallel version of the interpreter that drives it.
    assert.match(byLabel(rows, 'Profile')!.description!, new RegExp(`^${ctx.profileDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · ipyparallel \\d+\\.\\d+`));
    assert.deepEqual(contexts(byLabel(rows, 'Profile')!.children), ['startupFile.current', 'startupFile.current']);
    // The profile Create Profile made carries the heartbeat setting (default 500 ms); the row says so.
    assert.equal(byLabel(rows, 'Controller')!.description, 'stopped · heartbeat 500 ms');
    assert.equal(ctx.api.testing.statusBarText(), '$(server-process) stopped');
  });

  test('running: the controller row and one idle row per engine; status bar 2/2', async () => {
    await startCluster();
    const rows = await ctx.api.testing.treeNodes();
    assert.equal(byLabel(rows, 'Controller')!.contextValue, 'controller.running');
    const engines = byLabel(rows, 'Engines')!;
    assert.equal(engines.description, '2/2 ready');
    assert.deepEqual(contexts(engineRows(rows)), ['engine.idle', 'engine.idle']);
    assert.match(engineRows(rows)[0].description!, /^idle · pid \d+ · \d+ done · CPU \d+% · mem [\d.]+% · up \d+s$/);
    assert.equal(ctx.api.testing.statusBarText(), '$(server-process) 2/2');
  });

  test('a busy engine shows as busy (with the interrupt action)', async () => {
    await startCluster();
    const job = submitTasks(ctx.profileDir, 60);
    ctx.tasks.push(job);
    await job.submitted;
    const rows = await ctx.api.testing.treeNodes();
    assert.deepEqual(contexts(engineRows(rows)), ['engine.busy', 'engine.busy']);
    const menus = vscode.extensions.getExtension('ipp-engines.ipp-engines')!.packageJSON.contributes.menus['view/item/context'] as {
      command: string;
      when: string;
    }[];
    assert.ok(menus.some((m) => m.command === Commands.interruptEngine && m.when.includes('engine\\.busy')));
  });

  test('orphans after kill -9 of the controller: an Orphans node, warning status bar', async () => {
    await startCluster();
    process.kill((await profileProcesses(ctx.profileDir)).controller!.pid, 'SIGKILL');
    const rows = await waitFor('orphans node', async () => {
      const r = await ctx.api.testing.treeNodes();
      return byLabel(r, 'Orphans') && r;
    });
    const orphans = byLabel(rows, 'Orphans')!;
    assert.equal(orphans.contextValue, 'orphans');
    assert.ok(orphans.children.length >= 3 && orphans.children.every((c) => c.contextValue === 'orphan'));
    assert.equal(byLabel(rows, 'Controller')!.contextValue, 'controller.stopped');
    assert.match(ctx.api.testing.statusBarText(), /\$\(warning\) \d+ orphans/);
  });

  test('a hidden view spawns no helper process over 10 s, while the status bar stays current', async () => {
    await setSetting('refreshIntervalSeconds', 1);
    await startCluster();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await waitFor('view hidden', () => !ctx.api.testing.viewVisible());
    const spawnsBefore = ctx.api.testing.spawnCount();
    const pid = (await profileProcesses(ctx.profileDir)).controller!.pid;
    process.kill(pid, 'SIGKILL'); // the cheap scan alone must notice this
    await new Promise((r) => setTimeout(r, 10_000));
    assert.equal(ctx.api.testing.spawnCount(), spawnsBefore, 'helper or ipcluster processes were spawned while the view was hidden');
    assert.match(ctx.api.testing.statusBarText(), /orphan/, 'the status bar missed the dead controller');
    await vscode.commands.executeCommand(`${CLUSTER_VIEW_ID}.focus`);
  });

  test('logs of a stopped run stay openable as "previous run"', async () => {
    await startCluster();
    assert.equal((await run(Commands.stop, {})).ok, true);
    const logs = byLabel(await ctx.api.testing.treeNodes(), 'Logs')!;
    const previous = logs.children.filter((c) => c.contextValue === 'log.previous');
    assert.ok(
      previous.some((c) => c.label.startsWith('ipengine')),
      JSON.stringify(logs.children),
    );
    assert.ok(previous.some((c) => c.label.startsWith('ipcontroller')));
    const engineLog = previous.find((c) => c.label.startsWith('ipengine'))!;
    const opened = await vscode.commands.executeCommand<{ ok: boolean; uri: string }>(Commands.openLogFile, { logPath: engineLog.logPath });
    assert.equal(opened.ok, true);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(opened.uri));
    assert.match(doc.getText(), /[Rr]egist/, 'the kept engine log lacks its registration lines');
  });
});
