// Colour for plain output, only where it is wanted: never under NO_COLOR or when not a terminal.
export interface Paint {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  mark(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function paintFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Paint {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const on = env.NO_COLOR === undefined && (forced || stream.isTTY === true) && env.TERM !== 'dumb';
  if (!on) {
    const same = (text: string) => text;
    return { ok: same, bad: same, warn: same, dim: same, bold: same, mark: same };
  }
  return { ok: wrap(32, 39), bad: wrap(31, 39), warn: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22), mark: wrap(7, 27) };
}
