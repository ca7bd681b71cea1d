import * as l10n from '@vscode/l10n';
import { UserError } from './errors';

export const MAX_ENGINES = 512;
/** ippEngines.controller.heartbeatMs's default (package.json says the same): measured, see the README's "Heartbeat". */
export const DEFAULT_HEARTBEAT_MS = 500;
export type RestartOnSave = 'prompt' | 'always' | 'never';

/** Minimum and maximum of each number setting; package.json's schema says the same (a unit test checks). */
export const SETTING_LIMITS = {
  'ippEngines.engineCount': [1, MAX_ENGINES],
  'ippEngines.refreshIntervalSeconds': [1, 3600],
  'ippEngines.watch.debounceMs': [0, 60_000],
  'ippEngines.controller.heartbeatMs': [100, 10_000],
  // Not clamped: a job of another shape than asked for is refused by name instead (slurmTemplate).
  'ippEngines.slurm.nodes': [0, 100_000],
  'ippEngines.slurm.tasksPerNode': [0, 10_000],
  'ippEngines.slurm.cpusPerEngine': [1, 10_000],
} as const satisfies Record<string, readonly [number, number]>;

/**
 * A number setting within its limits. Settings files are edited by hand and the schema only warns: a
 * 3e9 ms timer fires at once in Node, which turned a refresh into a loop.
 */
export function clampSetting(key: keyof typeof SETTING_LIMITS, value: unknown, fallback: number): number {
  const [min, max] = SETTING_LIMITS[key];
  const n = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  return Math.min(max, Math.max(min, n));
}

/**
 * The engine count to pass to ipcluster: the setting, else `EXOSIMS_ENGINE_N`, else undefined (ipcluster's
 * default). Anything that is not a whole number from 1 to MAX_ENGINES is refused with a message naming its source.
 */
export function resolveEngineCount(setting: unknown, envValue: string | undefined): number | undefined {
  if (setting !== null && setting !== undefined) return validateEngineCount(setting, 'ippEngines.engineCount');
  if (envValue !== undefined && envValue.trim() !== '') return validateEngineCount(envValue, 'EXOSIMS_ENGINE_N');
  return undefined;
}

export function validateEngineCount(value: unknown, source: string): number {
  const text = typeof value === 'string' ? value.trim() : value;
  const n = typeof text === 'number' ? text : typeof text === 'string' && /^[+]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_ENGINES) {
    throw new UserError('bad-setting', l10n.t('{0} must be a whole number from 1 to {1}; got {2}. Nothing was started.', source, MAX_ENGINES, String(JSON.stringify(value))));
  }
  return n;
}
