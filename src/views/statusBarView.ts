import * as l10n from '@vscode/l10n';
import { Commands } from '../constants';
import { readyCount, type ClusterSnapshot } from '../core/snapshot';
import { progressFraction, progressSummary, stateLabel } from './format';

export interface StatusBarView {
  text: string;
  warning: boolean;
  tooltip: string;
}

/** What the status-bar item shows for a snapshot; undefined hides it (no profile, nothing running). */
export function statusBarView(s: ClusterSnapshot | undefined): StatusBarView | undefined {
  if (!s || (!s.profileExists && !s.controller && !s.orphans.length)) return undefined;
  const spinning = s.activity !== 'idle';
  const unresponsive = s.engines.filter((e) => e.state === 'unresponsive').length;
  const stale = s.engines.filter((e) => e.staleFiles.length).length;
  const warning = s.orphans.length > 0 || unresponsive > 0;
  let text = `$(${spinning ? 'sync~spin' : 'server-process'}) `;
  if (s.controller || spinning) text += `${readyCount(s)}/${s.engines.length}`;
  else text += stateLabel('stopped');
  // "4/4 · 37/100" while a run goes on; nothing of it while idle.
  const run = s.controller && s.progress?.active ? s.progress : undefined;
  if (run) text += ` · ${progressFraction(run)}`;
  if (stale) text += ` ${l10n.t('stale')}`;
  if (s.orphans.length) text += ` $(warning) ${s.orphans.length > 1 ? l10n.t('{0} orphans', s.orphans.length) : l10n.t('{0} orphan', s.orphans.length)}`;
  const link = (label: string, command: string) => `[${label}](command:${command})`;
  const lines = [
    `**IPP Engines**: ${s.controller ? l10n.t('controller {0}', s.controller.pid) : l10n.t('not running')}${spinning ? ` (${stateLabel(s.activity)})` : ''}`,
    l10n.t('Engines: {0} ready of {1}', readyCount(s), s.engines.length) +
      (unresponsive ? l10n.t(', {0} unresponsive', unresponsive) : '') +
      (stale ? l10n.t(', {0} running old code', stale) : ''),
    run ? l10n.t('This run: {0}', progressSummary(run)) : '',
    s.orphans.length ? l10n.t('Orphans: {0} — {1}', s.orphans.map((o) => o.pid).join(', '), link(l10n.t('Kill Orphans'), Commands.killOrphans)) : '',
    s.restartPending ? l10n.t('A restart is queued until every engine is idle.') : '',
    s.controller
      ? [link(l10n.t('Restart Engines'), Commands.restartEngines), link(l10n.t('Stop'), Commands.stop), link(l10n.t('Status'), Commands.status)].join(' · ')
      : link(l10n.t('Start'), Commands.start),
  ];
  return { text, warning, tooltip: lines.filter(Boolean).join('\n\n') };
}
