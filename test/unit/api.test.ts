import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApi } from '../../src/api';

test('the public API drives nothing outside tests: its testing part exists only in test mode', () => {
  const service = { onDidChangeSnapshot: () => ({ dispose() {} }) } as never;
  const build = (underTest: boolean) =>
    createApi(service, {} as never, {} as never, {} as never, 1, underTest ? { observed: {} as never, contextValues: new Map() } : undefined);
  const published = build(false);
  assert.equal(published.testing, undefined);
  assert.deepEqual(Object.keys(published).sort(), ['getMachineClusters', 'getSnapshot', 'onDidChangeSnapshot', 'testing']);
  assert.equal(typeof build(true).testing?.evaluateOnEngines, 'function');
});
