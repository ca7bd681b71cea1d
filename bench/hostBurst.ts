// Loaded by the VS Code extension host (through runTests): the event loop of the real extension host during a
// burst of tiny tasks, with what a user watching the run has open: the IPP Engines view, Task Output and the
// Run Timeline. The host's own refreshes, output and timeline do the work here, not a stand-in of them.
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { IppEnginesApi } from '../src/api';
import { Commands } from '../src/constants';
import type { CommandResult } from '../src/ui';
import { burstOf, idleNode, userClient } from './run';

async function command(id: string, options: Record<string, unknown> = {}): Promise<void> {
  const result = (await vscode.commands.executeCommand(id, options)) as CommandResult | undefined;
  if (result && !result.ok) throw new Error(`${id}: ${result.message}`);
}

export async function run(): Promise<void> {
  const python = process.env.IPP_BENCH_PYTHON!;
  const tasks = Number(process.env.BENCH_BURST ?? 10_000);
  const ext = vscode.extensions.getExtension<IppEnginesApi>('ipp-engines.ipp-engines');
  if (!ext) throw new Error('extension not found');
  const api = await ext.activate();
  await vscode.workspace.getConfiguration('ippEngines').update('pythonPath', python, vscode.ConfigurationTarget.Workspace);
  await command(Commands.createProfile);
  await command(Commands.start, { engineCount: 4 });
  try {
    await vscode.commands.executeCommand('workbench.view.extension.ippEngines');
    await command(Commands.showTaskOutput);
    await command(Commands.showRunTimeline);
    const profileDir = (await api.getSnapshot())!.profileDir;
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the views drawn, the host quiet again
    const idle = idleNode();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    // IPP_BENCH_CPU_PROFILE: where the host's CPU profile of the burst goes (to find what holds its event loop).
    const profiler = process.env.IPP_BENCH_CPU_PROFILE ? new Session() : undefined;
    profiler?.connect();
    await profiler?.post('Profiler.enable');
    await profiler?.post('Profiler.start');
    const started = Date.now();
    await userClient(python, { profileDir }, burstOf(tasks));
    const tookS = (Date.now() - started) / 1000;
    if (profiler) fs.writeFileSync(process.env.IPP_BENCH_CPU_PROFILE!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    loop.disable();
    const baseline = await idle();
    fs.writeFileSync(process.env.IPP_BENCH_HOST_BURST!, JSON.stringify({ p99: loop.percentile(99) / 1e6, max: loop.max / 1e6, idle: baseline, tookS, tasks }));
  } finally {
    await command(Commands.stop, { confirmed: true });
  }
}
