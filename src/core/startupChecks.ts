// The profile's startup files run on every engine: a syntax error is refused before a launch, and what
// raised on fresh engines is said naming the file, the line and the files IPython skipped after it.
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { UserError } from './errors';
import { runHelper, type HelperMessage, type StartupError } from './helper';
import { helperArgs, Timeouts } from './ipyparallel';
import type { Logger } from './log';
import { readDirectory } from './paths';
import type { PythonInfo } from './python';
import type { ResidentClient, ResidentError } from './residentClient';

/** The startup files engines run, in the order IPython runs them. */
export function listStartupFiles(dir: string): string[] {
  return readDirectory(dir)
    .filter((n) => n.endsWith('.py') || n.endsWith('.ipy'))
    .sort()
    .map((n) => path.join(dir, n));
}

/**
 * Engines run the profile's startup copies: a syntax error in one is reported before anything starts.
 * A running cluster's resident client compiles them; before a start, a helper of its own does.
 */
export async function checkStartupSyntax(
  python: PythonInfo,
  profileDir: string,
  how: { resident?: ResidentClient; helperPath: string; log: Logger; onSpawn?: (what: string) => void },
): Promise<void> {
  const files = listStartupFiles(path.join(profileDir, 'startup'));
  if (!files.length) return;
  let answer: { syntax?: HelperMessage['syntax']; error?: string; stderr?: string };
  if (how.resident) {
    answer = await how.resident
      .request({ op: 'check-syntax', files }, Timeouts.statusMs)
      .catch((error: ResidentError) => ({ error: error.message, stderr: error.stderr }));
  } else {
    how.onSpawn?.('helper check-syntax');
    // A Python start of its own, as cold as the probe's (and IPython's import, for a .ipy file).
    const outcome = await runHelper(python.pythonPath, how.helperPath, helperArgs.checkSyntax(files), how.log, { timeoutMs: Timeouts.pythonProbeMs });
    answer = { syntax: outcome.messages.find((m) => m.syntax)?.syntax, error: outcome.error, stderr: outcome.stderr };
  }
  const problems = answer.syntax;
  if (!problems)
    throw new UserError(
      'command-failed',
      l10n.t('Could not check the startup files: {0}. Nothing was started.', answer.error ?? l10n.t('no answer')),
      answer.stderr,
    );
  if (problems.length) {
    const list = problems.map((p) => `${p.file}${lineOf(p.line)}: ${p.error}`).join('; ');
    throw new UserError(
      'startup-failed',
      l10n.t(
        'Startup file {0}. Engines run every file in {1}; fix it (or its source in the workspace, then let it be copied). Nothing was started.',
        list,
        path.dirname(problems[0].file),
      ),
    );
  }
}

/** What fresh engines' startup files raised (by engine), as the error the user reads; undefined where none raised. */
export function startupFailure(profileDir: string, errors: Record<string, StartupError>, engineCount: number): UserError | undefined {
  const reports = Object.values(errors);
  if (!reports.length) return undefined;
  const first = reports[0];
  const failed = (first.file ? path.basename(first.file) : l10n.t('a startup file')) + lineOf(first.line);
  const later = listStartupFiles(path.join(profileDir, 'startup')).filter((f) => first.file && path.basename(f) > path.basename(first.file));
  const where = first.where && first.where !== `${first.file}:${first.line}` ? l10n.t(' (raised at {0})', first.where) : '';
  const skipped = later.length ? l10n.t(' IPython skipped the startup files after it: {0}.', later.map((f) => path.basename(f)).join(', ')) : '';
  const message = l10n.t(
    'Engines started with errors: startup file {0} failed on {1} of {2} engine(s): {3}{4}.{5} The cluster keeps running: fix the file and restart the engines.',
    failed,
    reports.length,
    engineCount || reports.length,
    first.error,
    where,
    skipped,
  );
  return new UserError('startup-failed', message, first.traceback);
}

/** " line 3" after a startup file's name, when the line is known. */
function lineOf(line: number | null | undefined): string {
  return line ? l10n.t(' line {0}', line) : '';
}
