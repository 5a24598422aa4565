// The children kubelab waits for on the way out: every tracked program, at most for the time given.
import { describe, expect, it } from 'vitest';
import { childrenEnded, track } from '../../src/cluster/children.js';

const after = (ms: number, fail = false) => new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error('ended badly')) : resolve(undefined)), ms));

describe('childrenEnded', () => {
  it('waits for every tracked program, however it ended', async () => {
    // the clock starts before the timers do: a pause in between can only lengthen what is measured
    const started = Date.now();
    track(after(150));
    track(after(300, true));
    await childrenEnded(5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
    // once ended they are no longer counted
    const again = Date.now();
    await childrenEnded(5000);
    expect(Date.now() - again).toBeLessThan(50);
  });

  it('gives up after the limit on a program that does not end', async () => {
    track(new Promise(() => undefined));
    const started = Date.now();
    await childrenEnded(200);
    // (the limit's timer starts after the clock: at least 200 ms, less a timer's early firing)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
