// A YAML document as plain data, refusing what would crash or blow up on the way: an alias with no
// anchor, aliases that multiply into too much data, nesting deeper than the parser's stack.
import { isAlias, visit, type Document } from '../vendor/yaml.js';

/** The first line of a YAML parser message, in words a person can act on. */
export function yamlMessage(message: string): string {
  const first = message.split('\n')[0]!;
  return /Maximum call stack/.test(first) ? 'nested too deeply to read (lists or maps hundreds of levels inside each other)' : first;
}

/** The document as plain data, or why not: an alias with no anchor, or so many aliases that they could blow up the memory. */
export function toJS(doc: Document): { ok: true; js: unknown } | { ok: false; message: string; offset: number } {
  try {
    return { ok: true, js: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    const message = (error as Error).message;
    if (!/alias/i.test(message)) return { ok: false, message: `YAML: ${yamlMessage(message)}`, offset: 0 };
    const named = /^Unresolved alias.*: (\S+)$/.exec(message)?.[1];
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        if (!isAlias(node) || (named !== undefined && node.source !== named)) return undefined;
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const what = named !== undefined ? `the alias *${named} has no anchor &${named} before it` : 'the aliases (*name) expand to too much data (more than 100 copies of an anchor); write the values out';
    return { ok: false, message: `YAML: ${what}`, offset };
  }
}

/** Deeper than any scenario or manifest needs, far shallower than what overflows the parser's stack. */
export const MAX_DEPTH = 64;
const MAX_INDENT = 256;

/**
 * Where a YAML text nests too deeply, found before parsing (the parser would overflow its stack
 * thousands of times on the way, slowly): flow brackets opened inside each other, or lines indented
 * beyond any sensible depth. A bracket inside a quoted string, a comment or a plain scalar does not count.
 */
export function tooDeep(text: string): { offset: number; message: string } | undefined {
  let depth = 0;
  let lineStart = true;
  let indent = 0;
  let quote: string | undefined;
  let prev = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      prev = c;
      if (quote === "'" || quote === '"') continue;
      quote = undefined;
      continue;
    }
    if (lineStart && c === ' ') {
      if (++indent > MAX_INDENT) return { offset: i, message: `a line indented more than ${MAX_INDENT} spaces: nested too deeply to read` };
      continue;
    }
    lineStart = false;
    if (quote === '#') continue;
    if (quote) {
      if (c === quote && !(quote === '"' && text[i - 1] === '\\')) quote = undefined;
      prev = c;
      continue;
    }
    if ((c === '"' || c === "'") && /[\s:,[{-]/.test(prev)) quote = c;
    else if (c === '#' && /\s/.test(prev)) quote = '#';
    else if ((c === '[' || c === '{') && (depth > 0 || /[\s:,[{-]/.test(prev))) {
      if (++depth > MAX_DEPTH) return { offset: i, message: `lists or maps inside each other more than ${MAX_DEPTH} levels deep: nested too deeply to read` };
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
    if (c !== ' ' && c !== '\t') prev = c;
    else prev = ' ';
  }
  return undefined;
}

/** The 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
