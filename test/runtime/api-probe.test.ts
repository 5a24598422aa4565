// The API probe is shared: waits on one cluster in one process cost one readiness call per period,
// not one each, and all of them hear when the API server stops answering.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExecResult } from '../../src/cluster/exec.js';
import { probeApi, type ApiAsker } from '../../src/runtime/api-probe.js';
import type { Settings } from '../../src/settings.js';

const settings = { timeScale: 1 } as Settings;
const answer = (refused: boolean): ExecResult => ({
  command: 'kubectl get --raw /readyz', exitCode: refused ? 1 : 0, stdout: refused ? '' : 'ok', notFound: false, timedOut: false,
  stderr: refused ? 'The connection to the server 127.0.0.1:40000 was refused - did you specify the right host or port?' : '',
});

function asker(apiServer: string, state: { refused: boolean; calls: number }): ApiAsker {
  return {
    apiServer,
    apiReady: async () => {
      state.calls += 1;
      const result = answer(state.refused);
      return { ok: result.exitCode === 0, result };
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the shared API probe', () => {
  it('asks once per period however many waits share a cluster, and tells each of them when it is down', async () => {
    vi.useFakeTimers();
    const state = { refused: false, calls: 0 };
    const downs: string[] = [];
    const waits = Array.from({ length: 12 }, (_, i) => probeApi(asker('kubeconfig\nkind-lab', state), settings, (e) => downs.push(`${i}: ${e.message}`)));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(state.calls).toBe(3);
    expect(downs).toEqual([]);
    state.refused = true;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(downs).toHaveLength(12);
    expect(downs[0]).toMatch(/^0: .*was refused/);
    const calls = state.calls;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.calls, 'a probe that reported the server down stops asking').toBe(calls);
    for (const w of waits) w.stop();
  });

  it('a second cluster has its own probe; one miss then an answer is no outage', async () => {
    vi.useFakeTimers();
    const a = { refused: false, calls: 0 };
    const b = { refused: false, calls: 0 };
    const downs: string[] = [];
    const one = probeApi(asker('a\nctx', a), settings, () => downs.push('a'));
    const two = probeApi(asker('b\nctx', b), settings, () => downs.push('b'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect([a.calls, b.calls]).toEqual([1, 1]);
    b.refused = true;
    await vi.advanceTimersByTimeAsync(5_000);
    b.refused = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(downs).toEqual([]);
    one.stop();
    two.stop();
  });

  it('stops asking once the last wait on it is over, and starts again for the next wait', async () => {
    vi.useFakeTimers();
    const state = { refused: false, calls: 0 };
    const first = probeApi(asker('k\nc', state), settings, () => undefined);
    const second = probeApi(asker('k\nc', state), settings, () => undefined);
    await vi.advanceTimersByTimeAsync(5_000);
    first.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(state.calls, 'the wait left keeps the probe going').toBe(2);
    second.stop();
    second.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.calls).toBe(2);
    const third = probeApi(asker('k\nc', state), settings, () => undefined);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(state.calls).toBe(3);
    third.stop();
  });
});
