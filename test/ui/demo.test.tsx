// The demo's screens at a projector's 100x30 and a laptop's 80x24: nothing spills past the edge,
// the steps, the current step, the live objects and the keys all show; the presenter's view too.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DemoKey } from '../../src/engine/demo.js';
import { paintFor } from '../../src/plain/paint.js';
import { resolveScenario } from '../../src/scenario/catalog.js';
import type { NotesMessage } from '../../src/runtime/demo/notes-server.js';
import { Bridge } from '../../src/ui/bridge.js';
import { DemoApp } from '../../src/ui/demo/demo-app.js';
import { NotesApp } from '../../src/ui/demo/notes-app.js';
import { resizeTo, waitForFrame } from '../helpers/frames.js';

const scenario = resolveScenario('oom-killed');
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function demo(columns: number, rows: number) {
  const bridge = new Bridge();
  const keys: DemoKey[] = [];
  const app = render(<DemoApp bridge={bridge} scenario={scenario} paint={paintFor({ isTTY: false })} onKey={(k) => keys.push(k)} onInterrupt={vi.fn()} />);
  resizeTo(app, columns, rows);
  cleanup = app.unmount;
  return { bridge, app, keys };
}

const fits = (frame: string, columns: number, rows: number) => {
  const lines = frame.split('\n');
  for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(columns);
  expect(lines.length).toBeLessThanOrEqual(rows);
};

describe('the demo screen', () => {
  for (const [columns, rows] of [[100, 30], [80, 24]] as const) {
    it(`at ${columns}x${rows}: steps, the typed command, the live pod with its last state, the keys`, async () => {
      const { bridge, app, keys } = demo(columns, rows);
      const step = scenario.steps[3]!;
      bridge.emit({ type: 'demo.position', index: 3, total: 13, phase: 'typed', typed: 'kubectl get pod oom-killed-pod', command: 'kubectl get pod oom-killed-pod', paused: false, elapsed: 125, minutes: 10 });
      bridge.emit({ type: 'step.start', step: step.id, kind: step.kind, index: 3, total: 13, title: step.title, text: step.text });
      bridge.emit({ type: 'step.done', step: 'watch-oom', ok: true });
      bridge.emit({ type: 'demo.objects', rows: [{ kind: 'pod', name: 'oom-killed-pod', status: 'CrashLoopBackOff', ready: '0/1', restarts: 3, last: 'OOMKilled', exitCode: 1, createdAt: new Date(Date.now() - 95_000).toISOString() }] });
      const frame = await waitForFrame(app.lastFrame, (f) => f.includes('oom-killed-pod') && f.includes('$ kubectl get pod oom-killed-pod'));
      expect(frame).toContain('02:05 / 10:00');
      expect(frame).toContain('Step 4 of 13 · Look at the pod the way you would at');
      expect(frame).toMatch(/▶\s+4 Look at the pod/);
      expect(frame).toMatch(/✓\s+3 Watch the pod/);
      expect(frame).toMatch(/oom-killed-pod\s+CrashLoopBac(?:kOff|…)\s+0\/1\s+3\s+OOMKilled\s+1\s+9[45]s/);
      expect(frame).toContain('Enter: run it');
      fits(frame, columns, rows);
      app.stdin.write('7');
      app.stdin.write('\r');
      app.stdin.write(' ');
      await waitForFrame(app.lastFrame, () => keys.length === 2);
      expect(keys).toEqual([{ kind: 'jump', to: 6 }, { kind: 'pause' }]);
    });
  }

  it('shows PAUSED and the timer turning late past the scenario\'s minutes', async () => {
    const { bridge, app } = demo(100, 30);
    bridge.emit({ type: 'demo.position', index: 12, total: 13, phase: 'waiting', paused: true, elapsed: 661, minutes: 10 });
    await waitForFrame(app.lastFrame, (f) => f.includes('PAUSED') && f.includes('11:01 / 10:00'));
  });
});

describe('the presenter\'s view (kubelab notes)', () => {
  const message: NotesMessage = {
    scenario: 'oom-killed', title: scenario.title,
    steps: scenario.steps.map((s) => ({ id: s.id, title: s.title, kind: s.kind, notes: s.notes, ask: s.kind === 'question' ? s.ask : undefined })),
    position: { index: 5, total: 13, phase: 'waiting', paused: false, elapsed: 200, minutes: 10, answer: 'OOMKilled' },
  };
  it('the current and next step, notes, the answer from the live cluster, the time; at 80x24', async () => {
    const app = render(<NotesApp update={{ kind: 'message', message }} />);
    resizeTo(app, 80, 24);
    cleanup = app.unmount;
    app.rerender(<NotesApp update={{ kind: 'message', message }} />);
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Now: step 6 of 13'));
    expect(frame).toContain('answer (from the live cluster): OOMKilled');
    expect(frame).toContain('asks: What reason does Kubernetes give');
    expect(frame).toContain('Next: step 7 · With which exit code?');
    expect(frame).toContain('03:20 / 10:00');
    fits(frame, 80, 24);
  });
});
