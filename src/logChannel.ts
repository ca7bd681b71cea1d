import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';
import type { KeyRing } from './core/keyRing';

const LEVELS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error']);
/** Lines a test-mode recording keeps (the newest). */
const RECORDED_LINES = 20_000;

/**
 * The one log channel, and the one place every message passes on its way there: each is redacted with the
 * keys the ring knows (a cluster key never reaches the log, even from a helper's stderr). Never shown by
 * force: errors offer "Open Log" instead. With `recording` (test mode only), every message is also kept
 * there, whatever the channel's level: tests check that none of them, not even a trace line, holds a secret.
 */
export function createLog(keys: KeyRing, recording?: string[]): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  return new Proxy(channel, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (!LEVELS.has(property) || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (message: string, ...args: unknown[]) => {
        const line = keys.redact(`${message} ${args.map(String).join(' ')}`.trimEnd());
        if (recording) {
          recording.push(`[${String(property)}] ${line}`);
          if (recording.length > RECORDED_LINES) recording.splice(0, recording.length - RECORDED_LINES);
        }
        return value.call(target, line);
      };
    },
  });
}
