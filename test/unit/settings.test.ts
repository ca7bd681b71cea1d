import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ClusterControl } from '../../src/core/cluster';
import { UserError } from '../../src/core/errors';
import { KeyRing } from '../../src/core/keyRing';
import { silentLogger } from '../../src/core/log';
import { slurmTemplate } from '../../src/core/scaleOut';
import {
  ENGINE_LAUNCHERS,
  RESTART_ON_SAVE,
  SETTING_DEFAULTS,
  SETTING_LIMITS,
  validateSettings,
  type SettingKey,
  type ValidSettings,
} from '../../src/core/settings';

const schema: Record<string, { type: string | string[]; default: unknown; enum?: string[] }> = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'),
).contributes.configuration.properties;

/** Where each setting ends up in the validated settings. */
const validated: Record<SettingKey, (s: ValidSettings) => unknown> = {
  'ippEngines.pythonPath': (s) => s.pythonPath ?? '',
  'ippEngines.profileDir': (s) => s.profileDirTemplate,
  'ippEngines.engineCount': (s) => s.engineCount,
  'ippEngines.startupFiles': (s) => s.startupFiles,
  'ippEngines.watch.include': (s) => s.watchInclude,
  'ippEngines.watch.exclude': (s) => s.watchExclude,
  'ippEngines.watch.debounceMs': (s) => s.saveDebounceMs,
  'ippEngines.restartOnSave': (s) => s.restartOnSave,
  'ippEngines.refreshIntervalSeconds': (s) => s.refreshIntervalSeconds,
  'ippEngines.controller.heartbeatMs': (s) => s.heartbeatMs,
  'ippEngines.controller.ip': (s) => s.launcher.controllerIp,
  'ippEngines.standbyEngines': (s) => s.standbyEngines,
  'ippEngines.run.notifyAfterSeconds': (s) => s.runNotifyAfterSeconds,
  'ippEngines.replaceDeadEngines': (s) => s.replaceDeadEngines,
  'ippEngines.engineLauncher': (s) => s.launcher.launcher,
  'ippEngines.slurm.partition': (s) => s.launcher.slurm.partition,
  'ippEngines.slurm.account': (s) => s.launcher.slurm.account,
  'ippEngines.slurm.timeLimit': (s) => s.launcher.slurm.timeLimit,
  'ippEngines.slurm.nodes': (s) => s.launcher.slurm.nodes,
  'ippEngines.slurm.tasksPerNode': (s) => s.launcher.slurm.tasksPerNode,
  'ippEngines.slurm.cpusPerEngine': (s) => s.launcher.slurm.cpusPerEngine,
  'ippEngines.slurm.extraDirectives': (s) => s.launcher.slurm.extraDirectives,
  'ippEngines.mpi.args': (s) => s.launcher.mpiArgs,
  'ippEngines.ssh.hosts': (s) => s.launcher.ssh.hosts,
  'ippEngines.ssh.python': (s) => s.launcher.ssh.python,
};

/** Values of the wrong type for a setting of this schema type: what a hand-edited settings file can hold. */
function wrongValues(key: string): unknown[] {
  const types = [schema[key].type].flat();
  const any = [{ a: 1 }, [1], true, 'text', 42, NaN, null];
  if (schema[key].enum) return ['pbs', 42, null, ['local'], { local: true }];
  if (types.includes('array')) return [...any.filter((v) => !Array.isArray(v)), ['a', 2], [null], [{}]];
  if (types.includes('integer') || types.includes('number'))
    return [
      ...any.filter((v) => typeof v !== 'number' && !(v === null && types.includes('null'))),
      NaN,
      Infinity,
      '5',
      ...(types.includes('integer') ? [2.5] : []),
    ];
  if (types.includes('object')) return any.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v));
  return any.filter((v) => !types.includes(typeof v));
}

test("settings: the code has the schema's every key, default and choice", () => {
  assert.deepEqual(Object.keys(SETTING_DEFAULTS).sort(), Object.keys(schema).sort());
  for (const [key, value] of Object.entries(SETTING_DEFAULTS)) assert.deepEqual(schema[key].default, value, key);
  assert.deepEqual(schema['ippEngines.restartOnSave'].enum, [...RESTART_ON_SAVE]);
  assert.deepEqual(schema['ippEngines.engineLauncher'].enum, [...ENGINE_LAUNCHERS]);
  // Nothing set: the defaults, and nothing to report.
  const { settings, problems } = validateSettings({});
  assert.deepEqual(problems, []);
  for (const key of Object.keys(SETTING_DEFAULTS) as SettingKey[])
    if (key !== 'ippEngines.engineLauncher')
      assert.deepEqual(validated[key](settings), key === 'ippEngines.controller.heartbeatMs' ? 500 : SETTING_DEFAULTS[key], key);
});

test('every setting given a value of the wrong type: its default, and one message naming the setting and the value', () => {
  for (const key of Object.keys(SETTING_DEFAULTS) as SettingKey[]) {
    // The count is refused when a start uses it (resolveEngineCount, tested with the paths), never replaced.
    if (key === 'ippEngines.engineCount') continue;
    for (const bad of wrongValues(key)) {
      const { settings, problems } = validateSettings({ [key]: bad });
      const label: string = `${key} = ${String(JSON.stringify(bad))}`;
      assert.equal(problems.length, 1, `${label}: ${problems.join(' | ')}`);
      assert.ok(problems[0].includes(key), `${label}: ${problems[0]}`);
      assert.ok(problems[0].includes(typeof bad === 'number' ? String(bad) : JSON.stringify(bad)), `${label}: ${problems[0]}`);
      assert.deepEqual(validated[key](settings), SETTING_DEFAULTS[key], label);
    }
  }
});

test("numbers beyond their limits: clamped and named; Slurm's counts are kept for slurmTemplate to refuse", () => {
  for (const [key, [min, max]] of Object.entries(SETTING_LIMITS) as [SettingKey & keyof typeof SETTING_LIMITS, readonly [number, number]][]) {
    if (key === 'ippEngines.engineCount') continue;
    for (const [huge, limit] of [
      [1e300, max],
      [-1e300, min],
    ]) {
      const { settings, problems } = validateSettings({ [key]: huge });
      if (key.startsWith('ippEngines.slurm.')) {
        assert.equal(validated[key](settings), huge, key);
        assert.throws(
          () => slurmTemplate(settings.launcher.slurm),
          (e: unknown) => e instanceof UserError && e.message.includes(key),
          key,
        );
      } else {
        assert.equal(validated[key](settings), limit, key);
        assert.equal(problems.length, 1, key);
        assert.match(problems[0], new RegExp(`${key.replace(/\./g, '\\.')} is -?1e\\+300, outside ${min} to ${max}: ${limit} is used`));
      }
    }
  }
});

test('an unknown engine launcher (pbs, a typo, a number) is reported, and refuses every start before any Python is asked for', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-launcher-'));
  let pythonAsked = 0;
  const python = () => (pythonAsked++, Promise.reject(new Error('no Python here')));
  const control = new ClusterControl({
    helperPath: path.join(dir, 'helper.py'),
    log: silentLogger,
    keys: new KeyRing(),
  });
  try {
    for (const bad of ['pbs', 'Slurm', 42, null]) {
      const { settings, problems } = validateSettings({ 'ippEngines.engineLauncher': bad });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /ippEngines\.engineLauncher is .*, which is not one of local, mpi, slurm, ssh: no engines are started/);
      assert.ok(problems[0].includes(JSON.stringify(bad)));
      const target = { profileDir: dir, workspaceFolder: dir, launcher: settings.launcher, python };
      const started = performance.now();
      for (const launch of [() => control.start(target), () => control.restartEngines(target), () => control.scaleEngines(target, 2)]) {
        await assert.rejects(
          launch(),
          (e: unknown) =>
            e instanceof UserError &&
            e.kind === 'bad-setting' &&
            e.message.includes('ippEngines.engineLauncher') &&
            e.message.includes(JSON.stringify(bad)) &&
            /Nothing was started/.test(e.message),
        );
      }
      assert.ok(performance.now() - started < 1000);
    }
    assert.equal(pythonAsked, 0);
    // A profile that chooses its own launcher does not use the setting: nothing to refuse there.
    fs.writeFileSync(path.join(dir, 'ipcluster_config.py'), "c.Cluster.engine_launcher_class = 'slurm'\n");
    const target = { profileDir: dir, workspaceFolder: dir, launcher: validateSettings({ 'ippEngines.engineLauncher': 'pbs' }).settings.launcher, python };
    await assert.rejects(control.start(target), /no Python here/);
    assert.equal(pythonAsked, 1);
  } finally {
    control.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
