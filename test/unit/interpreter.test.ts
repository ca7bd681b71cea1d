import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../src/core/log';
import { withVscodeStub } from './vscodeStub';

// Just enough `vscode` for the resolver: no Python extension, and no configuration API at all, so that
// any write to settings would throw.
const vscodeStub = { extensions: { getExtension: () => undefined } };

test('Select Interpreter: the choice lives in workspace storage, wins over the setting, and can be forgotten', async () => {
  await withVscodeStub(vscodeStub, async () => {
    const { InterpreterResolver } = await import('../../src/interpreter');
    const stored = new Map<string, unknown>();
    const storage = {
      get: (key: string) => stored.get(key),
      update: async (key: string, value: unknown) => void stored.set(key, value),
      keys: () => [...stored.keys()],
    };
    const resolver = new InterpreterResolver(silentLogger, storage as never, () => undefined);
    const folder = { uri: { toString: () => 'file:///ws' } } as never;
    await assert.rejects(resolver.resolve(folder, '/nonexistent/python3'), /not found/);
    await resolver.choose(folder, '/usr/bin/python3');
    assert.deepEqual([...stored.values()], ['/usr/bin/python3']);
    assert.equal((await resolver.resolve(folder, '/nonexistent/python3')).pythonPath, '/usr/bin/python3');
    await resolver.choose(folder, undefined);
    await assert.rejects(resolver.resolve(folder, '/nonexistent/python3'), /not found/);
  });
});

test('a Python extension that never answers costs a few seconds, not a start or stop for good; its late answer is used', async () => {
  await withVscodeStub(vscodeStub, async () => {
    const { InterpreterResolver } = await import('../../src/interpreter');
    const { DEFAULT_PYTHON_CANDIDATES } = await import('../../src/core/python');
    const venvPython = path.resolve(__dirname, '../../../.ipp-versions/ipp-9.2/bin/python');
    const never = new Promise<never>(() => {});
    const api = (resolveEnvironment: () => Promise<unknown>) => ({
      environments: {
        getActiveEnvironmentPath: () => ({ id: 'active', path: 'active' }),
        resolveEnvironment,
        onDidChangeActiveEnvironmentPath: () => ({ dispose() {} }),
      },
    });
    const storage = { get: () => undefined, update: async () => undefined, keys: () => [] };
    const folder = { uri: { toString: () => 'file:///ws' } } as never;
    /** Where the interpreter came from: the extension's, python3 (with or without ipyparallel here), or nothing at all. */
    const settle = async (resolver: { resolve(f: unknown, c: undefined): Promise<{ pythonPath: string }> }) => {
      const started = performance.now();
      const outcome = await resolver.resolve(folder, undefined).then(
        (info) => info.pythonPath,
        (error: unknown) => (error instanceof Error && /python3/.test(error.message) ? 'python3 tried' : `${error}`),
      );
      return { outcome, ms: performance.now() - started };
    };
    const fallback = (outcome: string) => DEFAULT_PYTHON_CANDIDATES.includes(outcome) || outcome === 'python3 tried';

    // Its API never comes, then its active environment never resolves.
    for (const port of [() => never, () => Promise.resolve(api(() => never))]) {
      const warnings: string[] = [];
      const resolver = new InterpreterResolver(
        { ...silentLogger, warn: (m: string) => void warnings.push(m) },
        storage as never,
        () => undefined,
        port as never,
        200,
      );
      const { outcome, ms } = await settle(resolver);
      assert.ok(fallback(outcome), outcome);
      assert.ok(ms < 200 + 10_000, `${ms} ms`);
      assert.match(warnings.join('\n'), /The Python extension did not say .* within 0\.2 s; trying python3/);
    }

    // An answer that comes late is not lost: the next question uses it.
    let answer!: (value: unknown) => void;
    const late = new Promise((resolve) => (answer = resolve));
    const resolver = new InterpreterResolver(silentLogger, storage as never, () => undefined, (() => late) as never, 200);
    assert.ok(fallback((await settle(resolver)).outcome));
    answer(api(async () => ({ executable: { uri: { fsPath: venvPython } } })));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal((await settle(resolver)).outcome, venvPython);
  });
});

test('Stop asks no local interpreter to end SSH engines: without one, the hosts run python3 (before, they were silently skipped)', async () => {
  const { KeyRing } = await import('../../src/core/keyRing');
  const { ClusterControl } = await import('../../src/core/cluster');
  const { launcherDefaults } = await import('../../src/core/scaleOut');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-stop-'));
  const commands: string[] = [];
  const log = { ...silentLogger, debug: (m: string) => void commands.push(m), info: (m: string) => void commands.push(m) };
  const control = new ClusterControl({
    helperPath: path.join(dir, 'helper.py'),
    log,
    keys: new KeyRing(),
  });
  try {
    const launcher = { ...launcherDefaults('ssh'), ssh: { hosts: { 'nohost.invalid': 1 }, python: '' } };
    const python = () => Promise.reject(new Error('no Python extension answer'));
    const result = await control.stop({ profileDir: dir, workspaceFolder: dir, launcher, python });
    assert.ok(
      commands.some((c) => c.includes('ssh') && c.includes('nohost.invalid') && c.includes('python3')),
      commands.join('\n'),
    );
    assert.match(result.warnings.join('\n'), /nohost\.invalid/);
  } finally {
    control.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
