import * as l10n from '@vscode/l10n';
import { UserError } from './errors';
import { Timeouts } from './ipyparallel';
import type { Logger } from './log';
import { run } from './run';

export interface PythonInfo {
  pythonPath: string;
  ipyparallelVersion: string;
  /** 7 or 8+: the CLI and Client API we rely on are the same, but log which one we drive. */
  major: number;
}

const PROBE = 'import sys, ipyparallel, IPython; print(ipyparallel.__version__); print(sys.executable)';

/**
 * The first candidate interpreter that imports ipyparallel. Explicit settings are tried alone, so a wrong
 * setting is reported rather than silently replaced. The error names every interpreter tried.
 */
export async function findPython(candidates: string[], log: Logger, onSpawn?: () => void): Promise<PythonInfo> {
  const problems: string[] = [];
  let sawPython = false;
  for (const candidate of candidates) {
    onSpawn?.();
    const result = await run(candidate, ['-c', PROBE], log, { timeoutMs: Timeouts.pythonProbeMs });
    if (result.exitCode === 0) {
      const [version] = result.stdout.trim().split('\n');
      const info = { pythonPath: candidate, ipyparallelVersion: version, major: Number.parseInt(version, 10) };
      log.info(`Using ${candidate} with ipyparallel ${version}${info.major < 8 ? ' (7.x API)' : ''}`);
      return info;
    }
    if (result.exitCode === undefined || result.timedOut) {
      problems.push(l10n.t('{0}: not found or not executable', candidate));
    } else {
      sawPython = true;
      // The import's own last line: "No module named 'ipyparallel'", or why an installed one fails to load.
      const why = result.stderr.trim().split('\n').pop()?.trim();
      problems.push(`${candidate}: ${why || l10n.t('cannot import ipyparallel')}`);
    }
  }
  const tried = problems.join('; ');
  if (sawPython) {
    throw new UserError(
      'ipyparallel-missing',
      l10n.t(
        'ipyparallel is not installed or cannot be imported for the Python interpreter ({0}). Install it (e.g. apt install python3-ipyparallel or pip install ipyparallel) or select another interpreter.',
        tried,
      ),
    );
  }
  throw new UserError('python-missing', l10n.t('No Python interpreter found ({0}). Set ippEngines.pythonPath or select an interpreter.', tried));
}

/** The interpreter a target was built with (ClusterTarget.python); one built without cannot run Python. */
export function interpreterOf(target: { python?: () => Promise<PythonInfo> }): Promise<PythonInfo> {
  return target.python ? target.python() : Promise.reject(new Error('this cluster target was built without an interpreter'));
}

/** Interpreters to try when nothing is configured: PATH's python3, then the system one (where Debian's ipyparallel lives). */
export const DEFAULT_PYTHON_CANDIDATES = ['python3', '/usr/bin/python3'];
