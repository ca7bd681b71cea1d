// Loaded by the VS Code extension host (through runTests): activates the extension once and writes how
// long activate() took. The extension is not active before this: nothing in a fresh workspace triggers it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IppEnginesApi } from '../src/api';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<IppEnginesApi>('ipp-engines.ipp-engines');
  if (!ext) throw new Error('extension not found');
  const wasActive = ext.isActive;
  // Loading the bundle, then activate() (which finds it loaded): where the time goes.
  const loadStarted = performance.now();
  // The bundle is CommonJS: required here as the host requires it, so that activate() finds it loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(ext.extensionPath, 'dist', 'extension.js'));
  const loadMs = performance.now() - loadStarted;
  const started = performance.now();
  const api = await ext.activate();
  const hostCallMs = performance.now() - started;
  const activateMs = api.testing!.activationMs(); // runTests starts the host in test mode
  fs.writeFileSync(process.env.IPP_BENCH_ACTIVATION!, JSON.stringify({ ms: loadMs + activateMs, loadMs, activateMs, hostCallMs, wasActive }));
}
