import Module from 'node:module';

/** Node's module loader, whose `_load` resolves every `require` (not in @types/node: it is internal). */
const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };

/**
 * Runs `work` while `require('vscode')` gives `stub`, so that modules written for the extension host load
 * under plain Node; every other module loads as usual.
 */
export async function withVscodeStub<T>(stub: object, work: () => T | Promise<T>): Promise<T> {
  const load = loader._load;
  loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  try {
    return await work();
  } finally {
    loader._load = load;
  }
}
