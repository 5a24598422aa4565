// The kernel's steps where there is no kind node to read: on a class's shared cluster (skipped with a
// notice, without a single kubectl or docker call), without docker, and when the pod is not there.
import { describe, expect, it } from 'vitest';
import type { Fetched, Kubectl } from '../../src/cluster/kubectl.js';
import { absentPod } from '../../src/engine/facts.js';
import type { LabEvent } from '../../src/engine/events.js';
import type { LabContext, Learner } from '../../src/runtime/context.js';
import { runSteps } from '../../src/runtime/lab.js';
import { settingsFrom } from '../../src/settings.js';
import { lesson } from '../helpers/lesson.js';

/** Anything the steps would reach for: each use fails the test. */
const untouchable = <T extends object>(what: string) => new Proxy({} as T, { get: (_, key) => { throw new Error(`${what}.${String(key)} was used`); } });

function play(settings: LabContext['settings'], docker?: string, kubectl = untouchable<Kubectl>('kubectl')) {
  const events: LabEvent[] = [];
  const steps = lesson.steps.filter((s) => s.kind === 'kernel' || (s.kind === 'question' && 'kernel' in s.answer));
  const ctx: LabContext = {
    scenario: { ...lesson, steps }, settings, docker, kubectl, learner: untouchable<Learner>('learner'),
    node: {}, emit: (e) => events.push(e as LabEvent), signal: new AbortController().signal, points: [],
  };
  return { steps, events, done: runSteps(ctx, 0, () => undefined) };
}

describe('the kernel\'s side on a cluster that is not the learner\'s', () => {
  it('a shared cluster (--kubeconfig): both steps pass with a notice, nothing asked, nothing run', async () => {
    const settings = { ...settingsFrom({ kubeconfig: '/tmp/learner-07.kubeconfig' }), namespace: 'ci-learner-07' };
    expect(settings.mode).toBe('existing');
    const { steps, events, done } = play(settings, '/usr/bin/docker');
    expect(steps.map((s) => s.id)).toEqual(['kernel-evidence', 'ask-kernel-limit']);
    expect(await done).toEqual({ ok: true });
    const notices = events.filter((e): e is Extract<LabEvent, { type: 'notice' }> => e.type === 'notice');
    expect(notices).toHaveLength(2);
    for (const n of notices) expect(n.text).toBe('On a shared cluster the node is not yours to read: kubelab reads the kernel\'s files on a local kind node (docker exec). This part is skipped here.');
    expect(events.filter((e) => e.type === 'step.done')).toEqual([{ type: 'step.done', step: 'kernel-evidence', ok: true }, { type: 'step.done', step: 'ask-kernel-limit', ok: true }]);
    expect(events.some((e) => e.type === 'question' || e.type === 'check' || e.type === 'kernel')).toBe(false);
  });

  it('a kind cluster with no docker to reach the node: skipped too, saying why', async () => {
    const { events, done } = play(settingsFrom({}), undefined);
    expect(await done).toEqual({ ok: true });
    const notices = events.filter((e): e is Extract<LabEvent, { type: 'notice' }> => e.type === 'notice').map((n) => n.text);
    expect(notices).toEqual([expect.stringContaining('kubelab has no docker to reach the kind node with'), expect.stringContaining('kubelab has no docker to reach the kind node with')]);
  });

  it('a question on the kernel\'s numbers when the pod is gone: it says the kernel can\'t answer, and why', async () => {
    // docker is there, the node runs, but the pod was deleted: no docker exec is tried for it
    const kubectl = { object: async (): Promise<Fetched> => ({ facts: absentPod('oom-killed-pod') }) } as unknown as Kubectl;
    const events: LabEvent[] = [];
    const question = lesson.steps.find((s) => s.id === 'ask-kernel-limit')!;
    const ctx: LabContext = {
      scenario: { ...lesson, steps: [question] }, settings: settingsFrom({}), docker: '/nonexistent/docker', kubectl, learner: untouchable<Learner>('learner'),
      node: {}, emit: (e) => events.push(e as LabEvent), signal: new AbortController().signal, points: [],
    };
    expect(await runSteps(ctx, 0, () => undefined)).toEqual({ ok: false });
    expect(events.find((e) => e.type === 'step.done')).toMatchObject({
      ok: false, reason: 'the kernel can\'t answer this: there is no pod oom-killed-pod whose cgroup could be read', todo: expect.stringContaining('docker exec kubelab-control-plane find /sys/fs/cgroup'),
    });
    expect(events.some((e) => e.type === 'question')).toBe(false);
  });
});
