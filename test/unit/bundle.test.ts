import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { withVscodeStub } from './vscodeStub';

// A `vscode` stand-in with what the bundle touches at load time (classes it extends or builds constants from).
const vscodeStub = { TreeItem: class {}, ThemeIcon: class {}, ThemeColor: class {}, EventEmitter: class {}, Disposable: class {} };

test('the built bundle loads under plain Node (ESM-only deps bundled, import.meta.url defined)', () => {
  const bundle = path.resolve(__dirname, '../../../dist/extension.js');
  assert.ok(fs.existsSync(bundle), 'dist/extension.js was not built');
  return withVscodeStub(vscodeStub, () => {
    // The bundle is CommonJS, loaded as the extension host loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(bundle) as { activate?: unknown; deactivate?: unknown };
    assert.equal(typeof extension.activate, 'function');
    assert.equal(typeof extension.deactivate, 'function');
  });
});

test('every Python script is built beside the bundle and allowed into the package', () => {
  const root = path.resolve(__dirname, '../../..');
  const allowed = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
  const scripts = fs.readdirSync(path.join(root, 'src/python')).filter((f) => f.endsWith('.py'));
  assert.deepEqual(scripts.sort(), ['ipp_helper.py', 'ipp_run.py', 'ipp_standby.py']);
  for (const script of scripts) {
    assert.ok(fs.existsSync(path.join(root, 'dist', script)), `${script} is not built into dist/`);
    assert.ok(allowed.includes(`!dist/${script}`), `${script} is left out of the .vsix by .vscodeignore`);
  }
});
