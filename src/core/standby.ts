import type { execa as ExecaFn } from 'execa';
import { withTimeout } from './deadline';
import { engineArgs, standbyArgs, Timeouts } from './ipyparallel';
import { lineSplitter } from './lines';
import type { Logger } from './log';

/** An answer of the warm process is a line of a few pids: anything longer is not one. */
const MAX_ANSWER_CHARS = 64 * 1024;

/** What a cluster's warm process was started for: another interpreter or controller makes it useless. */
export interface StandbyBinding {
  pythonPath: string;
  controllerPid: number;
  profileDir: string;
  clusterId: string;
  /** The working directory and environment `ipcluster engines` would give its engines. */
  cwd: string;
}

interface WarmProcess {
  binding: StandbyBinding;
  /** Resolves with its pid once Python and ipyparallel's engine are imported; undefined if it exited first. */
  ready: Promise<number | undefined>;
  /** Forks `count` engines; resolves with their pids, or undefined if it exited first. */
  fork: (argv: string[], count: number) => Promise<number[] | undefined>;
  end: () => void;
}

/** The pids of a `{"engines": [...]}` answer; undefined for anything else. */
function forkedPids(line: string): number[] | undefined {
  try {
    const pids: unknown = JSON.parse(line).engines;
    return Array.isArray(pids) && pids.every((pid) => Number.isInteger(pid) && pid > 0) ? pids : undefined;
  } catch {
    return undefined;
  }
}

const sameBinding = (a: StandbyBinding, b: StandbyBinding) =>
  a.pythonPath === b.pythonPath && a.controllerPid === b.controllerPid && a.profileDir === b.profileDir && a.clusterId === b.clusterId && a.cwd === b.cwd;

/**
 * One warm process per cluster (`ipp_standby.py`): Python started, ipyparallel's engine and nanny imported,
 * not connected, no user code. A restart has it fork the fresh engines, instead of booting N Pythons on the
 * cores the old engines are leaving; forked engines share its pages, so waiting costs about one engine's
 * memory for any N. It is tied to this window by its stdin: a window that closes ends it. The engines it
 * forked are ordinary engines of the cluster, which outlive the window as ipcluster's do.
 */
export class StandbyEngines {
  private readonly warm = new Map<string, WarmProcess>();

  constructor(
    private readonly scriptPath: string,
    private readonly log: Logger,
    private readonly onSpawn?: (what: string) => void,
  ) {}

  /** Starts the cluster's warm process unless one runs for this binding; one for another binding ends first. */
  async fill(key: string, binding: StandbyBinding): Promise<void> {
    const current = this.warm.get(key);
    if (current && sameBinding(current.binding, binding)) return;
    this.discard(key);
    const { execa } = await import('execa');
    if (this.warm.has(key)) return; // another fill won meanwhile
    this.onSpawn?.('warm process');
    const started = this.spawn(execa, binding, () => {
      if (this.warm.get(key) === started) this.warm.delete(key);
    });
    this.warm.set(key, started);
  }

  /** The pid of the cluster's warm process once it has imported (none if it exited first). */
  async ready(key: string): Promise<number[]> {
    const pid = await this.warm.get(key)?.ready;
    return pid === undefined ? [] : [pid];
  }

  /**
   * Forks `count` engines as the cluster's fresh ones and returns their pids, or undefined where the cluster
   * has no warm process for this binding (or it failed); the caller boots engines the usual way then. One
   * still importing is waited for: that is still sooner than booting anew.
   */
  async activate(key: string, binding: StandbyBinding, count: number): Promise<number[] | undefined> {
    const warm = this.warm.get(key);
    if (!warm || !sameBinding(warm.binding, binding)) return undefined;
    if ((await withTimeout(warm.ready, Timeouts.standbyReadyMs)) === undefined) {
      this.log.info('The warm process was not ready; booting fresh engines instead');
      this.discardIf(key, warm);
      return undefined;
    }
    this.log.debug(`Asking the warm process to fork ${count} engine(s)`);
    const pids = await withTimeout(warm.fork(engineArgs(binding.profileDir, binding.clusterId), count), Timeouts.standbyReadyMs);
    if (!pids) {
      // Ending its stdin also ends children it forked and that were not let go: the fallback cannot double them.
      this.log.info('The warm process did not fork the engines; booting fresh ones instead');
      this.discardIf(key, warm);
      return undefined;
    }
    this.log.info(`Forked engine(s) ${pids.join(', ')} from the warm process`);
    return pids;
  }

  /** Whether the cluster has a warm process for this binding (ready or still importing). */
  has(key: string, binding: StandbyBinding): boolean {
    const warm = this.warm.get(key);
    return warm !== undefined && sameBinding(warm.binding, binding);
  }

  /** Ends the cluster's warm process unless it was started for this controller. */
  release(key: string, controllerPid: number | undefined): void {
    if (this.warm.get(key)?.binding.controllerPid !== controllerPid) this.discard(key);
  }

  /** The cluster's warm process ends (stop, delete, another controller); engines it forked are not touched. */
  discard(key: string): void {
    const warm = this.warm.get(key);
    this.warm.delete(key);
    warm?.end();
  }

  /** Discards the cluster's warm process if it is still `warm` (not one a later fill started). */
  discardIf(key: string, warm: WarmProcess): void {
    if (this.warm.get(key) === warm) this.discard(key);
    else warm.end();
  }

  dispose(): void {
    for (const key of [...this.warm.keys()]) this.discard(key);
  }

  private spawn(execa: typeof ExecaFn, binding: StandbyBinding, exited: () => void): WarmProcess {
    const args = standbyArgs(this.scriptPath, binding.profileDir, binding.clusterId);
    this.log.debug(`$ ${binding.pythonPath} ${args.join(' ')}  (warm process, in ${binding.cwd})`);
    // Detached and not cleaned up with us: end of its stdin ends it (see ipp_standby.py), and the
    // engines it forks must outlive this window.
    const child = execa(binding.pythonPath, args, {
      cwd: binding.cwd,
      env: { IPP_NONINTERACTIVE: '1' },
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'ignore', // its own log file
      detached: true,
      cleanup: false,
      buffer: false,
      reject: false,
    });
    child.unref();
    // Its answers, one JSON line each: {"standby": pid} once, then {"engines": [pid, …]} (or {"error": …}) per request.
    const answers: ((pids: number[] | undefined) => void)[] = [];
    let ended = false;
    let onReady: (pid: number | undefined) => void = () => undefined;
    const ready = new Promise<number | undefined>((resolve) => (onReady = resolve));
    child.stdout?.on(
      'data',
      lineSplitter((line) => {
        const standby = /"standby":\s*(\d+)/.exec(line);
        if (standby) onReady(Number(standby[1]));
        else answers.shift()?.(forkedPids(line));
      }, MAX_ANSWER_CHARS),
    );
    child.stdin?.on('error', () => undefined); // it exited first
    void child.then((result) => {
      ended = true;
      this.log.debug(`Warm process ${child.pid} ended (${result.exitCode ?? result.signal ?? '?'})`);
      onReady(undefined);
      answers.splice(0).forEach((answer) => answer(undefined));
      exited();
    });
    return {
      binding,
      ready,
      fork: async (argv, count) => {
        if (ended) return undefined;
        const forked = new Promise<number[] | undefined>((resolve) => answers.push(resolve));
        child.stdin?.write(`${JSON.stringify({ argv, count })}\n`);
        const pids = await forked;
        // The forked children wait until told to go on: given up on meanwhile (stdin ended), they exit.
        if (pids) child.stdin?.write(`${JSON.stringify({ go: true })}\n`);
        return pids;
      },
      end: () => child.stdin?.end(),
    };
  }
}
