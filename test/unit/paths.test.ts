import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors';
import { checkClusterId } from '../../src/core/ipyparallel';
import { isInside, resolveProfileDir } from '../../src/core/paths';
import { resolveEngineCount, SETTING_LIMITS, validateSettings } from '../../src/core/settings';

const vars = { workspaceFolder: '/home/u/sandbox', user: 'alice', hostname: 'node7', env: { SCRATCH: '/scratch/alice' } };

test('the default template resolves like the sandbox Makefile, absolute', () => {
  assert.equal(resolveProfileDir('${workspaceFolder}/ipyparallel/${user}/${hostname}', vars), '/home/u/sandbox/ipyparallel/alice/node7');
});

test('env variables, redundant separators and dot segments are normalised', () => {
  assert.equal(resolveProfileDir('${env:SCRATCH}//ipp/./${hostname}/', vars), '/scratch/alice/ipp/node7');
});

test('an unset user is an error, never ipyparallel//host', () => {
  assert.throws(
    () => resolveProfileDir('${workspaceFolder}/ipyparallel/${user}/${hostname}', { ...vars, user: undefined }),
    (e: unknown) => e instanceof UserError && /\$\{user\}.*empty/.test(e.message),
  );
});

test('empty, relative and unknown-variable templates are refused with the setting named', () => {
  for (const bad of ['', '   ', 'ipyparallel/${user}', '${workspaceFolder}/${nope}', '${env:UNSET_VAR_XYZ}/p']) {
    assert.throws(
      () => resolveProfileDir(bad, vars),
      (e: unknown) => e instanceof UserError && e.kind === 'bad-setting' && e.message.includes('ippEngines.profileDir'),
      bad,
    );
  }
});

test('isInside is exact about prefixes: /a/vm does not contain /a/vm2', () => {
  assert.equal(isInside('/a/vm/log', '/a/vm'), true);
  assert.equal(isInside('/a/vm', '/a/vm'), true);
  assert.equal(isInside('/a/vm2', '/a/vm'), false);
  assert.equal(isInside('/a', '/a/vm'), false);
});

test('engine count: setting, else EXOSIMS_ENGINE_N, else ipcluster default', () => {
  assert.equal(resolveEngineCount(4, '8'), 4);
  assert.equal(resolveEngineCount(null, '8'), 8);
  assert.equal(resolveEngineCount(null, ' 3 '), 3);
  assert.equal(resolveEngineCount(null, undefined), undefined);
  assert.equal(resolveEngineCount(undefined, ''), undefined);
});

test('bad engine counts are refused, naming where the value came from', () => {
  for (const bad of [0, -1, 2.5, 'abc', 100000, '1e3', '']) {
    assert.throws(
      () => resolveEngineCount(bad, undefined),
      (e: unknown) => e instanceof UserError && e.message.includes('ippEngines.engineCount'),
      String(bad),
    );
  }
  for (const bad of ['0', '-1', '2.5', 'abc', '100000']) {
    assert.throws(
      () => resolveEngineCount(null, bad),
      (e: unknown) => e instanceof UserError && e.message.includes('EXOSIMS_ENGINE_N'),
      bad,
    );
  }
});

test('number settings: the schema and the code agree on every limit, and values beyond them are clamped', () => {
  const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')).contributes.configuration.properties;
  const numbers = Object.keys(schema).filter((key) => [schema[key].type].flat().some((t: string) => t === 'integer' || t === 'number'));
  assert.deepEqual(numbers.sort(), Object.keys(SETTING_LIMITS).sort());
  for (const [key, [min, max]] of Object.entries(SETTING_LIMITS)) assert.deepEqual([schema[key].minimum, schema[key].maximum], [min, max], key);
  const { settings } = validateSettings({ 'ippEngines.watch.debounceMs': 3e9, 'ippEngines.refreshIntervalSeconds': 0.001 });
  assert.equal(settings.saveDebounceMs, 60_000);
  assert.equal(settings.refreshIntervalSeconds, 1);
  assert.equal(validateSettings({ 'ippEngines.refreshIntervalSeconds': 'soon' }).settings.refreshIntervalSeconds, 5);
  assert.throws(() => resolveEngineCount(513, undefined), /1 to 512/);
});

test('a cluster id from outside is one ipyparallel can put in a file name, or it is refused by name', () => {
  for (const ok of ['', undefined, '1701234567-ab3x', 'lab', 'my.cluster_2']) assert.equal(checkClusterId(ok), ok ?? '');
  for (const bad of ['../../x', 'a/b', 'a\\b', 'x\0y', 'line\nbreak', ' padded', 'x'.repeat(201), 7, {}, ['a']]) {
    assert.throws(
      () => checkClusterId(bad),
      (e: unknown) => e instanceof UserError && e.kind === 'bad-setting' && /cluster id/.test(e.message),
      JSON.stringify(bad),
    );
  }
});
