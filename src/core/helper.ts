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

/** Tasks the controller recorded as finished since the helper's previous status (from its task records). */
export interface TaskOutcomes {
  ok: number;
  failed: number;
  /** Per task label, where tasks carry one (ipyparallel 9). */
  labels?: Record<string, { completed: number; failed: number }>;
  /** False where the controller keeps no task records (`--nodb`): then nothing here is known. */
  records: boolean;
}

export interface HelperStatus {
  engines: EngineQueue[];
  unassigned: number;
  finished?: TaskOutcomes;
  /** Resident client: engine id → tasks it finished per the iopub stream, read just after the counts above. */
  done?: TaskCompletions;
  /** Where the answer came in the resident client's output, against its `done` events' (lineOrder). */
  doneOrder?: number;
}

/** Engine id → tasks of any client it finished since the resident client started (from its idle status on iopub). */
export type TaskCompletions = Record<string, number>;

/** An engine the controller dropped, with the task it ran then (per its last busy status) and that task's label. */
export interface EngineLeft {
  id: number;
  task: string | null;
  label: string | null;
}

/** A piece of what a task printed, read from the controller's iopub stream (any client's task). */
export interface TaskOutputChunk {
  engine: number | null;
  stream: string;
  text: string;
  label: string | null;
}

/** A finished task as the controller recorded it (ms since the epoch), or one running now (`end` null). */
export interface TaskRecord {
  id: string;
  engine: number | null;
  start: number | null;
  end: number | null;
  status: 'ok' | 'error' | 'aborted' | 'running';
  label: string | null;
  error: string | null;
}

/** Tasks recorded as finished since the last look, those running now, and whether the controller keeps records at all. */
export interface TaskRecords {
  tasks: TaskRecord[];
  running: { id: string; engine: number; start: number }[];
  records: boolean;
}

/** Tasks queued or unassigned (not running), and how many of them each client session sent. */
export interface QueuedTasks {
  msgIds: string[];
  clients: Record<string, number>;
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
  /** serve: the controller registered or unregistered an engine; `ids` is its list now, `left` the ones it dropped. */
  event?: 'engines' | 'output' | 'done';
  ids?: number[];
  left?: EngineLeft[];
  /** serve, event output: what tasks printed since the last such event, and how much was dropped (capped). */
  output?: TaskOutputChunk[];
  dropped?: number;
  /** serve, event done: what every engine finished so far (told at once, a few times a second at most). */
  done?: TaskCompletions;
  /** queued-tasks: what Abort Queued Tasks would abort; abort: how many it aborted. */
  queued?: QueuedTasks;
  aborted?: number;
  /** timeline: the task records since the last such request. */
  timeline?: TaskRecords;
}

type Check = (value: unknown) => boolean;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isInteger: Check = (v) => Number.isSafeInteger(v);
const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const listOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
const recordOf =
  (check: Check): Check =>
  (v) =>
    isObject(v) && Object.values(v).every(check);
const shape =
  (fields: Record<string, Check>): Check =>
  (v) =>
    isObject(v) && Object.entries(fields).every(([name, check]) => check(v[name]));

const ENGINE_PLACE = { host: optional(orNull(isString)), started: optional(orNull(isNumber)) };
/** What each field of a helper message must be: a field that is not is dropped, so that no reader meets a wrong type. */
const MESSAGE_FIELDS: Record<keyof HelperMessage, Check> = {
  status: shape({
    engines: listOf(
      shape({ id: isInteger, queue: isNumber, completed: isNumber, tasks: isNumber, answered: isBoolean, pid: orNull(isInteger), ...ENGINE_PLACE }),
    ),
    unassigned: isNumber,
    finished: optional(
      shape({ ok: isNumber, failed: isNumber, labels: optional(recordOf(shape({ completed: isNumber, failed: isNumber }))), records: isBoolean }),
    ),
    done: optional(recordOf(isInteger)),
  }),
  registered: isNumber,
  listed: isNumber,
  unregistered: listOf(isInteger),
  ready: listOf(shape({ id: isInteger, pid: isInteger, ...ENGINE_PLACE })),
  startupErrors: recordOf(shape({ file: orNull(isString), line: orNull(isInteger), error: isString, where: orNull(isString), traceback: isString })),
  syntax: listOf(shape({ file: isString, line: orNull(isInteger), error: isString })),
  results: recordOf(isString),
  error: isString,
  id: isInteger,
  progress: isBoolean,
  event: (v) => v === 'engines' || v === 'output' || v === 'done',
  ids: listOf(isInteger),
  left: listOf(shape({ id: isInteger, task: orNull(isString), label: orNull(isString) })),
  output: listOf(shape({ engine: orNull(isInteger), stream: isString, text: isString, label: orNull(isString) })),
  dropped: isInteger,
  done: recordOf(isInteger),
  queued: shape({ msgIds: listOf(isString), clients: recordOf(isInteger) }),
  aborted: isInteger,
  timeline: shape({
    tasks: listOf(
      shape({
        id: isString,
        engine: orNull(isInteger),
        start: orNull(isNumber),
        end: orNull(isNumber),
        status: (v) => v === 'ok' || v === 'error' || v === 'aborted',
        label: orNull(isString),
        error: orNull(isString),
      }),
    ),
    running: listOf(shape({ id: isString, engine: isInteger, start: isNumber })),
    records: isBoolean,
  }),
};

/**
 * Parses the helper's output: one JSON object per line; other lines (warnings, whatever a startup file
 * printed) are ignored, and so is each field of the wrong type.
 */
export function parseHelperLine(line: string): HelperMessage | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  return Object.fromEntries(
    Object.entries(MESSAGE_FIELDS)
      .filter(([name, check]) => name in value && check(value[name]))
      .map(([name]) => [name, value[name]]),
  ) as HelperMessage;
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
  const error =
    messages.find((m) => m.error)?.error ?? (result.timedOut ? undefined : result.exitCode !== 0 ? result.stderr.trim().split('\n').pop() : undefined);
  return { messages, timedOut: result.timedOut, error, stderr: result.stderr };
}
