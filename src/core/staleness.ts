/**
 * Which simulation sources changed after an engine started: that engine holds the old code. One tracker
 * for the extension, keyed by workspace folder; the save watcher records changes, the service asks.
 */
export class StalenessTracker {
  /** Folder → changed source → when it changed (ms). */
  private readonly changes = new Map<string, Map<string, number>>();

  /** Records a change; a later event for an older change (e.g. a trailing file-system event) is ignored. */
  record(folder: string, file: string, changedAt: number): void {
    const files = this.changes.get(folder) ?? new Map<string, number>();
    files.set(file, Math.max(files.get(file) ?? 0, changedAt));
    this.changes.set(folder, files);
  }

  /** Files of the folder changed after `startedAt`, sorted; none for an engine of unknown age. */
  staleFiles(folder: string, startedAt: number | null): string[] {
    const files = this.changes.get(folder);
    if (startedAt === null || !files) return [];
    return [...files]
      .filter(([, changedAt]) => changedAt > startedAt)
      .map(([file]) => file)
      .sort();
  }

  /** Forgets changes made before `time`: engines started after it hold them. */
  forgetBefore(folder: string, time: number): void {
    const files = this.changes.get(folder);
    for (const [file, changedAt] of files ?? []) if (changedAt <= time) files!.delete(file);
  }
}
