import type { execa as ExecaFn } from 'execa';
import { withTimeout } from './deadline';
import { engineArgs, standbyArgs, Timeouts } from './ipyparallel';
import type { Logger } from './log';

/** What a cluster's standby engines were booted for: another interpreter or controller makes them useless. */
export interface StandbyBinding {
  pythonPath: string;
  controllerPid: number;
  profileDir: string;
  clusterId: string;
  /** The working directory and environment `ipcluster engines` would give its engines. */
  cwd: string;
}

interface StandbyEngine {
  /** Resolves with its pid once Python and ipyparallel's engine are imported; undefined if it exited first. */
  ready: Promise<number | undefined>;
  activate: (argv: string[]) => void;
  end: () => void;
}

interface Pool {
  binding: StandbyBinding;
  engines: StandbyEngine[];
  /** The last fill's spawning (execa loads first). */
  filled: Promise<void>;
}

const sameBinding = (a: StandbyBinding, b: StandbyBinding) =>
  a.pythonPath === b.pythonPath && a.controllerPid === b.controllerPid && a.profileDir === b.profileDir && a.clusterId === b.clusterId && a.cwd === b.cwd;

/**
 * Engines booted ahead of the next restart (`ipp_standby.py`): Python started, ipyparallel's engine and
 * nanny imported, not connected, no user code. A restart then only connects them, instead of booting N
 * Pythons on the cores the old engines are leaving. One pool per cluster, of processes this window
 * started: each is tied to us by its stdin, so a window that closes ends the ones not yet activated.
 * An activated one is an ordinary engine of the cluster, which outlives the window as ipcluster's do.
 */
export class StandbyEngines {
  private readonly pools = new Map<string, Pool>();
  /** Per cluster, when each activated engine (by pid) connected: its code is that old, not as old as its process. */
  private readonly activations = new Map<string, Map<number, number>>();

  constructor(
    private readonly scriptPath: string,
    private readonly log: Logger,
    private readonly onSpawn?: (what: string) => void,
  ) {}

  /** Boots standby engines until the cluster has `count`; any booted for another binding are ended first. */
  fill(key: string, binding: StandbyBinding, count: number): Promise<void> {
    const pool = this.pools.get(key);
    if (pool && !sameBinding(pool.binding, binding)) this.discard(key);
    const current = this.pools.get(key) ?? { binding, engines: [], filled: Promise.resolve() };
    this.pools.set(key, current);
    current.filled = current.filled.then(async () => {
      const { execa } = await import('execa');
      if (this.pools.get(key) !== current) return; // ended meanwhile (a stop right after the start)
      while (current.engines.length < count) {
        this.onSpawn?.('standby engine');
        const engine: StandbyEngine = this.spawn(execa, binding, () => this.forget(key, current, engine));
        current.engines.push(engine);
      }
      for (const extra of current.engines.splice(count)) extra.end();
    });
    return current.filled;
  }

  /** Pids of the cluster's standby engines once each has imported (any that exited first are left out). */
  async ready(key: string): Promise<number[]> {
    const pool = this.pools.get(key);
    if (!pool) return [];
    await pool.filled;
    return (await Promise.all(pool.engines.map((e) => e.ready))).filter((pid): pid is number => pid !== undefined);
  }

  /**
   * Connects `count` standby engines as the cluster's fresh engines and returns their pids, or undefined
   * (and nothing is activated) when the pool has too few for this binding; the caller boots engines the
   * usual way then. Ones still importing are waited for: that is still sooner than booting anew.
   */
  async activate(key: string, binding: StandbyBinding, count: number): Promise<number[] | undefined> {
    const pool = this.pools.get(key);
    if (!pool || !sameBinding(pool.binding, binding) || pool.engines.length < count) return undefined;
    const taken = pool.engines.splice(0, count);
    const pids = await Promise.all(taken.map((e) => withTimeout(e.ready, Timeouts.standbyReadyMs)));
    if (pids.some((pid) => pid === undefined)) {
      this.log.info('Standby engines were not ready; booting fresh ones instead');
      taken.forEach((e) => e.end());
      return undefined;
    }
    taken.forEach((e) => e.activate(engineArgs(binding.profileDir, binding.clusterId)));
    const activated = this.activations.get(key) ?? new Map<number, number>();
    this.activations.set(key, activated);
    for (const pid of pids as number[]) activated.set(pid, Date.now());
    this.log.info(`Activated standby engine(s) ${pids.join(', ')}`);
    return pids as number[];
  }

  /** When each activated engine of the cluster connected; activations of pids not among `runningPids` are forgotten (ended). */
  activatedAt(key: string, runningPids: number[]): Map<number, number> {
    const activated = this.activations.get(key);
    if (!activated) return new Map();
    const running = new Set(runningPids);
    for (const pid of activated.keys()) if (!running.has(pid)) activated.delete(pid);
    return activated;
  }

  /** How many standby engines the cluster has for this binding (ready or still importing). */
  count(key: string, binding: StandbyBinding): number {
    const pool = this.pools.get(key);
    return pool && sameBinding(pool.binding, binding) ? pool.engines.length : 0;
  }

  /** Ends the cluster's standby engines unless they were booted for this controller. */
  release(key: string, controllerPid: number | undefined): void {
    const pool = this.pools.get(key);
    if (pool && pool.binding.controllerPid !== controllerPid) this.discard(key);
  }

  /** The cluster's standby engines end (stop, delete, another controller); activated ones are not touched. */
  discard(key: string): void {
    const pool = this.pools.get(key);
    this.pools.delete(key);
    pool?.engines.forEach((e) => e.end());
  }

  dispose(): void {
    for (const key of [...this.pools.keys()]) this.discard(key);
  }

  /** A standby engine exited (ended, or died): it leaves its pool. */
  private forget(key: string, pool: Pool, engine: StandbyEngine): void {
    const index = pool.engines.indexOf(engine);
    if (index >= 0) pool.engines.splice(index, 1);
    if (!pool.engines.length && this.pools.get(key) === pool) this.pools.delete(key);
  }

  private spawn(execa: typeof ExecaFn, binding: StandbyBinding, exited: () => void): StandbyEngine {
    const args = standbyArgs(this.scriptPath, binding.profileDir, binding.clusterId);
    this.log.debug(`$ ${binding.pythonPath} ${args.join(' ')}  (standby, in ${binding.cwd})`);
    // Detached and not cleaned up with us: once activated, it is an engine that outlives this window.
    const child = execa(binding.pythonPath, args, {
      cwd: binding.cwd,
      env: { IPP_NONINTERACTIVE: '1' },
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'ignore', // its own log file (see ipp_standby.py)
      detached: true,
      cleanup: false,
      buffer: false,
      reject: false,
    });
    let activated = false;
    const ready = new Promise<number | undefined>((resolve) => {
      child.stdout?.once('data', (chunk: Buffer) => {
        const pid = Number(/"standby":\s*(\d+)/.exec(chunk.toString())?.[1]);
        resolve(pid || undefined);
      });
      void child.then(() => resolve(undefined));
    });
    child.stdin?.on('error', () => undefined); // it exited first
    void child.then((result) => {
      if (!activated) this.log.debug(`Standby engine ${child.pid} ended (${result.exitCode ?? result.signal ?? '?'})`);
      exited();
    });
    return {
      ready,
      activate: (argv) => {
        activated = true;
        child.stdin?.end(`${JSON.stringify({ argv })}\n`);
        child.stdout?.destroy();
        child.unref();
      },
      end: () => {
        // End of stdin ends a standby engine and its nanny (and removes its log); no signal needed.
        if (!activated) child.stdin?.end();
      },
    };
  }
}
