import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { errorMessage } from '../core/errors';
import type { ClusterSnapshot } from '../core/snapshot';
import { EngineSamples, TaskTimeline, TIMELINE_KEEP, TIMELINE_TASKS, type TimelineData } from '../core/timeline';
import { folderCommand, type CommandDeps } from '../commands/common';

/** A bar the webview drew: its task, the lane (engine id, or 'unknown') it is in, its outcome's colour. */
export interface RenderedBar {
  task: string;
  engine: string;
  status: string;
}

/** What the webview says it drew, read from its own DOM after each render (tests read it). */
export interface TimelineRendered {
  folder: string;
  /** Each lane's engine id ('unknown' for tasks of engines not known), top to bottom. */
  engines: string[];
  bars: RenderedBar[];
  /** CPU/memory series drawn (one per engine sampled). */
  series: number;
  /** The banner shown (--nodb, trimmed records, a read failure), if any. */
  note: string | null;
  /** Why drawing failed, if it did. */
  error: string | null;
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const barsOf = (value: unknown): RenderedBar[] =>
  Array.isArray(value)
    ? value.filter((b): b is RenderedBar => typeof b?.task === 'string' && typeof b?.engine === 'string' && typeof b?.status === 'string')
    : [];

/** The webview asks at most this often: a run's records are read through the resident client. */
const UPDATE_MS = 1000;

/** One folder's open Run Timeline panel. */
interface OpenPanel {
  panel: vscode.WebviewPanel;
  timer?: ReturnType<typeof setTimeout>;
  updating?: Promise<void>;
  /** What the webview holds: of which run, up to which finished task and which sample time. None: nothing yet. */
  sent?: { history: object; finished: number; sampledUntil: number };
}

/**
 * Show Run Timeline: a webview per folder with one lane per engine and each task as a bar from its start to
 * its end, coloured by outcome, from the controller's task records; under it, CPU and memory per engine from
 * the samples the tree takes. It follows the run while open (once a second at most). Drawn with plain SVG by
 * media/timeline.js under a strict Content-Security-Policy: nothing remote, nothing inline.
 */
export class RunTimelines implements vscode.Disposable {
  private readonly open = new Map<string, OpenPanel>();
  /** Per folder, what the current controller's run looked like: a new controller (a new cluster) starts afresh. */
  private readonly history = new Map<string, { controllerPid: number | null; tasks: TaskTimeline; samples: EngineSamples }>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly deps: CommandDeps,
    private readonly extensionUri: vscode.Uri,
    /** Each render's own count of what it drew (test mode). */
    private readonly onRendered?: (rendered: TimelineRendered) => void,
  ) {
    this.disposables = [
      vscode.commands.registerCommand(
        Commands.showRunTimeline,
        folderCommand(deps, async ({ folder }) => {
          this.show(folder);
          return { ok: true, message: vscode.l10n.t('Run Timeline of {0} shown.', folder.name) };
        }),
      ),
      deps.service.onDidChangeSnapshot((s) => this.observe(s)),
    ];
  }

  private observe(s: ClusterSnapshot): void {
    this.historyOf(s).samples.add(s.engines, s.updatedAt);
    if (this.open.has(s.folder)) this.schedule(s.folder);
  }

  private historyOf(s: ClusterSnapshot) {
    const controllerPid = s.controller?.pid ?? null;
    let history = this.history.get(s.folder);
    // No controller (stopped, or not seen yet) keeps the last run's picture until the next one starts.
    if (!history || (controllerPid !== null && history.controllerPid !== controllerPid)) {
      history = { controllerPid, tasks: new TaskTimeline(), samples: new EngineSamples() };
      this.history.set(s.folder, history);
    }
    return history;
  }

  private show(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.fsPath;
    const existing = this.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('ippEngines.runTimeline', vscode.l10n.t('Run Timeline: {0}', folder.name), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: false,
    });
    const open: OpenPanel = { panel };
    this.open.set(key, open);
    panel.webview.html = this.html(panel.webview, media);
    panel.webview.onDidReceiveMessage((message: Record<string, unknown>) => {
      if (message?.type === 'ready') {
        open.sent = undefined; // a (re)loaded webview holds nothing
        this.schedule(key, 0);
      }
      if (message?.type === 'rendered')
        this.onRendered?.({
          folder: key,
          engines: strings(message.engines),
          bars: barsOf(message.bars),
          series: Number(message.series) || 0,
          note: textOrNull(message.note),
          error: textOrNull(message.error),
        });
    });
    panel.onDidDispose(() => {
      if (open.timer) clearTimeout(open.timer);
      this.open.delete(key);
    });
  }

  private schedule(key: string, delay = UPDATE_MS): void {
    const open = this.open.get(key);
    if (!open || open.timer) return;
    open.timer = setTimeout(() => {
      open.timer = undefined;
      // One update at a time: a slow answer must not pile requests up.
      open.updating ??= this.update(key, open).finally(() => (open.updating = undefined));
    }, delay);
  }

  private async update(key: string, open: OpenPanel): Promise<void> {
    const { service } = this.deps;
    const folder = service.folderFor(key);
    const snapshot = folder && service.snapshot(folder);
    if (!folder || !snapshot) return;
    const history = this.historyOf(snapshot);
    const { tasks: timeline, samples } = history;
    let problem: string | null = null;
    if (snapshot.controller) {
      try {
        timeline.add(await service.taskRecords(folder, TIMELINE_TASKS));
      } catch (error) {
        problem = vscode.l10n.t('The task records could not be read: {0}', errorMessage(error));
      }
    }
    const live = new Set(snapshot.engines.flatMap((e) => (e.id === null ? [] : [e.id])));
    const ids = new Set([...live, ...timeline.tasks().flatMap((t) => (t.engine === null ? [] : [t.engine]))]);
    const reset = open.sent?.history !== history;
    const finished = timeline.finishedSince(reset ? 0 : open.sent!.finished);
    const sampled = samples.since(reset ? -Infinity : open.sent!.sampledUntil);
    const data: TimelineData = {
      now: Date.now(),
      engines: [...ids]
        .sort((a, b) => a - b)
        .map((id) => ({ id, name: live.has(id) ? vscode.l10n.t('engine {0}', id) : vscode.l10n.t('engine {0} (gone)', id) })),
      reset,
      finished: finished.tasks,
      running: timeline.runningTasks(),
      samples: sampled,
      keep: TIMELINE_KEEP,
      note: problem ?? timeline.note(snapshot.progress),
    };
    const sampledUntil = Math.max(reset ? -Infinity : open.sent!.sampledUntil, ...sampled.map((p) => p.at));
    // Not delivered (the panel hidden or closing): the next message is a whole one.
    open.sent = (await open.panel.webview.postMessage({ type: 'data', data })) ? { history, finished: finished.next, sampledUntil } : undefined;
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = crypto.randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.css'));
    return [
      '<!DOCTYPE html><html><head><meta charset="UTF-8">',
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
      `<link rel="stylesheet" href="${style.toString()}">`,
      `<title>${vscode.l10n.t('Run Timeline')}</title></head>`,
      `<body><div id="root"></div><script nonce="${nonce}" src="${script.toString()}"></script></body></html>`,
    ].join('\n');
  }

  dispose(): void {
    for (const open of this.open.values()) {
      if (open.timer) clearTimeout(open.timer);
      open.panel.dispose();
    }
    this.disposables.forEach((d) => d.dispose());
  }
}
