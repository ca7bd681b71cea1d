import * as l10n from '@vscode/l10n';
import type { RunProgress } from '../core/runProgress';
import type { ClusterActivity, EngineState } from '../core/snapshot';

/** "42s", "3m", "2h 5m", "3d": how long ago `since` was. */
export function formatAge(since: number | null | undefined, now = Date.now()): string {
  if (since === null || since === undefined) return '?';
  const s = Math.max(0, Math.round((now - since) / 1000));
  if (s < 60) return l10n.t('{0}s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return l10n.t('{0}m', m);
  const h = Math.floor(m / 60);
  if (h < 24) return l10n.t('{0}h {1}m', h, m % 60);
  return l10n.t('{0}d', Math.floor(h / 24));
}

/** How the views name an engine's state or the cluster's activity; the values themselves stay in contextValues. */
export function stateLabel(state: EngineState | ClusterActivity | 'stopped'): string {
  // Each label a literal l10n.t call, so that `npm run l10n` exports it.
  const labels: Record<typeof state, string> = {
    idle: l10n.t('idle'),
    busy: l10n.t('busy'),
    starting: l10n.t('starting'),
    unresponsive: l10n.t('unresponsive'),
    stopping: l10n.t('stopping'),
    restarting: l10n.t('restarting'),
    scaling: l10n.t('scaling'),
    stopped: l10n.t('stopped'),
  };
  return labels[state];
}

/** "37/100": tasks finished of those the current run has had so far. */
export function progressFraction(p: RunProgress): string {
  return `${p.completed}/${p.total}`;
}

/** "37/100 done · 4 running · 58 queued · 1 unassigned · 2 failed": a run at a glance (zeros left out). */
export function progressSummary(p: RunProgress): string {
  return [
    l10n.t('{0} done', progressFraction(p)),
    p.running ? l10n.t('{0} running', p.running) : undefined,
    p.queued ? l10n.t('{0} queued', p.queued) : undefined,
    p.unassigned ? l10n.t('{0} unassigned', p.unassigned) : undefined,
    p.failed ? l10n.t('{0} failed', p.failed) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** One line per task label ("fit: 12 done, 1 failed"), where tasks carry labels. */
export function labelLines(p: RunProgress): string[] {
  return Object.entries(p.labels ?? {}).map(([label, c]) =>
    c.failed ? l10n.t('{0}: {1} done, {2} failed', label, c.completed, c.failed) : l10n.t('{0}: {1} done', label, c.completed),
  );
}

/** "45 s", "2 min 14 s", "3 h 5 min": how long something took. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return l10n.t('{0} s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return l10n.t('{0} min {1} s', m, s % 60);
  return l10n.t('{0} h {1} min', Math.floor(m / 60), m % 60);
}
