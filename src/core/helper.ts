import type { Logger } from './log';
import { run, type LineWriter } from './run';

export interface EngineQueue {
  id: number;
  queue: number;
  completed: number;
  tasks: number;
  answered: boolean;
  pid: number | null;
  /** The machine it runs on, when it answered (a busy engine keeps the host it answered from before). */
  host?: string | null;
  /** When it answered: when its process started, seconds since the epoch, per its own host. */
  started?: number | null;
}

export interface HelperStatus {
  engines: EngineQueue[];
  unassigned: number;
}

/** A startup file's exception, as a fresh engine saw it. */
export interface StartupError {
  file: string | null;
  line: number | null;
  error: string;
  /** Where it was raised (file:line), e.g. in simulation code the startup file imported. */
  where: string | null;
  traceback: string;
}

export interface HelperMessage {
  status?: HelperStatus;
  /** Fresh engines registered so far, and all ids the controller lists (wait mode). */
  registered?: number;
  listed?: number;
  /** Old ids the helper asked the controller to drop (their nanny died with the engine). */
  unregistered?: number[];
  ready?: { id: number; pid: number; host?: string | null; started?: number | null }[];
  /** With ready: engine id → what its startup files raised. */
  startupErrors?: Record<string, StartupError>;
  /** check-syntax: the startup files that do not compile. */
  syntax?: { file: string; line: number | null; error: string }[];
  results?: Record<string, string>;
  error?: string;
  /** serve: the request this answers, or reports progress on (`progress`). */
  id?: number;
  progress?: boolean;
  /** serve: the controller registered or unregistered an engine; `ids` is its list now. */
  event?: 'engines';
  ids?: number[];
}

/** Parses the helper's output: one JSON object per line; other lines (warnings) are ignored. */
export function parseHelperLine(line: string): HelperMessage | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(trimmed);
    return value && typeof value === 'object' ? (value as HelperMessage) : undefined;
  } catch {
    return undefined;
  }
}

export interface HelperRun {
  messages: HelperMessage[];
  timedOut: boolean;
  error?: string;
  stderr: string;
}

/** Runs `ipp_helper.py` with a hard timeout (the helper is killed, never left hanging), in a neutral folder. */
export async function runHelper(
  pythonPath: string,
  helperPath: string,
  args: string[],
  log: Logger,
  options: { timeoutMs: number; signal?: AbortSignal; onMessage?: (m: HelperMessage) => void; onInput?: (input: LineWriter) => void },
): Promise<HelperRun> {
  const messages: HelperMessage[] = [];
  const result = await run(pythonPath, [helperPath, ...args], log, {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onInput: options.onInput,
    onLine: (line) => {
      const message = parseHelperLine(line);
      if (!message) return;
      messages.push(message);
      options.onMessage?.(message);
    },
  });
  const error = messages.find((m) => m.error)?.error ?? (result.timedOut ? undefined : result.exitCode !== 0 ? result.stderr.trim().split('\n').pop() : undefined);
  return { messages, timedOut: result.timedOut, error, stderr: result.stderr };
}
