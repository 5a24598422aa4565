// Finds the lines of `kubectl describe pod` a learner should read: Reason, Exit Code and the limit.
import type { DescribePoint } from '../engine/events.js';

interface Line {
  n: number;
  text: string;
  indent: number;
  key: string;
  value: string;
}

function lines(text: string): Line[] {
  return text.split('\n').map((raw, i) => {
    const indent = raw.length - raw.trimStart().length;
    const colon = raw.indexOf(':');
    return {
      n: i + 1,
      text: raw,
      indent,
      key: colon > 0 ? raw.slice(indent, colon).trim() : raw.trim(),
      value: colon > 0 ? raw.slice(colon + 1).trim() : '',
    };
  });
}

/** The container's block: from its name under "Containers:" to the next line at its indent or less. */
function containerBlock(all: Line[], container?: string): Line[] {
  const start = all.findIndex((l) => l.indent === 0 && l.key === 'Containers');
  if (start < 0) return [];
  const rest = all.slice(start + 1);
  const headerIndex = rest.findIndex((l) => l.indent === 2 && l.value === '' && (container === undefined || l.key === container));
  if (headerIndex < 0) return [];
  const body = rest.slice(headerIndex + 1);
  const end = body.findIndex((l) => l.text.trim() !== '' && l.indent <= 2);
  return end < 0 ? body : body.slice(0, end);
}

/** The sub-block under a key such as "Last State" or "Limits": lines indented deeper than it. */
function under(block: Line[], index: number): Line[] {
  const head = block[index]!;
  const out: Line[] = [];
  for (const l of block.slice(index + 1)) {
    if (l.indent <= head.indent) break;
    out.push(l);
  }
  return out;
}

export function describePoints(text: string, container?: string): DescribePoint[] {
  const block = containerBlock(lines(text), container);
  const points: DescribePoint[] = [];
  const lastIndex = block.findIndex((l) => l.key === 'Last State' && l.value === 'Terminated');
  const stateIndex = block.findIndex((l) => l.key === 'State' && l.value === 'Terminated');
  const terminatedIndex = stateIndex >= 0 ? stateIndex : lastIndex;
  if (terminatedIndex >= 0) {
    const detail = under(block, terminatedIndex);
    const reason = detail.find((l) => l.key === 'Reason');
    const exit = detail.find((l) => l.key === 'Exit Code');
    if (reason) points.push({ label: 'reason', line: reason.n, text: reason.text, value: reason.value });
    if (exit) points.push({ label: 'exitCode', line: exit.n, text: exit.text, value: exit.value });
  }
  const limitsIndex = block.findIndex((l) => l.key === 'Limits' && l.value === '');
  if (limitsIndex >= 0) {
    const memory = under(block, limitsIndex).find((l) => l.key === 'memory');
    if (memory) points.push({ label: 'limit', line: memory.n, text: memory.text, value: memory.value });
  }
  return points;
}

/** The first output line holding each text, to point the learner at it. */
export function matchingLines(text: string, wanted: readonly string[]): DescribePoint[] {
  const all = text.split('\n');
  return wanted.flatMap((w) => {
    const index = all.findIndex((l) => l.includes(w));
    return index < 0 ? [] : [{ label: 'line' as const, line: index + 1, text: all[index]!, value: w }];
  });
}
