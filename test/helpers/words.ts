// Checks that a screen broke its lines between words: every word of the text it was given appears
// whole on a line, and no line ends with the start of a word whose rest begins the next line.
// (A word wider than the space it had can't be whole, and is left out of the check.)
import stringWidth from 'string-width';

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;
// Box borders and rules around the words; the texts checked never hold these inside a word.
const EDGES = /[\s│┃┌┐└┘╭╮╰╯─━]+/;

/** The words of `texts` that the frame broke; [] when its lines broke only between words. */
export function brokenWords(frame: string, texts: string[], widest: number): string[] {
  const lines = frame.replace(ANSI, '').split('\n').map((line) => line.split(EDGES).filter(Boolean));
  const onScreen = new Set(lines.flat());
  const words = new Set(texts.flatMap((t) => t.split(/\s+/)).filter((w) => w !== '' && stringWidth(w) <= widest));
  const missing = [...words].filter((w) => !onScreen.has(w));
  // A word cut at the end of a line: its two halves end one line and start the next.
  const cut = lines.slice(0, -1).map((line, i) => `${line.at(-1) ?? ''}${lines[i + 1]![0] ?? ''}`)
    .filter((joined, i) => lines[i]!.length > 0 && (lines[i + 1]!.length > 0) && words.has(joined));
  return [...new Set([...missing, ...cut])];
}
