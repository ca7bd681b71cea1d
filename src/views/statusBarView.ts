import { Commands } from '../constants';
import { readyCount, type ClusterSnapshot } from '../core/snapshot';

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
  else text += 'stopped';
  if (stale) text += ' stale';
  if (s.orphans.length) text += ` $(warning) ${s.orphans.length} orphan${s.orphans.length > 1 ? 's' : ''}`;
  const lines = [
    `**IPP Engines**: ${s.controller ? `controller ${s.controller.pid}` : 'not running'}${spinning ? ` (${s.activity})` : ''}`,
    `Engines: ${readyCount(s)} ready of ${s.engines.length}${unresponsive ? `, ${unresponsive} unresponsive` : ''}${stale ? `, ${stale} running old code` : ''}`,
    s.orphans.length ? `Orphans: ${s.orphans.map((o) => o.pid).join(', ')} — [Kill Orphans](command:${Commands.killOrphans})` : '',
    s.restartPending ? 'A restart is queued until every engine is idle.' : '',
    s.controller
      ? `[Restart Engines](command:${Commands.restartEngines}) · [Stop](command:${Commands.stop}) · [Status](command:${Commands.status})`
      : `[Start](command:${Commands.start})`,
  ];
  return { text, warning, tooltip: lines.filter(Boolean).join('\n\n') };
}
