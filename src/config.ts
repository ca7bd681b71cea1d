import * as vscode from 'vscode';
import { CONFIG_SECTION } from './constants';
import { currentUser, resolveProfileDir, shortHostname } from './core/paths';
import { resolveEngineCount, SETTING_DEFAULTS, validateSettings, type RawSettings, type SettingKey, type ValidSettings } from './core/settings';

/** Settings of one workspace folder, read fresh each time (they are resource-scoped). */
export interface FolderSettings extends Omit<ValidSettings, 'engineCount'> {
  /** Throws a UserError for a bad value (setting or EXOSIMS_ENGINE_N). */
  engineCount(): number | undefined;
  /** Throws a UserError for an unusable template. */
  profileDir(): string;
}

/** Settings read for every folder on every refresh: each bad value is reported once per window, not once per read. */
const reported = new Set<string>();
let report: (problem: string) => void = () => {};

/** Where bad setting values are reported (the log and a notification); each distinct message goes there once. */
export function reportSettingProblemsTo(reporter: (problem: string) => void): void {
  report = reporter;
}

export function readSettings(folder: vscode.WorkspaceFolder): FolderSettings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri);
  // Window-scoped: read without the folder (VS Code warns when a window setting is read for a resource).
  const windowConfig = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const raw: RawSettings = {};
  for (const key of Object.keys(SETTING_DEFAULTS) as SettingKey[]) {
    const name = key.slice(CONFIG_SECTION.length + 1);
    raw[key] = (key === 'ippEngines.refreshIntervalSeconds' ? windowConfig : config).get(name);
  }
  const { settings, problems } = validateSettings(raw);
  for (const problem of problems.filter((p) => !reported.has(p))) {
    reported.add(problem);
    report(problem);
  }
  const { engineCount, ...valid } = settings;
  return {
    ...valid,
    engineCount: () => resolveEngineCount(engineCount, process.env.EXOSIMS_ENGINE_N),
    profileDir: () =>
      resolveProfileDir(settings.profileDirTemplate, { workspaceFolder: folder.uri.fsPath, user: currentUser(), hostname: shortHostname(), env: process.env }),
  };
}
