import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandResult } from '../../src/commands/common';
import { Commands } from '../../src/constants';
import { isAlive } from '../../src/core/kill';
import { commandOf, processesNaming, stillRunning } from '../processStart';
import { clusterSuite, killProfile, resetPython, run, setSetting } from './helpers';

// What the fault and the bad-input suites share: the reliability figures they add up, and their checks.

/** The figures the README's reliability table shows; printed and written at the end of each suite (running totals). */
// One object for every suite of the run: each test file is bundled separately, with its own copy of this module.
const shared = globalThis as { ippReliabilityFigures?: { cases: number; orphansLeft: number; wrongKills: number; hangs: number } };
export const figures = (shared.ippReliabilityFigures ??= { cases: 0, orphansLeft: 0, wrongKills: 0, hangs: 0 });
const HANG_MS = 90_000;

/** Runs a command; one that does not settle within HANG_MS counts as a hang. */
export async function guarded(command: string, options: Record<string, unknown> = {}): Promise<CommandResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      figures.hangs++;
      reject(new Error(`${command} hung for ${HANG_MS / 1000} s`));
    }, HANG_MS);
  });
  try {
    return await Promise.race([run(command, options), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a command that must succeed; a failure names the command's own message. */
export async function expectOk(command: string, options: Record<string, unknown> = {}): Promise<CommandResult> {
  const result = await guarded(command, options);
  assert.equal(result.ok, true, `${command}: ${result.message}`);
  return result;
}

/** Nothing names the profile any more: judged by the tests' own reading of /proc, not the extension's matcher. */
export async function expectNothingLeft(profileDir: string): Promise<void> {
  const left = [...processesNaming(profileDir).keys()];
  figures.orphansLeft += left.length;
  assert.equal(left.length, 0, `processes left: ${left.map((pid) => `${pid} ${commandOf(pid).slice(0, 120)}`).join(', ')}`);
}

/** Processes seen earlier (pid → start time, read from /proc by the test) have all ended: judged without the extension's matcher. */
export function expectEnded(seen: ReadonlyMap<number, string | undefined>, what: string): void {
  const left = stillRunning(seen);
  figures.orphansLeft += left.length;
  assert.deepEqual(left, [], `${what} still running`);
}

export function expectAlive(pids: number[], what: string): void {
  const dead = pids.filter((pid) => !isAlive(pid));
  figures.wrongKills += dead.length;
  assert.deepEqual(dead, [], `${what} was killed`);
}

/** Every file under a folder with its size and mtime: "changes nothing" is checked against this. */
export function fileState(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => !rel.split(path.sep).includes('.vscode'))
    .map((rel) => {
      const st = fs.statSync(path.join(dir, rel));
      return `${rel} ${st.isDirectory() ? 'dir' : `${st.size} ${st.mtimeMs}`}`;
    })
    .sort();
}

/**
 * The set-up both suites share on top of clusterSuite: a case counted per test; after each, bystanders and
 * every profile a test used ended by pid, and settings and EXOSIMS_ENGINE_N back to the defaults; at the
 * end, the figures printed and written where the runner reads them.
 */
export function reliabilitySuite() {
  // The same object clusterSuite fills in its suiteSetup, extended.
  const ctx = Object.assign(clusterSuite(), { bystanders: [] as ChildProcess[], otherProfiles: [] as string[] });
  suiteSetup(async () => {
    await expectOk(Commands.createProfile);
  });
  teardown(async function () {
    // A skipped test is no case.
    if (this.currentTest?.state !== 'pending') figures.cases++;
    ctx.bystanders.splice(0).forEach((c) => c.kill('SIGKILL'));
    for (const dir of [ctx.profileDir, ...ctx.otherProfiles.splice(0)]) await killProfile(dir);
    for (const key of ['profileDir', 'startupFiles']) await setSetting(key, undefined);
    await resetPython();
    await setSetting('engineCount', 2);
    delete process.env.EXOSIMS_ENGINE_N;
  });
  suiteTeardown(async () => {
    await setSetting('engineCount', undefined);
    console.log(`RELIABILITY cases=${figures.cases} orphansLeft=${figures.orphansLeft} wrongKills=${figures.wrongKills} hangs=${figures.hangs}`);
    if (process.env.IPP_TEST_RELIABILITY) fs.writeFileSync(process.env.IPP_TEST_RELIABILITY, JSON.stringify(figures));
  });
  return ctx;
}
