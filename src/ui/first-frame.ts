// The first frame of a screen, painted from plain strings before ink and react are loaded (they take
// many times Node's own start-up), then handed over: ink's first visible write erases it and draws
// the same lines in its place. Nothing here imports ink.

const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** The width of text whose every character is known to take one column; undefined for anything else (wide, combining, emoji). */
export function narrowWidth(text: string): number | undefined {
  let width = 0;
  for (const ch of text.replace(ESCAPES, '')) {
    const c = ch.codePointAt(0)!;
    const narrow = (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c < 0x300) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2190 && c <= 0x21ff) || (c >= 0x2500 && c <= 0x257f) || c === 0x2713 || c === 0x276f;
    if (!narrow) return undefined;
    width += 1;
  }
  return width;
}

/** True when a write puts text on the screen (not only cursor or mode escapes). */
export const visible = (chunk: unknown): boolean => typeof chunk !== 'string' || chunk.replace(ESCAPES, '').trim() !== '';

export interface Terminal {
  columns?: number;
  rows?: number;
  write(chunk: string): boolean;
}

export interface FirstFrame {
  /** Call just before ink renders: its first visible write takes the painted lines' place. */
  handOver(): void;
}

/**
 * Paints `lines` (with their colours) when they surely fit: each narrower than the terminal, fewer
 * than its rows. Keys typed before ink reads them are held (raw mode) instead of echoed over it.
 */
export function paintFirstFrame(out: Terminal, input: { setRawMode?: (raw: boolean) => unknown } | undefined, lines: string[]): FirstFrame | undefined {
  const columns = out.columns ?? 0;
  if (lines.length === 0 || lines.length >= (out.rows ?? 0)) return undefined;
  if (lines.some((l) => (narrowWidth(l) ?? Infinity) >= columns)) return undefined;
  input?.setRawMode?.(true);
  out.write(`${lines.join('\n')}\n`);
  return {
    handOver() {
      const write = out.write;
      out.write = function firstInkWrite(this: Terminal, chunk: string, ...rest: unknown[]): boolean {
        if (!visible(chunk)) return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
        out.write = write;
        // Up to the first painted line, erase to the end of the screen, then ink's frame.
        return (write as (...a: unknown[]) => boolean).call(this, `\r\u001b[${lines.length}A\u001b[J${chunk}`, ...rest);
      } as Terminal['write'];
    },
  };
}
