import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { clientFilePath } from '../../src/core/ipyparallel';
import { residentHelpersOf } from '../processStart';
import { activate, killProfile, profileProcesses, waitFor, workspaceDir, type TestedApi } from './helpers';

// Runs in a host of its own (run-all.mjs), opened on a folder whose cluster ipcluster started before the window opened.
suite('A cluster already running when the extension starts', () => {
  let api: TestedApi;
  const profileDir = () => path.join(workspaceDir(), 'running profile');

  suiteSetup(async () => {
    api = await activate();
  });

  suiteTeardown(async () => {
    await killProfile(profileDir());
  });

  test('its resident client connects in the background: the first status starts no Python', async () => {
    const before = await profileProcesses(profileDir());
    assert.ok(before.controller, 'the runner left no cluster running');
    const clientFile = clientFilePath(profileDir(), '');
    // Nothing has asked for a status: no command ran, and the view is not shown.
    const [helper] = await waitFor('a resident client started without a status asked', () => {
      const helpers = residentHelpersOf(clientFile);
      return helpers.length === 1 && helpers;
    });
    const spawns = api.testing.spawnCount();
    const snapshot = await api.getSnapshot();
    assert.equal(snapshot?.controller?.pid, before.controller.pid);
    assert.deepEqual(snapshot!.engines.map((e) => e.pid).sort(), before.engines.map((e) => e.pid).sort(), 'the first status did not list the running engines');
    assert.ok(
      snapshot!.engines.every((e) => e.state === 'idle'),
      `engines not answered: ${snapshot!.engines.map((e) => e.state).join(', ')}`,
    );
    assert.equal(api.testing.spawnCount(), spawns, 'the first status started a process');
    assert.deepEqual(residentHelpersOf(clientFile), [helper], 'the first status used another client');
  });
});
