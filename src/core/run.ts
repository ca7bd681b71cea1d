import * as path from 'node:path';
import type { Logger } from './log';
import { lineSplitter } from './lines';
import { redactSecrets } from './logArchive';

/**
 * Where a program runs when the caller needs no working folder. Python puts its working folder (or the
 * script's) first on sys.path, so a workspace's `ipyparallel/` could replace the real package: '/' is
 * writable by root only, and PYTHONSAFEPATH (Python 3.11+) keeps those folders off sys.path altogether.
 */
const NEUTRAL_CWD = path.parse(process.cwd()).root;
/** Output kept per stream: a status of 512 engines is about 50 KB; anything far beyond is a runaway program. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
/** Of a resident program's stderr, the end kept for error messages: it may write for hours. */
const RESIDENT_STDERR_TAIL_CHARS = 64 * 1024;

export interface RunOptions {
  /** Working folder; absent: a neutral one, with PYTHONSAFEPATH set (probes, profile creation, the helper). */
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
  /** Called with each complete stdout line as it arrives. */
  onLine?: (line: string) => void;
  /** Gives a writer to the program's standard input (otherwise it has none). */
  onInput?: (input: LineWriter) => void;
  /**
   * A program that runs for hours and talks through onLine: its stdout is not kept (the result's is empty),
   * of its stderr only the end, and no amount of either ends it.
   */
  resident?: boolean;
}

/** Lines to a running program's standard input; `end` closes it. */
export interface LineWriter {
  write(line: string): void;
  end(): void;
}

export interface RunResult {
  command: string;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  failed: boolean;
}

/** Runs a program without a shell, logs its command line, exit code, duration and stderr; never throws on exit codes. */
export async function run(file: string, args: string[], log: Logger, options: RunOptions = {}): Promise<RunResult> {
  const command = [file, ...args].map(quoteForLog).join(' ');
  log.debug(`$ ${command}${options.cwd ? `  (in ${options.cwd})` : ''}`);
  const started = performance.now();
  // Loaded on first use: execa's initialisation is a third of the bundle's load time.
  const { execa } = await import('execa');
  const child = execa(file, args, {
    cwd: options.cwd ?? NEUTRAL_CWD,
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    env: { IPP_NONINTERACTIVE: '1', ...(options.cwd ? {} : { PYTHONSAFEPATH: '1' }), ...options.env },
    maxBuffer: MAX_OUTPUT_BYTES,
    buffer: !options.resident,
    reject: false,
    stdin: options.onInput ? 'pipe' : 'ignore',
    // A timed-out helper must die even if it ignores SIGTERM (a hung Client).
    forceKillAfterDelay: 500,
  });
  if (options.onInput) {
    const stdin = child.stdin;
    options.onInput({
      write: (line) => stdin?.writable && stdin.write(`${line}\n`),
      end: () => stdin?.writable && stdin.end(),
    });
    stdin?.on('error', () => undefined); // the program exited first: nothing left to tell it
  }
  if (options.onLine) child.stdout?.on('data', lineSplitter(options.onLine, MAX_OUTPUT_BYTES));
  let stderrTail = '';
  if (options.resident) {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-RESIDENT_STDERR_TAIL_CHARS);
    });
  }
  const result = await child;
  const durationMs = Math.round(performance.now() - started);
  const stderr = options.resident ? stderrTail : String(result.stderr ?? '');
  const out: RunResult = {
    command,
    exitCode: result.exitCode,
    stdout: String(result.stdout ?? ''),
    stderr,
    durationMs,
    timedOut: Boolean(result.timedOut),
    failed: Boolean(result.failed),
  };
  const how = out.timedOut ? 'timed out' : result.isCanceled ? 'cancelled' : `exit ${out.exitCode ?? result.code ?? '?'}`;
  log.debug(`  ${how} after ${durationMs} ms: ${file}`);
  // ipyparallel 7 echoes its configuration, session key included, when it fails early.
  const shown = redactSecrets(stderr.trim(), []);
  if (shown && (out.failed || out.exitCode !== 0)) log.error(shown);
  else if (shown) log.debug(shown);
  return out;
}

function quoteForLog(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
