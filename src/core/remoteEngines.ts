import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { clusterFilesOf } from './clusterFiles';
import { clusterIdOf } from './clusterRecord';
import type { ClusterTarget, KnownEngine, OrphanRemote } from './clusterTypes';
import { errorMessage, UserError } from './errors';
import { onThisHost } from './hosts';
import { clusterIdOfFile, Timeouts } from './ipyparallel';
import { effectiveLauncher } from './launchChecks';
import type { Logger } from './log';
import { realPathOf } from './paths';
import type { ProfileProcesses } from './processRoles';
import { interpreterOf } from './python';
import { destinationOf, endOnHosts, listOnHosts, parseSshHost, sshHostsOf, type SshHost, type SshScope } from './sshEngines';

/** An engine as a status or the record knows it: where it runs, when known. */
type PlacedEngine = { id: number; pid?: number | null; host?: string | null };

/** How long what ssh found of a cluster without a controller is trusted before asking again. */
const ORPHAN_SWEEP_MS = 30_000;

/**
 * A cluster's engines on other hosts, reached over ssh: where they may run, ending them there verified, and
 * those left running by clusters whose controller is gone.
 */
export class RemoteEngines {
  /** What ssh found of clusters without a controller, per cluster file, with when it asked. */
  private readonly orphanSweeps = new Map<string, { at: number; found: OrphanRemote[] }>();

  constructor(private readonly log: Logger) {}

  /** The pids of engines on other hosts by the SSH destination they run on (`known`: what their last answers said). */
  async pidsByHost(
    target: ClusterTarget,
    engines: readonly PlacedEngine[],
    known: ReadonlyMap<number, KnownEngine>,
  ): Promise<{ pidsOn: Map<string, number[]>; unplaced: number[] }> {
    const remote = engines
      .map((e) => ({ id: e.id, pid: e.pid ?? known.get(e.id)?.pid, host: e.host ?? known.get(e.id)?.host }))
      .filter((e) => !onThisHost(e.host));
    const scope = remote.length ? await this.scope(target, clusterIdOf(target)).catch(() => undefined) : undefined;
    const pidsOn = new Map<string, number[]>();
    const unplaced: number[] = [];
    for (const engine of remote) {
      const destination = engine.host && engine.pid ? destinationOf(engine.host, scope?.hosts ?? []) : undefined;
      if (!destination) unplaced.push(engine.id);
      else pidsOn.set(destination.key, [...(pidsOn.get(destination.key) ?? []), engine.pid!]);
    }
    return { pidsOn, unplaced };
  }

  /** Ends these engines of other hosts on their SSH hosts, verified there. Never throws: what could not be ended is a warning. */
  async endEngines(target: ClusterTarget, engines: readonly PlacedEngine[], known: ReadonlyMap<number, KnownEngine>): Promise<{ warnings: string[] }> {
    if (!engines.length) return { warnings: [] };
    const { pidsOn, unplaced } = await this.pidsByHost(target, engines, known);
    const ended = pidsOn.size ? await this.end(target, clusterIdOf(target), Timeouts.restartGraceMs, { pidsOn }) : { warnings: [] };
    return {
      warnings: [
        ...ended.warnings,
        ...(unplaced.length ? [l10n.t('engine(s) {0} run on a host that ippEngines.ssh.hosts does not name: not ended', unplaced.join(', '))] : []),
      ],
    };
  }

  /** Ends a cluster's processes on its SSH hosts (see endOnHosts); nothing where it has none. Never throws. */
  async end(
    target: ClusterTarget,
    clusterId: string,
    graceMs: number = Timeouts.stopGraceMs,
    select?: Parameters<typeof endOnHosts>[3],
  ): Promise<{ ended: { host: string; pids: number[] }[]; warnings: string[] }> {
    const scope = await this.scope(target, clusterId).catch((error: unknown) => {
      this.log.warn(`Could not tell where SSH engines run: ${error}`);
      return undefined;
    });
    return scope ? endOnHosts(scope, this.log, graceMs, select) : { ended: [], warnings: [] };
  }

  /**
   * SSH engines still running for clusters of the profile without a live controller (they do not end by
   * themselves when it dies). Asked over ssh only where a cluster file records SSH engines, at most every
   * 30 s per file (`fresh`: now).
   */
  async orphans(target: ClusterTarget, procs: ProfileProcesses, options: { fresh?: boolean } = {}): Promise<OrphanRemote[]> {
    const live = new Set([procs.controller ? clusterIdOf(target) : undefined, ...procs.otherClusters.map((c) => c.clusterId)]);
    const files = clusterFilesOf(target.profileDir).filter((f) => !live.has(clusterIdOfFile(f.file) ?? '') && f.engineSets.some((s) => s.kind === 'ssh'));
    const found = await Promise.all(
      files.map(async (f) => {
        const cached = this.orphanSweeps.get(f.file);
        if (cached && !options.fresh && Date.now() - cached.at < ORPHAN_SWEEP_MS) return cached.found;
        const clusterId = clusterIdOfFile(f.file) ?? '';
        const scope = await this.scope(target, clusterId).catch(() => undefined);
        const running: OrphanRemote[] = scope ? (await listOnHosts(scope, this.log)).map((r) => ({ ...r, clusterId })) : [];
        this.orphanSweeps.set(f.file, { at: Date.now(), found: running });
        return running;
      }),
    );
    return found.flat();
  }

  /** Orphans were ended: what the last sweeps found no longer holds. */
  forgetOrphans(): void {
    this.orphanSweeps.clear();
  }

  /**
   * Where a cluster's SSH engines may run: the setting's hosts, when the setting chooses ssh, and those the
   * cluster file recorded. Undefined where there are none. The sweep runs there with the interpreter of the
   * setting (a cluster file's is never run: the file may be forged).
   */
  private async scope(target: ClusterTarget, clusterId: string): Promise<SshScope | undefined> {
    const settings = target.launcher;
    const fromSetting = settings?.launcher === 'ssh' && effectiveLauncher(target).source === 'setting' ? hostsOfSetting(settings.ssh.hosts) : [];
    const recorded = clusterFilesOf(target.profileDir, [clusterId]).flatMap((f) => f.engineSets.flatMap((s) => (s.kind === 'ssh' ? (s.hosts ?? []) : [])));
    const hosts: SshHost[] = [...fromSetting];
    for (const host of recorded.flatMap((key) => parseSshHost(key) ?? []))
      if (!hosts.some((h) => h.host === host.host && h.user === host.user)) hosts.push(host);
    if (!hosts.length) return undefined;
    // Ending engines there needs an interpreter there, not this window's: without one, the hosts' python3.
    const remotePython =
      settings?.ssh.python ||
      (await interpreterOf(target).then(
        (python) => python.pythonPath,
        (error: unknown) => {
          if (error instanceof UserError && error.kind === 'untrusted') throw error;
          this.log.warn(`No interpreter here (${errorMessage(error)}); the SSH hosts run python3`);
          return 'python3';
        },
      ));
    const home = os.homedir();
    const inHome = target.profileDir.startsWith(home + path.sep) ? [path.relative(home, target.profileDir)] : [];
    return { hosts, remotePython, profiles: [...new Set([target.profileDir, realPathOf(target.profileDir), ...inHome])], clusterId };
  }
}

/** The setting's SSH hosts; none where it does not parse (a start says why). */
function hostsOfSetting(hosts: Parameters<typeof sshHostsOf>[0]): SshHost[] {
  try {
    return sshHostsOf(hosts).map((h) => h.host);
  } catch {
    return [];
  }
}
