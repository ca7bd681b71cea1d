import { StringDecoder } from 'node:string_decoder';

/**
 * A stream's chunks → its whole lines, each handed to `onLine` without its newline. A character split
 * across chunks is joined first; a line that outgrows `maxChars` is not a message: all of it is dropped,
 * up to its end, so that a runaway program cannot grow what is kept.
 */
export function lineSplitter(onLine: (line: string) => void, maxChars: number): (chunk: Buffer) => void {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let overflowing = false;
  return (chunk) => {
    const lines = (pending + decoder.write(chunk)).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!overflowing) onLine(line);
      overflowing = false;
    }
    if (pending.length > maxChars) [pending, overflowing] = ['', true];
  };
}
