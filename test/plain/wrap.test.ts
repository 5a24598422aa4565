// Plain lines at 40 and 200 columns: broken between words, continuations hung under their text,
// colour carried onto every row; a pipe (no width) gets the lines as they are.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { paintFor } from '../../src/plain/paint.js';
import { plainReporter } from '../../src/plain/reporter.js';
import { fitLine } from '../../src/plain/wrap.js';
import { resolveScenario } from '../../src/scenario/catalog.js';
import { data } from '../helpers/data.js';
import { brokenWords } from '../helpers/words.js';

const scenario = resolveScenario('oom-killed');
const stripped = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
const step = scenario.steps.find((s) => s.id === 'delete-issue')!;
const section = scenario.lessonSections.get(step.lesson!)!;
const guard = scenario.exercise!.guards[0]!;
const describeOutput = data('describe-137-oomkilled.txt');

const events: LabEvent[] = [
  { type: 'step.start', step: step.id, kind: step.kind, index: 10, total: 13, title: step.title, text: step.text, lesson: step.lesson },
  { type: 'kubectl', by: 'learner', argv: ['kubectl', 'describe', 'pod', 'oom-killed-pod'], exitCode: 0, stdout: describeOutput, stderr: '' },
  { type: 'check', step: 'x', check: 'limit', ok: false, message: 'stress-with-a-longer-name: expected a memory limit on container stress, got none', note: guard.why, lookAt: 'Limits in kubectl describe pod stress-with-a-longer-name' },
  { type: 'summary', lines: ['Questions: 3 of 3 right (3 at the first try), 0 hint(s) used'], points: scenario.summary },
];
const texts = [step.text!, section.body, guard.why!, ...scenario.summary, 'Limits in kubectl describe pod stress-with-a-longer-name', ...describeOutput.split('\n')];

function shown(width: number | undefined, colour: boolean): string {
  let out = '';
  const emit = plainReporter((l) => (out += l), paintFor({ isTTY: colour }), scenario.lessonSections, false, width);
  for (const e of events) emit(e);
  return out;
}

describe.each([40, 200])('plain lines at %i columns', (width) => {
  it('break between words and fit the width, with colour or without', () => {
    for (const colour of [false, true]) {
      const out = shown(width, colour);
      expect(brokenWords(out, texts, width - 8)).toEqual([]);
      for (const line of out.split('\n')) expect(stringWidth(line), stripped(line)).toBeLessThanOrEqual(width);
    }
  });
});

describe('fitting one line', () => {
  it('hangs a continuation under the text after the mark, and keeps an indent', () => {
    expect(fitLine('  ✓ one two three four five six', 16)).toEqual(['  ✓ one two', '    three four', '    five six']);
    expect(fitLine('  12. alpha beta gamma', 14)).toEqual(['  12. alpha', '      beta', '      gamma']);
    expect(fitLine('      Reason:       OOMKilled', 20)).toEqual(['      Reason:', '      OOMKilled']);
  });

  it('cuts only a word wider than the line', () => {
    expect(fitLine('see /a/very/long/path/that/does/not/fit ok', 12)).toEqual(['see', '/a/very/long', '/path/that/d', 'oes/not/fit', 'ok']);
  });

  it('carries a colour onto every row', () => {
    const rows = fitLine('\u001b[2m   one two three four\u001b[22m', 12);
    expect(rows.map(stripped)).toEqual(['   one two', '   three', '   four']);
    for (const row of rows) expect(row).toMatch(/\u001b\[2m.*\u001b\[22m/);
  });

  it('leaves the lines alone when there is no width (a pipe, a file)', () => {
    const piped = shown(undefined, false);
    expect(piped).toContain(`  ${scenario.summary.length}. ${scenario.summary.at(-1)}`);
    expect(piped.split('\n').some((l) => l.length > 200)).toBe(true);
  });
});
