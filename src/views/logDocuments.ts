import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KeyRing } from '../core/keyRing';
import { ProfileFileRefused, readProfileTail } from '../core/profileFile';

export const LOG_SCHEME = 'ipp-log';

/** An editor shows at most the end of a log: a long run's engine log can be huge. */
const SHOWN_LOG_BYTES = 4 * 1024 * 1024;
/** How often an open log's file is checked for growth: often enough to follow, cheap with many open. */
const FOLLOW_INTERVAL_MS = 1000;

export function logUri(file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LOG_SCHEME, path: file });
}

/**
 * Logs open read-only through their own scheme (the user reads them, never edits ipcluster's files), and
 * follow the file while it grows: each open log's file is polled, a change redraws the document, and
 * editors scrolled to its end stay at the end.
 */
export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Open logs being followed, by URI. */
  private readonly followed = new Map<string, { file: string; lineCount: number }>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly keys: KeyRing) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((doc) => doc.uri.scheme === LOG_SCHEME && this.unfollow(doc.uri)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document.uri.scheme === LOG_SCHEME && this.keepAtEnd(e.document)),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const file = uri.path;
    this.follow(uri, file);
    let tail: { text: string; skipped: number };
    try {
      tail = readProfileTail(file, SHOWN_LOG_BYTES);
    } catch (error) {
      // A followed log can go while it is open: ipcluster cleans logs on start, old runs' copies are pruned.
      if (!(error instanceof ProfileFileRefused) || error.reason === 'missing')
        return vscode.l10n.t('[IPP Engines: this log no longer exists: {0}. A newer run of the cluster replaced it.]', file);
      return vscode.l10n.t('[IPP Engines does not show this log: {0}. Logs are read only from regular files.]', error.message);
    }
    // A live log of 7.x quotes the cluster key; its profile's keys are learned first (archived copies are redacted already).
    this.keys.learn(path.dirname(path.dirname(file)));
    const text = this.keys.redact(tail.text);
    const { skipped } = tail;
    return skipped
      ? `${vscode.l10n.t('[IPP Engines shows the last {0} MiB of this log; {1} bytes before them are not shown]', SHOWN_LOG_BYTES / 1024 / 1024, skipped)}\n${text}`
      : text;
  }

  private follow(uri: vscode.Uri, file: string): void {
    const key = uri.toString();
    if (this.followed.has(key)) return;
    this.followed.set(key, { file, lineCount: 0 });
    fs.watchFile(file, { interval: FOLLOW_INTERVAL_MS, persistent: false }, (now, before) => {
      if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) this.changed.fire(uri);
    });
  }

  private unfollow(uri: vscode.Uri): void {
    const followed = this.followed.get(uri.toString());
    if (!followed) return;
    this.followed.delete(uri.toString());
    fs.unwatchFile(followed.file);
  }

  /** Editors that showed the old last line scroll with the log; one scrolled up to read stays put. */
  private keepAtEnd(doc: vscode.TextDocument): void {
    const followed = this.followed.get(doc.uri.toString());
    if (!followed) return;
    const previousEnd = followed.lineCount;
    followed.lineCount = doc.lineCount;
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== doc) continue;
      const lastVisible = editor.visibleRanges.at(-1)?.end.line ?? 0;
      if (lastVisible >= previousEnd - 2) editor.revealRange(new vscode.Range(doc.lineCount - 1, 0, doc.lineCount - 1, 0), vscode.TextEditorRevealType.Default);
    }
  }

  dispose(): void {
    for (const { file } of this.followed.values()) fs.unwatchFile(file);
    this.followed.clear();
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}
