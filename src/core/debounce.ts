/**
 * Collects events into bursts: `push` items; `delayMs` after the last push, `deliver` gets all of them at
 * once. A burst of 50 saves becomes one call.
 */
export class Burst<T> {
  private items: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly delayMs: () => number,
    private readonly deliver: (items: T[]) => void,
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs());
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.items;
    this.items = [];
    if (items.length) this.deliver(items);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
  }
}
