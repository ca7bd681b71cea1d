import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { activate, assertUserSeesExactly, engineRows, killProfile, profileProcesses, resetPython, run, waitFor } from './helpers';

// Runs in a host of its own, opened on a two-folder workspace (run-all.mjs): one cluster per folder.
suite('Multi-root: two folders, two independent clusters', () => {
  let api: Awaited<ReturnType<typeof activate>>;
  let folders: readonly vscode.WorkspaceFolder[];
  const profiles: string[] = [];

  suiteSetup(async () => {
    api = await activate();
    await resetPython();
    folders = vscode.workspace.workspaceFolders!;
    assert.equal(folders.length, 2, 'the host did not open two folders');
    for (const folder of folders) {
      assert.equal((await run(Commands.createProfile, { folder: folder.uri })).ok, true);
      profiles.push((await api.getSnapshot(folder.uri))!.profileDir);
    }
  });

  suiteTeardown(async () => {
    for (const profile of profiles) await killProfile(profile);
  });

  test('the tree has a level per folder, each with its own profile inside that folder', async () => {
    await api.getSnapshot(folders[1].uri);
    const roots = api.testing.treeRoots();
    assert.deepEqual(
      roots.map((r) => r.label),
      folders.map((f) => f.name),
    );
    assert.notEqual(profiles[0], profiles[1]);
    folders.forEach((f, i) => assert.ok(profiles[i].startsWith(f.uri.fsPath), `${profiles[i]} is not in ${f.uri.fsPath}`));
    for (const folder of folders) {
      const rows = await api.testing.treeNodes(folder.uri);
      assert.equal(rows.find((r) => r.label === 'Profile')!.contextValue, 'profile.exists');
    }
  });

  test('commands aimed at each folder start its own cluster; stopping one leaves the other running', async () => {
    const [first, second] = folders;
    const a = await run(Commands.start, { folder: first.uri, engineCount: 2 });
    assert.equal(a.ok, true, a.message);
    const b = await run(Commands.start, { folder: second.uri, engineCount: 1 });
    assert.equal(b.ok, true, b.message);
    const [procsA, procsB] = await Promise.all(profiles.map(profileProcesses));
    assert.equal(procsA.engines.length, 2);
    assert.equal(procsB.engines.length, 1);
    assert.notEqual(procsA.controller!.pid, procsB.controller!.pid);
    const engines = async (folder: vscode.WorkspaceFolder) => engineRows(await api.testing.treeNodes(folder.uri)).length;
    assert.equal(await engines(first), 2);
    assert.equal(await engines(second), 1);

    const stopped = await run(Commands.stop, { folder: first.uri });
    assert.equal(stopped.ok, true, stopped.message);
    assert.equal((await profileProcesses(profiles[0])).all.length, 0);
    const still = await profileProcesses(profiles[1]);
    assert.equal(still.controller?.pid, procsB.controller!.pid, "the other folder's controller was touched");
    assertUserSeesExactly(
      profiles[1],
      procsB.engines.map((e) => e.pid),
    );
    await waitFor(
      'the tree shows the first stopped and the second running',
      async () =>
        (await api.testing.treeNodes(first.uri)).find((r) => r.label === 'Controller')!.contextValue === 'controller.stopped' &&
        (await api.testing.treeNodes(second.uri)).find((r) => r.label === 'Controller')!.contextValue === 'controller.running',
    );
    assert.equal((await run(Commands.stop, { folder: second.uri })).ok, true);
    assert.equal((await profileProcesses(profiles[1])).all.length, 0);
  });
});
