import { UserError } from './errors';

export const MAX_ENGINES = 512;
export type RestartOnSave = 'prompt' | 'always' | 'never';

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
    throw new UserError('bad-setting', `${source} must be a whole number from 1 to ${MAX_ENGINES}; got ${JSON.stringify(value)}. Nothing was started.`);
  }
  return n;
}
