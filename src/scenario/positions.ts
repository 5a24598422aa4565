// Maps a path inside a YAML document (as a validator reports it) to a line and column.
import { isMap, isPair, isScalar, LineCounter, type Document, type Node } from '../vendor/yaml.js';

export type Path = readonly (string | number)[];

export function positionOf(doc: Document, counter: LineCounter, path: Path, key?: string): { line: number; column: number } {
  let node: unknown = doc.contents;
  let best: Node | undefined = doc.contents ?? undefined;
  for (const part of path) {
    const next = isCollection(node) ? node.get(part, true) : undefined;
    if (next === undefined) break;
    node = next;
    best = next as Node;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
    if (pair && isScalar(pair.key) && pair.key.range) best = pair.key;
  }
  const offset = best?.range?.[0] ?? 0;
  const pos = counter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function isCollection(node: unknown): node is { get(key: unknown, keepScalar: true): unknown } {
  return typeof node === 'object' && node !== null && 'items' in node && typeof (node as { get?: unknown }).get === 'function';
}
