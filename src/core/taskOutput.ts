import * as l10n from '@vscode/l10n';
import type { TaskOutputChunk } from './helper';

/** A line that never ends (a progress bar drawn with \r, a huge repr) is passed on in pieces this long. */
const MAX_LINE = 4096;
/** Partial lines kept waiting for their end, at most (one per engine and stream). */
const MAX_PARTIALS = 1024;

/**
 * What tasks print, as lines for the Task Output channel: each line prefixed with its engine id (and its
 * task's label where there is one), stderr marked. A task's print can arrive in pieces: a piece without its
 * newline waits for the rest of its line, per engine and stream, so two engines' lines never interleave.
 * Secrets are redacted by `redact`, as in every log.
 */
export class TaskOutputLines {
  private readonly partial = new Map<string, string>();

  constructor(private readonly redact: (text: string) => string) {}

  /** The channel's text for one batch of chunks (whole lines only), with a note where the helper dropped output. */
  add(chunks: readonly TaskOutputChunk[], dropped: number): string {
    const out: string[] = [];
    for (const chunk of chunks) {
      const key = `${chunk.engine}\0${chunk.stream}\0${chunk.label ?? ''}`;
      const text = (this.partial.get(key) ?? '') + chunk.text.replace(/\r\n/g, '\n');
      this.partial.delete(key);
      const lines = text.split('\n');
      let rest = lines.pop() ?? '';
      for (const line of lines) out.push(prefix(chunk) + line);
      while (rest.length > MAX_LINE) {
        out.push(prefix(chunk) + rest.slice(0, MAX_LINE));
        rest = rest.slice(MAX_LINE);
      }
      if (rest) this.partial.set(key, rest);
    }
    // A burst over many engines and labels must not keep pieces without end.
    for (const key of this.partial.keys()) {
      if (this.partial.size <= MAX_PARTIALS) break;
      this.partial.delete(key);
    }
    if (dropped > 0) out.push(l10n.t('[IPP Engines] {0} characters of task output were dropped here: more came than the channel keeps up with.', dropped));
    return out.length ? this.redact(out.join('\n') + '\n') : '';
  }

  /** Lines still waiting for their end, as they are (a restart or stop ends them). */
  flush(): string {
    const out = [...this.partial].map(([key, text]) => {
      const [engine, stream, label] = key.split('\0');
      return prefix({ engine: engine === 'null' ? null : Number(engine), stream, label: label || null, text }) + text;
    });
    this.partial.clear();
    return out.length ? this.redact(out.join('\n') + '\n') : '';
  }
}

function prefix(chunk: Omit<TaskOutputChunk, 'text'> & { text?: string }): string {
  const engine = chunk.engine === null ? l10n.t('engine ?') : l10n.t('engine {0}', chunk.engine);
  const label = chunk.label ? ` · ${chunk.label}` : '';
  const stream = chunk.stream === 'stderr' ? ' stderr' : '';
  return `[${engine}${label}${stream}] `;
}
