import * as l10n from '@vscode/l10n';
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
