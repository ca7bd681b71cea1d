import * as path from 'node:path';
import picomatch from 'picomatch';
import { isInside } from './paths';

/**
 * Which saved files count as simulation sources for a folder: matches `include` minus `exclude` (globs
 * relative to the folder), plus the startup files' sources. Nothing inside `profileDir` counts: what is
 * written there is ours (a restart's startup-file copies, logs, connection files), never the user's code.
 */
export function sourceMatcher(folder: string, include: string[], exclude: string[], startupFiles: string[], profileDir?: string): (file: string) => boolean {
  const included = picomatch(include.length ? include : ['!**'], { dot: true });
  const excluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  const startup = new Set(startupFiles.map((f) => path.resolve(folder, f)));
  return (file: string) => {
    const abs = path.resolve(file);
    if (profileDir && isInside(abs, path.resolve(profileDir))) return false;
    if (startup.has(abs)) return true;
    const rel = path.relative(folder, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const posix = rel.split(path.sep).join('/');
    return included(posix) && !excluded(posix);
  };
}
