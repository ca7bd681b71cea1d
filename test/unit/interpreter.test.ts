import * as assert from 'node:assert/strict';
import Module from 'node:module';
import { test } from 'node:test';
import { silentLogger } from '../../src/core/log';

// Just enough `vscode` for the resolver: no Python extension, and no configuration API at all, so that
// any write to settings would throw.
const vscodeStub = { extensions: { getExtension: () => undefined } };

test('Select Interpreter: the choice lives in workspace storage, wins over the setting, and can be forgotten', async () => {
  const load = (Module as any)._load;
  (Module as any)._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : load.call(this, request, ...rest);
  };
  try {
    const { InterpreterResolver } = await import('../../src/interpreter');
    const stored = new Map<string, unknown>();
    const storage = { get: (key: string) => stored.get(key), update: async (key: string, value: unknown) => void stored.set(key, value), keys: () => [...stored.keys()] };
    const resolver = new InterpreterResolver(silentLogger, storage as any);
    const folder = { uri: { toString: () => 'file:///ws' } } as any;
    await assert.rejects(resolver.resolve(folder, '/nonexistent/python3'), /not found/);
    await resolver.choose(folder, '/usr/bin/python3');
    assert.deepEqual([...stored.values()], ['/usr/bin/python3']);
    assert.equal((await resolver.resolve(folder, '/nonexistent/python3')).pythonPath, '/usr/bin/python3');
    await resolver.choose(folder, undefined);
    await assert.rejects(resolver.resolve(folder, '/nonexistent/python3'), /not found/);
  } finally {
    (Module as any)._load = load;
  }
});
