import * as assert from 'node:assert/strict';
import { Commands } from '../../src/constants';
import { activate, defaultProfileDir, killProfile, profileProcesses, run, setSetting } from './helpers';

suite('A real ipyparallel cluster from inside the extension host', () => {
  let profileDir = '';

  suiteSetup(async () => {
    profileDir = await defaultProfileDir(await activate());
  });

  // Whatever happens in a test, nothing of the profile is left running.
  teardown(async () => {
    await killProfile(profileDir);
  });

  test('create profile, start 2 engines that answer, stop with nothing left', async () => {
    await setSetting('engineCount', 2);
    const created = await run(Commands.createProfile, {});
    assert.equal(created.ok, true, created.message);
    const started = await run(Commands.start, {});
    assert.equal(started.ok, true, started.message);
    assert.equal((started.engines as unknown[]).length, 2);
    const status = await run(Commands.status, {});
    assert.equal(status.controllerAlive, true);
    assert.equal((status.engines as { answered: boolean }[]).filter((e) => e.answered).length, 2);
    const stopped = await run(Commands.stop, {});
    assert.equal(stopped.ok, true, stopped.message);
    assert.equal((await profileProcesses(profileDir)).all.length, 0, 'processes left after stop');
  });
});
