import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as l10n from '@vscode/l10n';
import { UserError } from '../../src/core/errors';
import { validateEngineCount } from '../../src/core/settings';
import { formatAge } from '../../src/views/format';

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const manifest = readJson('package.json');
const nls: Record<string, string> = readJson('package.nls.json');
const bundle: Record<string, string> = readJson('l10n/bundle.l10n.json');

/** Every string in the manifest with where it stands ("contributes.commands.0.title"). */
function strings(value: unknown, where = ''): [string, string][] {
  if (typeof value === 'string') return [[where, value]];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => strings(child, where ? `${where}.${key}` : key));
}

/** Manifest fields a person reads (the top-level `name` is the package's id, not read). */
const READ =
  /^(displayName|description|capabilities\.\w+\.description|contributes\..*\.(title|name|contextualTitle|category|contents|description|markdownDescription|enumDescriptions\.\d+))$/;

test('package.json: every text a person reads is a %key% of package.nls.json, and every key there is used', () => {
  const all = strings(manifest);
  const literal = all.filter(([where, value]) => READ.test(where) && !/^%[\w.-]+%$/.test(value));
  assert.deepEqual(literal, [], 'texts left in package.json instead of package.nls.json');
  const used = all.flatMap(([, value]) => /^%([\w.-]+)%$/.exec(value)?.[1] ?? []);
  assert.ok(used.length > 40, `only ${used.length} placeholders: the walk above found no manifest`);
  assert.deepEqual(
    used.filter((key) => !(key in nls)),
    [],
    'placeholders without an English text',
  );
  assert.deepEqual(
    Object.keys(nls).filter((key) => !used.includes(key)),
    [],
    'package.nls.json keys nothing uses',
  );
  assert.equal(manifest.l10n, './l10n');
  assert.ok(
    Object.values(nls).every((text) => typeof text === 'string' && text.trim()),
    'an empty English text',
  );
});

test('every l10n.t call in src/ has a literal message, so that the export sees it', () => {
  const files = fs.readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  let calls = 0;
  for (const file of files) {
    // Comments may name l10n.t; code may not call it any other way.
    const text = fs
      .readFileSync(path.join(root, 'src', file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|\s)\/\/.*$/gm, '$1');
    for (const match of text.matchAll(/\bl10n\.t\b(\(\s*.)?/g)) {
      calls++;
      // The message is a quoted string, or a template literal without substitutions (l10n-dev skips the rest).
      assert.match(match[1] ?? '', /['"`]$/, `${file}: l10n.t not called with a literal message: ${text.slice(match.index, match.index + 60)}`);
    }
    for (const template of text.matchAll(/\bl10n\.t\(\s*`([^`]*)`/g)) assert.ok(!template[1].includes('${'), `${file}: a substitution in ${template[1]}`);
  }
  assert.ok(calls > 200, `only ${calls} l10n.t calls found`);
});

test('l10n/bundle.l10n.json is what `npm run l10n` exports from the sources now', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-l10n-'));
  try {
    const cli = path.join(root, 'node_modules/@vscode/l10n-dev/dist/cli.js');
    execFileSync(process.execPath, [cli, 'export', '--outDir', out, './src'], { cwd: root, stdio: 'ignore' });
    const exported = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
    assert.deepEqual(bundle, exported, 'l10n/bundle.l10n.json is stale: run `npm run l10n`');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  // Messages of src/core (through @vscode/l10n), the commands, the tree and the pure views (vscode.l10n) are all in it.
  for (const key of [
    '{0} must be a whole number from 1 to {1}; got {2}. Nothing was started.',
    'Refusing to delete {0}: {1}. Nothing was deleted.',
    'Cluster{0} started: {1} engines ready in {2} s.',
    'Restart When Idle',
    'Last error',
    'Engines: {0} ready of {1}',
    '{0}s',
  ]) {
    assert.equal(bundle[key], key, `${key} is not in the bundle`);
  }
});

test('src/core translates through @vscode/l10n once it has a bundle, and is English again without one', () => {
  const key = '{0} must be a whole number from 1 to {1}; got {2}. Nothing was started.';
  assert.ok(key in bundle, 'the message under test is not one the bundle holds');
  const isUserError = (message: string) => (error: unknown) => error instanceof UserError && error.kind === 'bad-setting' && error.message === message;
  l10n.config({ contents: { [key]: 'Übersetzt: {0} muss eine ganze Zahl von 1 bis {1} sein, nicht {2}.', '{0}s': '{0} Sek.' } });
  try {
    assert.throws(() => validateEngineCount('x', 'source'), isUserError('Übersetzt: source muss eine ganze Zahl von 1 bis 512 sein, nicht "x".'));
    assert.equal(formatAge(1_000, 43_000), '42 Sek.');
  } finally {
    l10n.config({ contents: {} });
  }
  assert.throws(() => validateEngineCount('x', 'source'), isUserError('source must be a whole number from 1 to 512; got "x". Nothing was started.'));
  assert.throws(
    () => validateEngineCount(undefined, 'source'),
    isUserError('source must be a whole number from 1 to 512; got undefined. Nothing was started.'),
  );
  assert.equal(formatAge(1_000, 43_000), '42s');
});
