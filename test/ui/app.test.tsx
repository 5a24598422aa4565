import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { paintFor } from '../../src/plain/paint.js';
import type { CommandStep, QuestionStep } from '../../src/runtime/context.js';
import { resolveScenario } from '../../src/scenario/catalog.js';
import { App } from '../../src/ui/app.js';
import { Bridge } from '../../src/ui/bridge.js';
import { explainKernel, explainKills } from '../../src/engine/kernel.js';
import { resizeTo, waitForFrame } from '../helpers/frames.js';
import { dmesgUid, kernelFacts, podOom } from '../helpers/cgroup.js';

const scenario = resolveScenario('oom-killed');
const step = (id: string) => scenario.steps.find((s) => s.id === id)!;
const paint = paintFor({ isTTY: false });
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup(columns?: number, demo = false, terminal?: { columns: number; rows: number }) {
  const bridge = new Bridge();
  const controller = new AbortController();
  const onInterrupt = vi.fn(() => controller.abort());
  const tree = <App bridge={bridge} lesson={scenario.lessonSections} paint={paint} demo={demo} onInterrupt={onInterrupt} columns={columns} />;
  const app = render(tree);
  if (terminal) resizeTo(app, terminal.columns, terminal.rows);
  cleanup = app.unmount;
  bridge.emit({ type: 'run.start', scenario: 'oom-killed', title: scenario.title, mode: demo ? 'demo' : 'learn', cluster: 'kubelab', at: 0 });
  return { bridge, app, controller, onInterrupt, learner: bridge.learner(controller.signal, demo) };
}

describe('the interactive lesson', () => {
  it('Tab fills in the suggested command and Enter hands it to the run', async () => {
    const { bridge, app, learner } = setup();
    const s = step('describe-pod') as CommandStep;
    bridge.emit({ type: 'step.start', step: s.id, kind: s.kind, index: 4, total: 13, title: s.title, lesson: s.lesson });
    const typed = learner.command(s, 1);
    await waitForFrame(app.lastFrame, (f) => f.includes('Type kubectl describe pod oom-killed-pod') && f.includes('Tab: fill in'));
    app.stdin.write('kub');
    await waitForFrame(app.lastFrame, (f) => f.includes('$ kub'));
    app.stdin.write('\t');
    await waitForFrame(app.lastFrame, (f) => f.includes('$ kubectl describe pod oom-killed-pod'));
    app.stdin.write('\r');
    await expect(typed).resolves.toBe('kubectl describe pod oom-killed-pod');
  });

  it('keys that arrive in one chunk, Tab and Enter included, are replayed in order', async () => {
    const { bridge, app, learner } = setup();
    const s = step('describe-pod') as CommandStep;
    bridge.emit({ type: 'step.start', step: s.id, kind: s.kind, index: 4, total: 13, title: s.title });
    const typed = learner.command(s, 1);
    await waitForFrame(app.lastFrame, (f) => f.includes('Tab: fill in'));
    app.stdin.write('kubectl desc\t');
    await waitForFrame(app.lastFrame, (f) => f.includes('$ kubectl describe pod oom-killed-pod'));
    app.stdin.write(' -n default\r');
    await expect(typed).resolves.toBe('kubectl describe pod oom-killed-pod -n default');
  });

  it('shows the lesson section inline on a narrow terminal and beside the step on a wide one', async () => {
    const narrow = setup(100);
    narrow.bridge.emit({ type: 'step.start', step: 'watch-oom', kind: 'watch', index: 2, total: 13, title: 'Watch the pod', lesson: 'watch' });
    await waitForFrame(narrow.app.lastFrame, (f) => f.includes('── Watching it happen') && f.includes('Memory can\'t be slowed down'));
    narrow.app.unmount();
    const wide = setup(140);
    wide.bridge.emit({ type: 'step.start', step: 'watch-oom', kind: 'watch', index: 2, total: 13, title: 'Watch the pod', lesson: 'watch' });
    const frame = await waitForFrame(wide.app.lastFrame, (f) => f.includes('Watching it happen'));
    expect(frame).not.toContain('── Watching it happen');
    expect(frame).toMatch(/Watch the pod….*┌/);
  });

  it('keeps the pod panel live and the finished lines above it', async () => {
    const { bridge, app } = setup();
    bridge.emit({ type: 'step.start', step: 'watch-oom', kind: 'watch', index: 2, total: 13, title: 'Watch the pod' });
    bridge.emit({ type: 'pod', target: 'issue', pod: 'oom-killed-pod', exists: true, status: 'OOMKilled', ready: '0/1', restarts: 1, lastState: { reason: 'OOMKilled', exitCode: 1 } });
    await waitForFrame(app.lastFrame, (f) => f.includes('STATUS OOMKilled  RESTARTS 1  LAST OOMKilled (exit 1)'));
    bridge.emit({ type: 'check', step: 'watch-oom', check: 'x', ok: true, message: 'OOMKilled (exit code 1)' });
    bridge.emit({ type: 'step.done', step: 'watch-oom', ok: true });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('✓ OOMKilled (exit code 1)'));
    expect(frame).not.toContain('Watch the pod…');
  });

  it('the kernel\'s readings at 80 columns: each file and value whole on its line, the meaning under it', async () => {
    const { bridge, app } = setup(80, false, { columns: 80, rows: 40 });
    const facts = kernelFacts(1, { text: podOom, uid: dmesgUid });
    const readings = explainKernel(facts, '50Mi');
    bridge.emit({ type: 'kernel', node: 'kubelab-control-plane', cgroupVersion: 1, cgroup: facts.podCgroup!, readings, log: explainKills(facts) });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('What the kernel holds (cgroup v1, node kubelab-control-plane)') && f.includes('The kernel logged 1 OOM kill'));
    const lines = frame.split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    for (const r of readings) {
      const at = lines.findIndex((l) => new RegExp(`^ {2}▶ ${r.file.replace(/\./g, '\\.')} +${r.value}$`).test(l));
      expect(at, r.file).toBeGreaterThan(0);
      expect(lines[at + 1]).toContain(r.meaning.split(' ').slice(0, 5).join(' '));
    }
  });

  it('a wrong answer shows its hint, and the next prompt says try again', async () => {
    const { bridge, app, learner } = setup();
    const q = step('ask-reason') as QuestionStep;
    bridge.emit({ type: 'question', step: q.id, ask: q.ask });
    const first = learner.answer(q, 1, []);
    await waitForFrame(app.lastFrame, (f) => f.includes('answer>'));
    app.stdin.write('Error');
    app.stdin.write('\r');
    await expect(first).resolves.toBe('Error');
    bridge.emit({ type: 'answer', step: q.id, given: 'Error', correct: false, attempt: 1, hint: q.hints![0] });
    void learner.answer(q, 2, []);
    await waitForFrame(app.lastFrame, (f) => f.includes('hint: Look under "Last State"') && f.includes('try again>'));
  });

  it('Ctrl+C cancels the run instead of killing the terminal', async () => {
    const { app, learner, onInterrupt, controller } = setup();
    const pending = learner.proceed(step('read-issue'));
    await waitForFrame(app.lastFrame, (f) => f.includes('Press Enter to go on'));
    app.stdin.write('\x03');
    await expect(pending).rejects.toThrow('interrupted');
    expect(onInterrupt).toHaveBeenCalledTimes(1);
    expect(controller.signal.aborted).toBe(true);
  });

  it('demo mode shows the speaker notes and types the command for the presenter to run', async () => {
    const { bridge, app, learner } = setup(100, true);
    const s = step('describe-pod') as CommandStep;
    bridge.emit({ type: 'step.start', step: s.id, kind: s.kind, index: 4, total: 13, title: s.title, notes: s.notes });
    const typed = learner.command(s, 1);
    await waitForFrame(app.lastFrame, (f) => f.includes('notes: Scroll to "Last State"') && f.includes('$ kubectl describe pod oom-killed-pod'));
    app.stdin.write('\r');
    await expect(typed).resolves.toBe('kubectl describe pod oom-killed-pod');
  });

  it('learn mode keeps the speaker notes to itself', async () => {
    const { bridge, app } = setup(100, false);
    const s = step('describe-pod');
    bridge.emit({ type: 'step.start', step: s.id, kind: s.kind, index: 4, total: 13, title: s.title, notes: s.notes });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Read the evidence with describe'));
    expect(frame).not.toContain('Scroll to "Last State"');
  });

  it('an exercise: the brief above, the live criteria with what was expected, the prompt that takes kubectl', async () => {
    for (const [columns, rows] of [[80, 24], [100, 30]] as const) {
      const { bridge, app, learner } = setup(columns, false, { columns, rows });
      bridge.emit({ type: 'brief', scenario: 'oom-killed', symptom: 'The stress job restarts every few seconds.', fixed: 'A stress pod stays Running for 20s.', workdir: '/home/me/kubelab-exercises/oom-killed', files: ['issue.yaml'], kubeconfig: '/home/me/.kubelab/kubeconfig', context: 'kind-kubelab', namespace: 'default', stableFor: '20s' });
      bridge.emit({
        type: 'criteria', holding: false, heldSeconds: 0, stableSeconds: 20, pods: ['no-limit'],
        items: [
          { id: 'criterion-1', name: 'phase is Running', guard: false, ok: true, message: 'no-limit: phase Running: yes' },
          { id: 'guard-1', name: 'a memory limit is set', guard: true, ok: false, message: 'no-limit: expected a memory limit on container stress, got none', note: 'Removing the memory limit is not a fix.', lookAt: 'Limits in kubectl describe pod no-limit' },
        ],
      });
      const done = new AbortController();
      const line = learner.exerciseLine!(done.signal);
      const frame = await waitForFrame(app.lastFrame, (f) => f.includes('exercise$') && f.includes('Not fixed yet'));
      expect(frame).toContain('The stress job restarts every few seconds.');
      expect(frame).toContain('✗ guard · no-limit: expected a memory limit on container stress, got none');
      expect(frame).toContain('Removing the memory limit is not a fix.');
      expect(frame).toContain('✓ no-limit: phase Running: yes');
      for (const l of frame.split('\n')) expect(l.length, l).toBeLessThanOrEqual(columns);
      app.stdin.write('kubectl apply -f issue.yaml\r');
      await expect(line).resolves.toBe('kubectl apply -f issue.yaml');
      bridge.emit({ type: 'criteria', holding: true, heldSeconds: 3, stableSeconds: 20, pods: ['mine'], items: [{ id: 'criterion-1', name: 'phase is Running', guard: false, ok: true, message: 'mine: phase Running: yes' }] });
      const waiting = learner.exerciseLine!(done.signal);
      await waitForFrame(app.lastFrame, (f) => /Holding [3-9]s of 20s/.test(f) && f.includes('workload: mine'));
      done.abort();
      await expect(waiting).resolves.toBeUndefined();
      app.unmount();
    }
  });
});
