// A lesson's UI with 100 steps and 10,000 lines of kubectl output (bench/lib/ui-load.mjs, in a
// process of its own): the live heap stays small and flat, and a late event costs no more to draw
// than an early one. Ratios and sizes only, never an absolute time.
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

interface Load {
  steps: number;
  lines: number;
  at10: { heapUsedMb: number; rssMb: number };
  atEnd: { heapUsedMb: number; rssMb: number };
  peakRssMb: number;
  earlyEventMs: number;
  lateEventMs: number;
  earlyStepCpuMs: number;
  lateStepCpuMs: number;
}

describe('the lesson UI under a long run', () => {
  it('100 steps, 10,000 lines: memory under 150 MB and flat, late frames no slower than early ones', { timeout: 120_000 }, async () => {
    // A learner's shell: no NODE_ENV (vitest sets one, which would keep React's development build).
    const { NODE_ENV: _nodeEnv, ...env } = process.env;
    const result = await execa(process.execPath, ['--expose-gc', join(root, 'bench', 'lib', 'ui-load.mjs'), '--steps', '100', '--lines', '10000'], { env: { ...env, CI: 'false' }, extendEnv: false, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const load = JSON.parse(result.stdout.split('\n').find((l) => l.startsWith('{'))!) as Load;
    console.log(`ui load: ${JSON.stringify(load)}`);
    expect(load).toMatchObject({ steps: 100, lines: 10000 });
    expect(load.atEnd.heapUsedMb).toBeLessThan(150);
    // What 90 more steps may add: the run's events and their printed lines (a few MB), not a copy per frame.
    expect(load.atEnd.heapUsedMb - load.at10.heapUsedMb).toBeLessThan(10);
    expect(load.lateEventMs / load.earlyEventMs).toBeLessThan(1.5);
    expect(load.lateStepCpuMs / load.earlyStepCpuMs).toBeLessThan(1.5);
    // The whole process, as the system counts it: under the 150 MB at its peak, and flat from
    // step 10 on (with V8's defaults it grew from 149 to 193 MB; see src/ui/load.ts).
    expect(load.peakRssMb).toBeLessThan(150);
    expect(load.atEnd.rssMb - load.at10.rssMb).toBeLessThan(20);
  });
});
