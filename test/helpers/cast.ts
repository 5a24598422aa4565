// Reads an asciicast v2 file the strict way: a header object on the first line, then nothing but
// [seconds, "o" | "m" | "r", text] events, one per line, and a final newline.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Report } from '../../src/report/build.js';

export type CastEvent = [number, 'o' | 'm' | 'r', string];

export interface CastFile {
  header: { version: number; width: number; height: number; timestamp: number; duration: number; title: string; env: Record<string, string>; kubelab: { report: Report } };
  events: CastEvent[];
}

export function castFile(path: string): CastFile {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const [first, ...rest] = text.slice(0, -1).split('\n');
  const header = JSON.parse(first!) as CastFile['header'];
  const events = rest.map((line) => JSON.parse(line) as CastEvent);
  for (const e of events) {
    expect(e).toHaveLength(3);
    expect(typeof e[0]).toBe('number');
    expect(['o', 'm', 'r']).toContain(e[1]);
    expect(typeof e[2]).toBe('string');
  }
  return { header, events };
}

/** The text a recording's output events add up to, with the terminal's \r\n read back as \n. */
export const castText = (cast: CastFile) => cast.events.filter((e) => e[1] === 'o').map((e) => e[2]).join('').replace(/\r\n/g, '\n');
