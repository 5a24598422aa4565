// Word wrap for prose on screen: lines break between words and start flush (no leading space);
// only a word longer than the width is cut.
import { stringWidth } from '../vendor/text.js';

export function wrapLines(text: string, width: number): string[] {
  const max = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while (stringWidth(rest) > max) {
        if (line !== '') {
          out.push(line);
          line = '';
        }
        out.push(rest.slice(0, max));
        rest = rest.slice(max);
      }
      if (line === '') line = rest;
      else if (stringWidth(line) + 1 + stringWidth(rest) <= max) line = `${line} ${rest}`;
      else {
        out.push(line);
        line = rest;
      }
    }
    out.push(line);
  }
  return out;
}
