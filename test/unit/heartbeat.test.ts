import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { heartbeatOf } from '../../src/core/ipyparallel';
import { silentLogger } from '../../src/core/log';
import { createProfile } from '../../src/core/profile';

const PYTHON = '/usr/bin/python3';
const config = (profile: string) => path.join(profile, 'ipcontroller_config.py');

test('a profile the extension creates gets the heartbeat setting, with a comment, as valid Python config', async () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-hb-'));
  const profile = path.join(ws, 'p');
  await createProfile(PYTHON, profile, ws, [], silentLogger, 500);
  assert.deepEqual(heartbeatOf(profile), { periodMs: 500, misses: 10, source: 'extension' });
  assert.match(fs.readFileSync(config(profile), 'utf8'), /# Fresh engines register on the controller's next heartbeat/);
  // The file is what traitlets executes: it must run and set exactly this.
  const code = `from traitlets.config import Config\nc = Config()\nexec(open(${JSON.stringify(config(profile))}).read(), {'c': c, 'get_config': lambda: c})\nprint(c.HeartMonitor.period)`;
  assert.equal(execFileSync(PYTHON, ['-c', code], { encoding: 'utf8' }).trim(), '500');
});

test('a profile the extension creates lets its engines wait 30 s for the controller to register them, whatever the heartbeat setting', async () => {
  for (const heartbeatMs of [500, null]) {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-hb-'));
    const profile = path.join(ws, 'p');
    await createProfile(PYTHON, profile, ws, [], silentLogger, heartbeatMs);
    const engineConfig = path.join(profile, 'ipengine_config.py');
    assert.match(fs.readFileSync(engineConfig, 'utf8'), /# IPP Engines: engine registration time-out/);
    const code = `from traitlets.config import Config\nc = Config()\nexec(open(${JSON.stringify(engineConfig)}).read(), {'c': c, 'get_config': lambda: c})\nprint(c.IPEngine.timeout)`;
    assert.equal(execFileSync(PYTHON, ['-c', code], { encoding: 'utf8' }).trim(), '30');
  }
});

test('null leaves ipyparallel its default; a heartbeat the user set is reported as theirs, and changes are re-read', async () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-hb-'));
  const profile = path.join(ws, 'p');
  await createProfile(PYTHON, profile, ws, [], silentLogger, null);
  assert.deepEqual(heartbeatOf(profile), { periodMs: 3000, misses: 10, source: 'default' });
  fs.appendFileSync(config(profile), '\nc.HeartMonitor.period = 1000\nc.HeartMonitor.max_heartmonitor_misses = 4\n');
  fs.utimesSync(config(profile), new Date(), new Date(Date.now() + 2000));
  assert.deepEqual(heartbeatOf(profile), { periodMs: 1000, misses: 4, source: 'profile' });
  assert.equal((await createProfile(PYTHON, profile, ws, [], silentLogger, 250)).created, false);
  assert.equal(heartbeatOf(profile).periodMs, 1000, 'an existing profile was changed');
});
