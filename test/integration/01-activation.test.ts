import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLUSTER_VIEW_ID, Commands } from '../../src/constants';
import { activate } from './helpers';

suite('Walking skeleton: activation, commands, view', () => {
  test('the extension activates in the real host and returns its API', async () => {
    const api = await activate();
    assert.equal(typeof api.getSnapshot, 'function');
    assert.equal(typeof api.onDidChangeSnapshot, 'function');
  });

  test('all ten contract commands (and the tree-only ones) are registered', async () => {
    await activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contract = ['createProfile', 'deleteProfile', 'start', 'stop', 'restartEngines', 'status', 'showProcesses', 'killOrphans', 'refresh', 'openLog'];
    for (const name of contract) assert.ok(registered.has(`ippEngines.${name}`), `ippEngines.${name} is not registered`);
    for (const id of Object.values(Commands)) assert.ok(registered.has(id), `${id} is not registered`);
  });

  test('the cluster view renders: the workbench asks the provider for its root', async () => {
    const api = await activate();
    await vscode.commands.executeCommand(`${CLUSTER_VIEW_ID}.focus`);
    const deadline = Date.now() + 20_000;
    while (api.testing.treeRootRequests() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(api.testing.treeRootRequests() > 0, 'getChildren was never called for the root');
  });

  test('the contributed settings have descriptions and scopes, and the defaults mirror the sandbox', () => {
    const ext = vscode.extensions.getExtension('ipp-engines.ipp-engines')!;
    const props = ext.packageJSON.contributes.configuration.properties as Record<string, { markdownDescription?: string; scope?: string }>;
    for (const key of [
      'pythonPath',
      'profileDir',
      'engineCount',
      'startupFiles',
      'watch.include',
      'watch.exclude',
      'restartOnSave',
      'refreshIntervalSeconds',
    ]) {
      const prop = props[`ippEngines.${key}`];
      assert.ok(prop, `setting ippEngines.${key} missing`);
      assert.ok(prop.markdownDescription && prop.scope, `ippEngines.${key} lacks markdownDescription or scope`);
    }
    const config = vscode.workspace.getConfiguration('ippEngines');
    assert.equal(config.get('profileDir'), '${workspaceFolder}/ipyparallel/${user}/${hostname}');
    assert.deepEqual(config.get('startupFiles'), ['Local/00-path.py', 'Local/10-threads.py']);
    assert.equal(config.get('restartOnSave'), 'prompt');
    assert.ok(fs.existsSync(path.join(ext.extensionPath, 'media', 'ipp-engines.svg')));
  });
});
