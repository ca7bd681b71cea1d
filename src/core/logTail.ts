import * as fs from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import type { KeyRing } from './keyRing';
import { readProfileTail } from './profileFile';

/** Only the end of a log is read: logs of long runs grow large. */
const TAIL_BYTES = 64 * 1024;

/** The last lines of a log, reading at most its last 64 KiB; [] when it cannot be read or is not a regular file. */
export function tailLines(file: string, count: number): string[] {
  try {
    return readProfileTail(file, TAIL_BYTES)
      .text.split('\n')
      .map((l) => l.trimEnd())
      .filter(Boolean)
      .slice(-count);
  } catch {
    return [];
  }
}

/** The newest log of the profile whose name starts with `prefix` (ipcontroller, ipengine, ipcluster). */
function newestLog(profileDir: string, prefix: string): string | undefined {
  const dir = path.join(profileDir, 'log');
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.startsWith(prefix) && n.endsWith('.log'))
      .map((n) => path.join(dir, n))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  } catch {
    return undefined;
  }
}

const MEANINGFUL = /error|exception|traceback|critical|fatal|denied|not permitted|died|exit|warning/i;

/**
 * Why a start went wrong, in the words of ipcluster's output and the profile's logs: the lines that name a
 * problem (or else the last ones), each source labelled, with every secret redacted.
 */
export function failureCause(profileDir: string, ipclusterOutput: string, known: KeyRing): string {
  const pick = (lines: string[]) => {
    const meaningful = lines.filter((l) => MEANINGFUL.test(l));
    return (meaningful.length ? meaningful : lines).slice(-3);
  };
  const sources: [string, string[]][] = [
    [
      'ipcluster',
      ipclusterOutput
        .split('\n')
        .map((l) => l.trimEnd())
        .filter(Boolean)
        .slice(-40),
    ],
  ];
  for (const prefix of ['ipcontroller', 'ipengine']) {
    const file = newestLog(profileDir, prefix);
    if (file) sources.push([path.basename(file), tailLines(file, 40)]);
  }
  known.learn(profileDir);
  const parts = sources.flatMap(([name, lines]) => {
    const chosen = pick(lines);
    return chosen.length ? [`${name}: ${chosen.map((l) => known.redact(l)).join(' | ')}`] : [];
  });
  return parts.length ? parts.join('\n') : l10n.t('(nothing in the logs)');
}

/**
 * The address the newest engine log says its engine tried to register at (`Registering with controller at
 * tcp://…`, 7.1 to 9.x), if any: on another host, a loopback address there is that host's own.
 */
export function registrationAddress(profileDir: string): string | undefined {
  const file = newestLog(profileDir, 'ipengine');
  const lines = file ? tailLines(file, 400) : [];
  return lines
    .map((line) => /Registering with controller at (\S+)/.exec(line)?.[1])
    .filter(Boolean)
    .pop();
}
