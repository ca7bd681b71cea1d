import * as vscode from 'vscode';
import { CONFIG_SECTION, Settings } from './constants';
import { currentUser, resolveProfileDir, shortHostname } from './core/paths';
import type { EngineLauncher, LauncherSettings } from './core/scaleOut';
import type { SshHosts } from './core/sshEngines';
import { clampSetting, DEFAULT_HEARTBEAT_MS, resolveEngineCount, type RestartOnSave } from './core/settings';

/** Settings of one workspace folder, read fresh each time (they are resource-scoped). */
export interface FolderSettings {
  pythonPath: string | undefined;
  profileDirTemplate: string;
  startupFiles: string[];
  watchInclude: string[];
  watchExclude: string[];
  restartOnSave: RestartOnSave;
  refreshIntervalSeconds: number;
  saveDebounceMs: number;
  /** The heartbeat period written into profiles the extension creates; null: ipyparallel's own. */
  heartbeatMs: number | null;
  /** How engines are launched: locally, or through ipyparallel's MPI, Slurm or SSH launcher, with their options. */
  launcher: LauncherSettings;
  /** Boot engines ahead of the next restart (local engines only). */
  standbyEngines: boolean;
  /** Throws a UserError for a bad value (setting or EXOSIMS_ENGINE_N). */
  engineCount(): number | undefined;
  /** Throws a UserError for an unusable template. */
  profileDir(): string;
}

export function readSettings(folder: vscode.WorkspaceFolder): FolderSettings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri);
  const template = config.get<string>(Settings.profileDir, '${workspaceFolder}/ipyparallel/${user}/${hostname}');
  return {
    pythonPath: config.get<string>(Settings.pythonPath)?.trim() || undefined,
    profileDirTemplate: template,
    startupFiles: config.get<string[]>(Settings.startupFiles, []),
    watchInclude: config.get<string[]>(Settings.watchInclude, []),
    watchExclude: config.get<string[]>(Settings.watchExclude, []),
    restartOnSave: config.get<RestartOnSave>(Settings.restartOnSave, 'prompt'),
    // Window-scoped: read without the folder (VS Code warns when a window setting is read for a resource).
    refreshIntervalSeconds: clampSetting('ippEngines.refreshIntervalSeconds', vscode.workspace.getConfiguration(CONFIG_SECTION).get(Settings.refreshIntervalSeconds), 5),
    saveDebounceMs: clampSetting('ippEngines.watch.debounceMs', config.get(Settings.saveDebounceMs), 1500),
    heartbeatMs: config.get(Settings.heartbeatMs) === null ? null : clampSetting('ippEngines.controller.heartbeatMs', config.get(Settings.heartbeatMs), DEFAULT_HEARTBEAT_MS),
    launcher: {
      launcher: config.get<EngineLauncher>(Settings.engineLauncher, 'local'),
      slurm: {
        partition: config.get<string>(Settings.slurmPartition, '').trim(),
        account: config.get<string>(Settings.slurmAccount, '').trim(),
        timeLimit: config.get<string>(Settings.slurmTimeLimit, '').trim(),
        nodes: config.get<number>(Settings.slurmNodes, 0),
        tasksPerNode: config.get<number>(Settings.slurmTasksPerNode, 0),
        cpusPerEngine: config.get<number>(Settings.slurmCpusPerEngine, 1),
        extraDirectives: config.get<string[]>(Settings.slurmExtraDirectives, []).filter((d) => typeof d === 'string' && d.trim() !== '').map((d) => d.trim()),
      },
      ssh: { hosts: config.get<SshHosts>(Settings.sshHosts, {}), python: String(config.get<string>(Settings.sshPython, '') ?? '').trim() },
      mpiArgs: config.get<string[]>(Settings.mpiArgs, []).filter((a) => typeof a === 'string' && a !== ''),
      controllerIp: String(config.get<string>(Settings.controllerIp, '') ?? '').trim(),
    },
    standbyEngines: config.get<boolean>(Settings.standbyEngines, true) !== false,
    engineCount: () => resolveEngineCount(config.get(Settings.engineCount), process.env.EXOSIMS_ENGINE_N),
    profileDir: () =>
      resolveProfileDir(template, { workspaceFolder: folder.uri.fsPath, user: currentUser(), hostname: shortHostname(), env: process.env }),
  };
}
