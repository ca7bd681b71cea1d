import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import type { EngineLeft } from './helper';

/** The same engine slot dying this often within this window is a crash loop: it is no longer replaced. */
export const CRASH_LOOP = { deaths: 3, windowMs: 5 * 60_000 };

/** An engine the controller dropped while no operation of ours ran: it died on its own. */
export interface LostEngine extends EngineLeft {
  /** Its process, as it last answered (on its own host), if it ever did. */
  pid: number | null;
  /** The machine it ran on; null: this one. */
  host: string | null;
  /** The kernel's out-of-memory killer acted in this window's cgroup as it died (engines on this machine only). */
  oomKilled: boolean;
}

/**
 * Per cluster, which slot each engine fills (a replacement takes the slot of the engine it replaces) and when
 * each slot's engines died, to tell a crash loop: the same slot dying CRASH_LOOP.deaths times in the window.
 */
export class EngineSlots {
  private readonly slotOf = new Map<number, number>();
  private readonly deaths = new Map<number, number[]>();

  /** Records that engine `id` died; whether its slot is now in a crash loop, and how often it died in the window. */
  died(id: number, now: number): { slot: number; crashLoop: boolean; deaths: number } {
    const slot = this.slotOf.get(id) ?? id;
    this.slotOf.delete(id);
    const recent = [...(this.deaths.get(slot) ?? []), now].filter((t) => now - t < CRASH_LOOP.windowMs);
    this.deaths.set(slot, recent);
    return { slot, crashLoop: recent.length >= CRASH_LOOP.deaths, deaths: recent.length };
  }

  /** The engine that replaced one of `slot` fills it from now on. */
  fill(slot: number, id: number): void {
    this.slotOf.set(id, slot);
  }
}

/**
 * The kernel's count of out-of-memory kills in this process's cgroup (v2 memory.events, v1
 * memory.oom_control), where it can be read: engines started from this window share that cgroup. Inside a
 * container the cgroup path may not exist under the mount; its root (the container's own) is read then.
 */
export function oomKillCount(procSelfCgroup = '/proc/self/cgroup', cgroupRoot = '/sys/fs/cgroup'): number | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(procSelfCgroup, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const candidates: string[] = [];
  for (const line of lines) {
    const [, controllers, where] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (where === undefined) continue;
    if (controllers === '') candidates.push(path.join(cgroupRoot, where, 'memory.events'), path.join(cgroupRoot, 'memory.events'));
    else if (controllers.split(',').includes('memory'))
      candidates.push(path.join(cgroupRoot, 'memory', where, 'memory.oom_control'), path.join(cgroupRoot, 'memory', 'memory.oom_control'));
  }
  for (const file of candidates) {
    try {
      const count = /^oom_kill (\d+)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1];
      if (count !== undefined) return Number(count);
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * Whether the kernel's out-of-memory killer acted lately in this window's cgroup: the count now against the
 * one a minute or so ago. Sampled at each refresh of a running cluster, so that a kill long before an
 * engine's death is not taken for its cause, while one just before it (a controller that notices by the
 * heartbeat hears of it seconds later) is.
 */
export class OomKills {
  private samples: { at: number; count: number }[] = [];

  constructor(
    private readonly read: () => number | undefined = oomKillCount,
    private readonly windowMs = 60_000,
  ) {}

  sample(now: number): void {
    const count = this.read();
    if (count === undefined) return;
    this.samples = [...this.samples.filter((s) => now - s.at < this.windowMs), { at: now, count }];
  }

  /** True when the count grew since the oldest sample of the window. */
  killedLately(now: number): boolean {
    const before = this.samples.find((s) => now - s.at < this.windowMs);
    this.sample(now);
    const after = this.samples.at(-1);
    return before !== undefined && after !== undefined && after.count > before.count;
  }
}

/** What the user is told about engines lost at once: each engine, how it ended as far as anything says, and its task. */
export function describeLoss(lost: readonly LostEngine[]): string {
  return lost
    .map((e) => {
      const where = e.host ? l10n.t('pid {0} on {1}', e.pid ?? '?', e.host) : e.pid !== null ? l10n.t('pid {0}', e.pid) : l10n.t('never answered');
      const how = e.oomKilled
        ? l10n.t("the kernel's out-of-memory killer ended it")
        : e.host
          ? l10n.t('the controller lost it (its heartbeat stopped, or its nanny reported it gone)')
          : l10n.t('its process ended, not by IPP Engines');
      const task = e.task
        ? e.label
          ? l10n.t('It was running task {0} (label {1}), which is lost with it.', e.task, e.label)
          : l10n.t('It was running task {0}, which is lost with it.', e.task)
        : l10n.t('It was running no task.');
      return l10n.t('Engine {0} ({1}) died: {2}. {3}', e.id, where, how, task);
    })
    .join(' ');
}
