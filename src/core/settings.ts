import * as l10n from '@vscode/l10n';
import { UserError } from './errors';
import type { SshHosts } from './sshEngines';

/** The settings that choose where engines run (`ippEngines.engineLauncher` and what each launcher takes). */
export interface LauncherSettings {
  launcher: EngineLauncher;
  /** Why no engines may be launched by the setting (ippEngines.engineLauncher names no launcher we have): every start is refused with it. */
  refusal?: string;
  slurm: SlurmSettings;
  /** The hosts of SSH engines and their counts, and the interpreter there ('' : this window's, on a shared file system). */
  ssh: { hosts: SshHosts; python: string };
  /** Extra arguments to mpiexec, one per item. */
  mpiArgs: string[];
  /** ippEngines.controller.ip: where the controller listens when engines run elsewhere ('' : every interface). */
  controllerIp?: string;
}

export interface SlurmSettings {
  partition: string;
  account: string;
  timeLimit: string;
  /** Nodes of the engines' job (0: as Slurm places the tasks). */
  nodes: number;
  /** Engines per node (0: as Slurm places them). */
  tasksPerNode: number;
  /** CPUs each engine gets (1: Slurm's default). */
  cpusPerEngine: number;
  /** Further sbatch options, one per `#SBATCH` line (`--mem=4G`, `--constraint=haswell`). */
  extraDirectives: string[];
}

export const MAX_ENGINES = 512;
/** ippEngines.controller.heartbeatMs's default (package.json says the same): measured, see the README's "Heartbeat". */
export const DEFAULT_HEARTBEAT_MS = 500;
export const RESTART_ON_SAVE = ['prompt', 'always', 'never'] as const;
export type RestartOnSave = (typeof RESTART_ON_SAVE)[number];
/** What happens when an engine dies on its own: a replacement offered, booted at once, or none. */
export type ReplaceDeadEngines = RestartOnSave;
export const ENGINE_LAUNCHERS = ['local', 'mpi', 'slurm', 'ssh'] as const;
export type EngineLauncher = (typeof ENGINE_LAUNCHERS)[number];

/** Minimum and maximum of each number setting; package.json's schema says the same (a unit test checks). */
export const SETTING_LIMITS = {
  'ippEngines.engineCount': [1, MAX_ENGINES],
  'ippEngines.refreshIntervalSeconds': [1, 3600],
  'ippEngines.watch.debounceMs': [0, 60_000],
  'ippEngines.controller.heartbeatMs': [100, 10_000],
  'ippEngines.run.notifyAfterSeconds': [0, 604_800],
  // Not clamped: a job of another shape than asked for is refused by name instead (slurmTemplate).
  'ippEngines.slurm.nodes': [0, 100_000],
  'ippEngines.slurm.tasksPerNode': [0, 10_000],
  'ippEngines.slurm.cpusPerEngine': [1, 10_000],
} as const satisfies Record<string, readonly [number, number]>;

/** Each setting's default, as package.json's schema has it (a unit test checks): what a bad value falls back to. */
export const SETTING_DEFAULTS = {
  'ippEngines.pythonPath': '',
  'ippEngines.profileDir': '${workspaceFolder}/ipyparallel/${user}/${hostname}',
  'ippEngines.engineCount': null,
  'ippEngines.startupFiles': ['Local/00-path.py', 'Local/10-threads.py'],
  'ippEngines.watch.include': ['EXOSIMS/**/*.py', 'Local/**/*.py'],
  'ippEngines.watch.exclude': ['**/__pycache__/**', '**/.ipynb_checkpoints/**'],
  'ippEngines.watch.debounceMs': 1500,
  'ippEngines.restartOnSave': 'prompt',
  'ippEngines.refreshIntervalSeconds': 5,
  'ippEngines.controller.heartbeatMs': DEFAULT_HEARTBEAT_MS,
  'ippEngines.controller.ip': '',
  'ippEngines.standbyEngines': true,
  'ippEngines.run.notifyAfterSeconds': 120,
  'ippEngines.replaceDeadEngines': 'prompt',
  'ippEngines.engineLauncher': 'local',
  'ippEngines.slurm.partition': '',
  'ippEngines.slurm.account': '',
  'ippEngines.slurm.timeLimit': '',
  'ippEngines.slurm.nodes': 0,
  'ippEngines.slurm.tasksPerNode': 0,
  'ippEngines.slurm.cpusPerEngine': 1,
  'ippEngines.slurm.extraDirectives': [],
  'ippEngines.mpi.args': [],
  'ippEngines.ssh.hosts': {},
  'ippEngines.ssh.python': '',
} as const;
export type SettingKey = keyof typeof SETTING_DEFAULTS;

/** What each setting holds as VS Code gives it (the schema's default where nothing is set): anything a settings file can say. */
export type RawSettings = Partial<Record<SettingKey, unknown>>;

export interface ValidSettings {
  pythonPath: string | undefined;
  profileDirTemplate: string;
  /** Checked when a start uses it (resolveEngineCount): a bad count is refused, never replaced by another. */
  engineCount: unknown;
  startupFiles: string[];
  watchInclude: string[];
  watchExclude: string[];
  restartOnSave: RestartOnSave;
  refreshIntervalSeconds: number;
  saveDebounceMs: number;
  /** null: ipyparallel's own. */
  heartbeatMs: number | null;
  standbyEngines: boolean;
  replaceDeadEngines: ReplaceDeadEngines;
  /** A run that lasted at least this long gives one notification when it ends. */
  runNotifyAfterSeconds: number;
  launcher: LauncherSettings;
}

/**
 * Every setting, checked in this one place: the typed values, and a message per bad value that names the
 * setting and the value. Settings files are edited by hand and the schema only warns, so a bad value falls
 * back to its default (a number beyond its limits to the nearest limit: a 3e9 ms timer fires at once in
 * Node, which turned a refresh into a loop). Two exceptions, where a default would run engines other than
 * the user asked for: an unknown launcher (local engines, for someone who meant a cluster) leaves
 * `launcher.refusal`, which refuses every start; Slurm's counts are not clamped (slurmTemplate refuses a
 * job of another shape by name).
 */
export function validateSettings(raw: RawSettings): { settings: ValidSettings; problems: string[] } {
  const problems: string[] = [];
  const valueOf = (key: SettingKey): unknown => (raw[key] === undefined ? SETTING_DEFAULTS[key] : raw[key]);
  const fallBack = <T>(key: SettingKey, expected: string): T => {
    problems.push(l10n.t('{0} is {1}, which is not {2}: its default {3} is used.', key, shown(valueOf(key)), expected, shown(SETTING_DEFAULTS[key])));
    return SETTING_DEFAULTS[key] as T;
  };
  const text = (key: SettingKey): string => {
    const value = valueOf(key);
    return typeof value === 'string' ? value : fallBack(key, l10n.t('a string'));
  };
  const texts = (key: SettingKey): string[] => {
    const value = valueOf(key);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : [...fallBack<readonly string[]>(key, l10n.t('a list of strings'))];
  };
  const number = (key: SettingKey & keyof typeof SETTING_LIMITS, options: { integer: boolean; clamp: boolean }): number => {
    const value = valueOf(key);
    if (typeof value !== 'number' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value)))
      return fallBack(key, options.integer ? l10n.t('a whole number') : l10n.t('a number'));
    const [min, max] = SETTING_LIMITS[key];
    if (!options.clamp || (value >= min && value <= max)) return value;
    const limit = Math.min(max, Math.max(min, value));
    problems.push(l10n.t('{0} is {1}, outside {2} to {3}: {4} is used.', key, shown(value), min, max, limit));
    return limit;
  };
  const choice = <T extends string>(key: SettingKey, options: readonly T[]): T | undefined => {
    const value = valueOf(key);
    return options.includes(value as T) ? (value as T) : undefined;
  };
  const oneOf = (options: readonly string[]) => l10n.t('one of {0}', options.join(', '));

  const launcherValue = valueOf('ippEngines.engineLauncher');
  const launcher = choice('ippEngines.engineLauncher', ENGINE_LAUNCHERS);
  if (!launcher)
    problems.push(
      l10n.t(
        'ippEngines.engineLauncher is {0}, which is not one of {1}: no engines are started until it is (another launcher would run them where they were not meant to run).',
        shown(launcherValue),
        ENGINE_LAUNCHERS.join(', '),
      ),
    );
  const hosts = valueOf('ippEngines.ssh.hosts');
  const heartbeat = valueOf('ippEngines.controller.heartbeatMs');
  const standby = valueOf('ippEngines.standbyEngines');
  const nonEmpty = (items: string[]) => items.map((item) => item.trim()).filter(Boolean);
  return {
    problems,
    settings: {
      pythonPath: text('ippEngines.pythonPath').trim() || undefined,
      profileDirTemplate: text('ippEngines.profileDir'),
      engineCount: valueOf('ippEngines.engineCount'),
      startupFiles: texts('ippEngines.startupFiles'),
      watchInclude: texts('ippEngines.watch.include'),
      watchExclude: texts('ippEngines.watch.exclude'),
      restartOnSave: choice('ippEngines.restartOnSave', RESTART_ON_SAVE) ?? fallBack('ippEngines.restartOnSave', oneOf(RESTART_ON_SAVE)),
      refreshIntervalSeconds: number('ippEngines.refreshIntervalSeconds', { integer: false, clamp: true }),
      saveDebounceMs: number('ippEngines.watch.debounceMs', { integer: true, clamp: true }),
      heartbeatMs: heartbeat === null ? null : number('ippEngines.controller.heartbeatMs', { integer: true, clamp: true }),
      standbyEngines: typeof standby === 'boolean' ? standby : fallBack('ippEngines.standbyEngines', l10n.t('true or false')),
      runNotifyAfterSeconds: number('ippEngines.run.notifyAfterSeconds', { integer: false, clamp: true }),
      replaceDeadEngines: choice('ippEngines.replaceDeadEngines', RESTART_ON_SAVE) ?? fallBack('ippEngines.replaceDeadEngines', oneOf(RESTART_ON_SAVE)),
      launcher: {
        launcher: launcher ?? 'local',
        refusal: launcher
          ? undefined
          : l10n.t(
              'ippEngines.engineLauncher is {0}, which is not one of {1} (PBS, SGE, LSF and HTCondor are not supported yet). Nothing was started.',
              shown(launcherValue),
              ENGINE_LAUNCHERS.join(', '),
            ),
        slurm: {
          partition: text('ippEngines.slurm.partition').trim(),
          account: text('ippEngines.slurm.account').trim(),
          timeLimit: text('ippEngines.slurm.timeLimit').trim(),
          nodes: number('ippEngines.slurm.nodes', { integer: true, clamp: false }),
          tasksPerNode: number('ippEngines.slurm.tasksPerNode', { integer: true, clamp: false }),
          cpusPerEngine: number('ippEngines.slurm.cpusPerEngine', { integer: true, clamp: false }),
          extraDirectives: nonEmpty(texts('ippEngines.slurm.extraDirectives')),
        },
        // Each host and count is checked where the hosts are used (sshHostsOf), naming the bad entry.
        ssh: {
          hosts:
            hosts && typeof hosts === 'object' && !Array.isArray(hosts)
              ? (hosts as SshHosts)
              : fallBack('ippEngines.ssh.hosts', l10n.t('an object of host names and engine counts')),
          python: text('ippEngines.ssh.python').trim(),
        },
        mpiArgs: texts('ippEngines.mpi.args').filter((arg) => arg !== ''),
        controllerIp: text('ippEngines.controller.ip').trim(),
      },
    },
  };
}

/** A setting's value as a message shows it: as JSON, cut short. */
function shown(value: unknown): string {
  const text = typeof value === 'number' || value === undefined ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
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
    throw new UserError(
      'bad-setting',
      l10n.t('{0} must be a whole number from 1 to {1}; got {2}. Nothing was started.', source, MAX_ENGINES, String(JSON.stringify(value))),
    );
  }
  return n;
}
