/** A duration as messages give it, in seconds with one decimal: "12.3". */
export function inSeconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** A promise with its resolver at hand (Promise.withResolvers, which Node 20 lacks). */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
