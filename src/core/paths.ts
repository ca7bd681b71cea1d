import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { UserError } from './errors';

export interface PathVariables {
  workspaceFolder: string;
  user?: string;
  hostname?: string;
  env: Record<string, string | undefined>;
}

/** The current user's name, never empty-as-valid: an unset user must not turn into `ipyparallel//host`. */
export function currentUser(env: Record<string, string | undefined> = process.env): string | undefined {
  try {
    const name = os.userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return env.USER || env.LOGNAME || undefined;
}

/** `hostname -s`: the host name up to the first dot. */
export function shortHostname(): string {
  return os.hostname().split('.')[0];
}

/**
 * Expands `${workspaceFolder}`, `${user}`, `${hostname}` and `${env:VAR}` in a profile path template and
 * returns it absolute and normalised. Relative results, unknown variables and empty values are errors.
 */
export function resolveProfileDir(template: string, vars: PathVariables): string {
  if (!template || !template.trim()) {
    throw new UserError(
      'bad-setting',
      l10n.t('The setting ippEngines.profileDir is empty. Set it to an absolute path, e.g. ${workspaceFolder}/ipyparallel/${user}/${hostname}.'),
    );
  }
  const expanded = template.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    let value: string | undefined;
    if (name === 'workspaceFolder') value = vars.workspaceFolder;
    else if (name === 'user') value = vars.user;
    else if (name === 'hostname') value = vars.hostname;
    else if (name.startsWith('env:')) value = vars.env[name.slice(4)];
    else {
      // The variable is passed whole: `${{0}}` would not be filled in (a brace right before a placeholder).
      throw new UserError(
        'bad-setting',
        l10n.t('ippEngines.profileDir uses an unknown variable {0}. Known: ${workspaceFolder}, ${user}, ${hostname}, ${env:NAME}.', `\${${name}}`),
      );
    }
    if (!value) {
      throw new UserError('bad-setting', l10n.t('ippEngines.profileDir uses {0}, which is empty here.', `\${${name}}`));
    }
    return value;
  });
  if (!path.isAbsolute(expanded)) {
    throw new UserError('bad-setting', l10n.t('ippEngines.profileDir must be an absolute path (start it with ${workspaceFolder}/); got "{0}".', template));
  }
  return path.resolve(expanded);
}

/** True when `child` is `parent` or lies inside it (both absolute). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The path with every symlink resolved (a profile on NFS is often reached through one); itself, resolved, where that fails. */
export function realPathOf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** The names in a directory; none when it cannot be read. */
export function readDirectory(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
