import type { Logger } from './log';

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
  /** Called with each complete stdout line as it arrives. */
  onLine?: (line: string) => void;
  /** Gives a writer to the program's standard input (otherwise it has none). */
  onInput?: (input: LineWriter) => void;
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
    cwd: options.cwd,
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    env: { IPP_NONINTERACTIVE: '1', ...options.env },
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
  if (options.onLine) {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine!(line);
    });
  }
  const result = await child;
  const durationMs = Math.round(performance.now() - started);
  const stderr = String(result.stderr ?? '');
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
  if (stderr.trim() && (out.failed || out.exitCode !== 0)) log.error(stderr.trim());
  else if (stderr.trim()) log.debug(stderr.trim());
  return out;
}

function quoteForLog(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
