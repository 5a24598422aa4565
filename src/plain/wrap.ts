// Plain lines fitted to a terminal's width: broken between words (a word wider than the line is
// cut), each continuation under the text it continues, past the line's indent and its mark.
import { stringWidth, wrapAnsi } from '../vendor/text.js';

const SGR = '(?:\\u001b\\[[0-9;]*m)*';
// Colour codes, an indent, then a mark the text hangs from: ✓, ✗, !, ·, ▶, ?, ↻, a list number or a dash.
const HANG = new RegExp(`^(${SGR})(\\s*(?:${SGR}(?:[✓✗!·▶?↻→-]|\\d+\\.)${SGR} )?)`);

/** The line as lines of at most `width` columns. */
export function fitLine(line: string, width: number): string[] {
  if (stringWidth(line) <= width) return [line];
  const [, codes = '', hang = ''] = HANG.exec(line) ?? [];
  let head = hang;
  // A hang wider than half the line leaves too little room beside it: the text starts under the indent instead.
  if (stringWidth(head) > width / 2) head = /^\s*/.exec(hang)![0].slice(0, Math.floor(width / 2));
  const pad = ' '.repeat(stringWidth(head));
  // The colour the line opens with goes with its text, so that wrap-ansi carries it onto every row.
  const rest = codes + line.slice(codes.length + head.length);
  const rows = wrapAnsi(rest, Math.max(1, width - pad.length), { hard: true, trim: true }).split('\n');
  return rows.map((row, i) => `${i === 0 ? head : pad}${row}`);
}

/** Each line of a block fitted to `width`; unchanged when the width is unknown (a pipe, a file). */
export function fitLines(lines: string[], width: number | undefined): string[] {
  if (width === undefined || width <= 0) return lines;
  return lines.flatMap((l) => l.split('\n')).flatMap((l) => fitLine(l, width));
}
