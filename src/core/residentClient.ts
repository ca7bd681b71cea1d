import * as l10n from '@vscode/l10n';
import { parseHelperLine, type EngineLeft, type HelperMessage, type TaskCompletions, type TaskOutputChunk } from './helper';
import { helperArgs, Timeouts } from './ipyparallel';
import type { Logger } from './log';
import { run, type LineWriter } from './run';

/**
 * What a resident client is bound to: another connection file or controller needs another client. The
 * interpreter is the one it was first started with: a changed setting does not end the controller's client
 * (the controller runs on the interpreter it was started with), and a caller that read the setting before
 * it changed cannot end the client of one that read it after.
 */
export interface ResidentBinding {
  pythonPath: string;
  clientFile: string;
  controllerPid: number;
}

export type ResidentRequest =
  | { op: 'status'; dead: number[] }
  | { op: 'run'; code: string; timeout: number }
  | { op: 'wait'; n: number; old: number[]; keep: number[]; ghostGrace: number; startupDir: string }
  | { op: 'check-syntax'; files: string[] }
  | { op: 'queued-tasks' }
  | { op: 'abort'; msgIds: string[] }
  | { op: 'timeline'; limit: number };

/** What a resident client passes on between requests. */
export interface ResidentListeners {
  /** The controller's engine ids after each registration or unregistration (not the first list), and those it dropped. */
  onEngines: (ids: number[], left: EngineLeft[]) => void;
  /** What tasks printed (any client's), and how much the helper dropped to stay within its cap. */
  onOutput?: (chunks: TaskOutputChunk[], dropped: number) => void;
  /** Tasks each engine finished, per the iopub stream, whenever those counts change; `order`: see lineOrder. */
  onDone?: (done: TaskCompletions, order: number) => void;
}

/**
 * Each line of every resident client's output, numbered in the order it came: a status is taken in after
 * lines that followed it (its caller awaits), and its completion counts must not replace newer ones.
 */
let lineOrder = 0;

/** The helper did not answer in time (it was killed) or could not connect; the message says which. */
export class ResidentError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
    readonly stderr = '',
  ) {
    super(message);
  }
}

interface Pending {
  resolve: (message: HelperMessage) => void;
  reject: (error: ResidentError) => void;
  progress?: (message: HelperMessage) => void;
}

/** One helper process: what it was asked and has not answered yet belongs to it alone. */
interface Helper {
  input?: LineWriter;
  stop: AbortController;
  connected: Promise<void>;
  isConnected?: boolean;
  pending: Map<number, Pending>;
}

/**
 * One long-lived helper (`ipp_helper.py serve`) per running cluster: it holds a Client, answers status and
 * evaluation requests over stdin/stdout without a Python start-up each, and reports every engine the
 * controller registers or unregisters as it happens. Supervised: each request has a hard time-out, after
 * which it fails; a helper that still has not answered residentHungMs later is killed, and the next request
 * starts a fresh one; `dispose` ends it.
 */
export class ResidentClient {
  private helper?: Helper;
  private nextId = 1;
  private disposed = false;
  /** Requests go one at a time (the helper answers them in order): each one's time-out starts when it is sent. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The engine ids last reported by any of this client's helpers: only changes are passed on. */
  private knownIds?: string;
  /** When a request last went unanswered (its helper was killed); 0: never. */
  private lastTimeoutAt = 0;

  constructor(
    readonly binding: ResidentBinding,
    private readonly helperPath: string,
    private readonly log: Logger,
    private readonly listeners: ResidentListeners,
    /** Called when a helper process is started (spawns are counted). */
    private readonly onSpawn?: () => void,
  ) {}

  bound(binding: ResidentBinding): boolean {
    return binding.clientFile === this.binding.clientFile && binding.controllerPid === this.binding.controllerPid;
  }

  /**
   * The helper's answer within timeoutMs of sending (connecting first has its own limit); rejects with a
   * ResidentError. `progress` gets the request's progress lines (wait).
   */
  request(request: ResidentRequest, timeoutMs: number, progress?: (message: HelperMessage) => void): Promise<HelperMessage> {
    const queuedAt = Date.now();
    const sent = this.queue.then(() => {
      // Queued behind a request that went unanswered: the controller is likely frozen, and a new helper
      // would hang on it too. Fail now; a later request tries again.
      if (this.lastTimeoutAt >= queuedAt) throw new ResidentError(l10n.t('not sent: the request before it went unanswered'), true);
      return this.send(request, timeoutMs, progress);
    });
    this.queue = sent.catch(() => undefined);
    return sent;
  }

  /** True when a request went unanswered within the last `ms`: the controller may be frozen. */
  timedOutWithin(ms: number): boolean {
    return Date.now() - this.lastTimeoutAt < ms;
  }

  /** A helper runs and its Client has connected: a request now starts no process. */
  get connected(): boolean {
    return this.helper?.isConnected ?? false;
  }

  /** Starts the helper and waits until its Client has connected, asking nothing: the next request pays no Python start. */
  connect(): Promise<void> {
    return this.start().connected;
  }

  /** Ends the helper now, failing what it was asked (a wait that is no longer wanted); the next request starts another. */
  interrupt(): void {
    if (this.helper) this.stopHelper(this.helper);
  }

  private async send(request: ResidentRequest, timeoutMs: number, progress?: (message: HelperMessage) => void): Promise<HelperMessage> {
    const helper = this.start();
    await helper.connected;
    const id = this.nextId++;
    return new Promise<HelperMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.lastTimeoutAt = Date.now();
        reject(new ResidentError(l10n.t('no answer within {0} s', timeoutMs / 1000), true));
        // A Client can hang for good (a controller that stopped answering): unless the answer comes late,
        // the helper ends, and the next request starts afresh.
        const hung = setTimeout(() => {
          helper.pending.delete(id);
          this.stopHelper(helper);
        }, Timeouts.residentHungMs);
        helper.pending.set(id, { resolve: () => clearTimeout(hung), reject: () => clearTimeout(hung) });
      }, timeoutMs);
      helper.pending.set(id, {
        progress,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      helper.input?.write(JSON.stringify({ id, ...request }));
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.helper) this.stopHelper(this.helper);
  }

  private start() {
    if (this.disposed) throw new ResidentError(l10n.t('the resident client was disposed'), false);
    if (this.helper) return this.helper;
    const stop = new AbortController();
    let onConnected = () => undefined as void;
    let failConnect: (error: ResidentError) => void = () => undefined;
    const connected = new Promise<void>((resolve, reject) => {
      onConnected = resolve;
      failConnect = reject;
    });
    connected.catch(() => undefined); // also awaited by each request
    const helper: Helper = { stop, connected, pending: new Map() };
    this.helper = helper;
    let reported: string | undefined;
    const connectTimer = setTimeout(() => {
      failConnect(new ResidentError(l10n.t('no connection within {0} s', Timeouts.residentConnectMs / 1000), true));
      this.stopHelper(helper);
    }, Timeouts.residentConnectMs);
    this.onSpawn?.();
    const exited = run(this.binding.pythonPath, [this.helperPath, ...helperArgs.serve(this.binding.clientFile)], this.log, {
      signal: stop.signal,
      resident: true,
      // glibc raises its mmap threshold as big buffers are freed, then keeps them: a flood of prints (messages
      // of megabytes) would leave the helper that much bigger for good. A fixed threshold hands them back.
      env: { MALLOC_MMAP_THRESHOLD_: String(256 * 1024) },
      onInput: (input) => (helper.input = input),
      onLine: (line) => {
        const message = parseHelperLine(line);
        if (!message) return;
        const order = ++lineOrder;
        if (message.event === 'engines') {
          clearTimeout(connectTimer);
          helper.isConnected = true;
          onConnected();
          const ids = message.ids ?? [];
          const first = this.knownIds === undefined;
          if (!first && this.knownIds === ids.join()) return;
          this.knownIds = ids.join();
          if (!first) this.listeners.onEngines(ids, message.left ?? []);
        } else if (message.event === 'output') {
          this.listeners.onOutput?.(message.output ?? [], message.dropped ?? 0);
        } else if (message.event === 'done') {
          if (message.done) this.listeners.onDone?.(message.done, order);
        } else if (typeof message.id === 'number' && message.progress) {
          helper.pending.get(message.id)?.progress?.(message);
        } else if (typeof message.id === 'number') {
          if (message.status) message.status.doneOrder = order;
          const waiting = helper.pending.get(message.id);
          helper.pending.delete(message.id);
          waiting?.resolve(message);
        } else if (message.error) {
          reported = message.error; // it could not connect, and exits
        }
      },
    });
    void exited.then((result) => {
      clearTimeout(connectTimer);
      if (this.helper === helper) this.helper = undefined;
      const exit = result.exitCode === undefined ? l10n.t('it exited (signal)') : l10n.t('it exited ({0})', result.exitCode);
      const ended = l10n.t('the status helper ended: {0}', reported ?? (stop.signal.aborted ? l10n.t('it was stopped') : exit));
      failConnect(new ResidentError(ended, false, result.stderr));
      for (const [id, waiting] of helper.pending) {
        helper.pending.delete(id);
        waiting.reject(new ResidentError(ended, false, result.stderr));
      }
    });
    return helper;
  }

  private stopHelper(helper: Helper): void {
    if (this.helper === helper) this.helper = undefined;
    helper.input?.end();
    helper.stop.abort();
  }
}
