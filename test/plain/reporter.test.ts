// The plain reporter: what reaches the screen once the events are lines.
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { paintFor } from '../../src/plain/paint.js';
import { plainReporter } from '../../src/plain/reporter.js';

const items = [
  { id: 'running', name: 'running', guard: false, ok: true, message: 'oom-killed-pod is Running' },
  { id: 'limit', name: 'memory limit', guard: false, ok: false, message: 'expected a limit of at least 100Mi, got 50Mi', note: 'stress asks for 100M' },
];

function shown(mode: 'check' | 'exercise'): string {
  let out = '';
  const emit = plainReporter((text) => void (out += text), paintFor({ isTTY: false } as NodeJS.WriteStream), new Map(), false);
  const events: LabEvent[] = [
    { type: 'run.start', scenario: 'oom-killed', title: 'OOMKilled', mode, cluster: 'kubelab' },
    { type: 'criteria', items, holding: false, heldSeconds: 0, stableSeconds: 20, pods: ['oom-killed-pod'] },
    ...items.map((i): LabEvent => ({ type: 'check', step: 'exercise', check: i.name, ok: i.ok, message: i.message, note: i.ok ? undefined : i.note })),
  ];
  for (const event of events) emit(event);
  return out;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('plainReporter', () => {
  it('kubelab check: each criterion once, from the criteria (the checks behind them are for --json and reports)', () => {
    const out = shown('check');
    for (const i of items) expect(count(out, i.message), out).toBe(1);
    expect(out).toContain('Not fixed yet:');
    expect(count(out, 'stress asks for 100M'), out).toBe(1);
  });

  it('a check the learner asks for at the exercise prompt is shown even right after the criteria', () => {
    const out = shown('exercise');
    for (const i of items) expect(count(out, i.message), out).toBe(2);
  });
});
