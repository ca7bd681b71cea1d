import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';

const LEVELS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error']);
/** Lines a test-mode recording keeps (the newest). */
const RECORDED_LINES = 20_000;

/**
 * The one log channel. Never shown by force: errors offer "Open Log" instead. With `recording` (test mode
 * only), every message is also kept there, whatever the channel's level: tests check that none of them,
 * not even a trace line, holds a secret.
 */
export function createLog(recording?: string[]): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  if (!recording) return channel;
  return new Proxy(channel, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (!LEVELS.has(property) || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (message: string, ...args: unknown[]) => {
        recording.push(`[${String(property)}] ${message} ${args.map(String).join(' ')}`.trimEnd());
        if (recording.length > RECORDED_LINES) recording.splice(0, recording.length - RECORDED_LINES);
        return value.call(target, message, ...args);
      };
    },
  });
}
