// Every scenario in kubelab list, self-tested on the real cluster by kubelab test: each lesson
// unattended, each exercise's broken state failing its criteria and its fix passing them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { cli, home, jsonEvents, recordTimings } from './helpers.js';

type Result = Extract<LabEvent, { type: 'test.result' }>;

describe('the catalogue on a real cluster', () => {
  it('kubelab test --all: every scenario\'s lesson and exercise pass', async () => {
    const started = Date.now();
    const listed = jsonEvents((await cli(['list', '--json'])).stdout) as unknown as { id: string; preview: boolean; exercise: boolean }[];
    expect(listed.length).toBeGreaterThanOrEqual(11);
    expect(listed.filter((s) => s.preview)).toEqual([]);
    const run = await cli(['test', '--all', '--parallel', '16', '--json', '--report', join(home, 'catalogue.xml')], { timeout: 20 * 60_000 });
    const results = jsonEvents(run.stdout).filter((e): e is Result => e.type === 'test.result');
    const failed = results.filter((r) => !r.ok).map((r) => `${r.scenario} ${r.part} at ${r.failedStep}: ${r.reason}`);
    expect(failed, String(run.stderr).slice(-2000)).toEqual([]);
    expect(run.exitCode).toBe(0);
    for (const s of listed) {
      expect(results.filter((r) => r.scenario === s.id).map((r) => r.part), s.id).toEqual(s.exercise ? ['lesson', 'exercise'] : ['lesson']);
    }
    const timings: Record<string, number | string> = { catalogue_total: (Date.now() - started) / 1000 };
    for (const r of results) {
      if (r.failureSeenSeconds !== undefined) timings[`failure_seen:${r.scenario}`] = Number(r.failureSeenSeconds.toFixed(1));
      if (r.healthySeconds !== undefined) timings[`healthy:${r.scenario}`] = Number(r.healthySeconds.toFixed(1));
    }
    recordTimings(timings);
  });
});
