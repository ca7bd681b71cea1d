import type { ClusterTarget, EngineRef, KnownEngine } from './clusterTypes';
import type { HelperStatus } from './helper';
import { onThisHost } from './hosts';
import type { ProfileProcesses } from './processRoles';
import type { ResidentClient } from './residentClient';
import { RunTracker } from './runProgress';

export const clusterIdOf = (target: ClusterTarget) => target.clusterId ?? '';
/** Per-cluster state is keyed by profile and cluster id. */
export const clusterKey = (target: ClusterTarget) => `${target.profileDir}\0${clusterIdOf(target)}`;

/** What this window knows of one running cluster, beyond what the process table and its files say. */
export class ClusterRecord {
  /** Engine id → its pid, host and start, learnt from its answers: busy engines cannot tell us. */
  readonly engines = new Map<number, KnownEngine>();
  /** Engine id → when it was first seen registered without its process. */
  readonly deadSince = new Map<number, number>();
  /** The helper that holds a Client: status without a Python start-up, pushed registrations. */
  resident: ResidentClient | undefined;
  /** Engine count of the last start, restart or scale, so a restart brings back N after an engine died. */
  requested: number | undefined;
  /** What the startup files of the current engines raised. */
  startupError: string | undefined;
  /** The user's work over the current (or last) run, from each status. */
  readonly run = new RunTracker();

  remember(engines: readonly EngineRef[]): void {
    for (const e of engines)
      this.engines.set(e.id, { pid: e.pid, host: e.host ?? null, startedAt: typeof e.started === 'number' ? Math.round(e.started * 1000) : null });
  }

  /**
   * A status lists every id the controller has: one it no longer lists (an engine a restart replaced) is
   * forgotten, else every restart would add its old engines to the dead ids of each later request. Engines
   * whose answer names no host keep the one last known.
   */
  accept(status: HelperStatus): void {
    const listed = new Set(status.engines.map((e) => e.id));
    for (const id of this.engines.keys()) if (!listed.has(id)) this.engines.delete(id);
    this.remember(status.engines.flatMap((e) => (e.pid ? [{ id: e.id, pid: e.pid, host: e.host, started: e.started }] : [])));
    for (const e of status.engines) e.host = e.host || (this.engines.get(e.id)?.host ?? null);
    this.run.observe(status);
  }

  /**
   * Registered engine ids of this host whose process we know and which is gone (killed, crashed); remembers
   * since when. An engine on another host is never judged from this process table: the controller drops it.
   */
  deadIds(procs: ProfileProcesses): Set<number> {
    const alive = new Set(procs.engines.map((e) => e.pid));
    const dead = new Set([...this.engines].filter(([, e]) => onThisHost(e.host) && !alive.has(e.pid)).map(([id]) => id));
    for (const id of this.deadSince.keys()) if (!dead.has(id)) this.deadSince.delete(id);
    for (const id of dead) if (!this.deadSince.has(id)) this.deadSince.set(id, Date.now());
    return dead;
  }

  endResident(): void {
    this.resident?.dispose();
    this.resident = undefined;
  }
}

/** One record per cluster; forgetting a cluster drops all of it at once. */
export class ClusterRecords {
  private readonly records = new Map<string, ClusterRecord>();

  of(target: ClusterTarget): ClusterRecord {
    const key = clusterKey(target);
    let record = this.records.get(key);
    if (!record) this.records.set(key, (record = new ClusterRecord()));
    return record;
  }

  /** The record, where the cluster has one (reads that must not create it). */
  peek(target: ClusterTarget): ClusterRecord | undefined {
    return this.records.get(clusterKey(target));
  }

  /** The cluster started afresh or stopped: nothing of what was known holds. */
  forget(target: ClusterTarget): void {
    this.peek(target)?.endResident();
    this.records.delete(clusterKey(target));
  }

  dispose(): void {
    for (const record of this.records.values()) record.endResident();
    this.records.clear();
  }
}
