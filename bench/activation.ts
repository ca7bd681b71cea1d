// Loaded by the VS Code extension host (through runTests): activates the extension once and writes how
// long activate() took. The extension is not active before this: nothing in a fresh workspace triggers it.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension('ipp-engines.ipp-engines');
  if (!ext) throw new Error('extension not found');
  const wasActive = ext.isActive;
  const started = performance.now();
  await ext.activate();
  const ms = performance.now() - started;
  fs.writeFileSync(process.env.IPP_BENCH_ACTIVATION!, JSON.stringify({ ms, wasActive }));
}
