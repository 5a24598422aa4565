// The exercise's grading, pure: which pods count, criteria for every one of them, guards with
// their why, and the stable window.
import { describe, expect, it } from 'vitest';
import { parsePod } from '../../src/cluster/parse-pod.js';
import { gradeExercise, imageRepo, sameImage, StableWindow, workloadPods } from '../../src/engine/exercise.js';
import type { PodFacts } from '../../src/engine/facts.js';
import { resolveScenario } from '../../src/scenario/catalog.js';
import { oomPod } from '../helpers/data.js';

const spec = resolveScenario('oom-killed').exercise!;
const running = { ready: true, restartCount: 0, state: { running: { startedAt: '2025-11-26T12:21:02Z' } } };

/** The captured stress pod, renamed and with its container's spec changed. */
function stressPod(name: string, change: (container: Record<string, any>) => void, status: Record<string, unknown> = running): PodFacts {
  const raw = oomPod(undefined, status);
  raw.metadata.name = name;
  raw.metadata.uid = `uid-${name}`;
  change(raw.spec.containers[0]);
  return parsePod(raw);
}

const grade = (...pods: PodFacts[]) => gradeExercise(spec, { pods, targets: new Map(), exec: new Map() });
const byName = (items: ReturnType<typeof grade>, name: string) => items.find((i) => i.name === name)!;

describe('which pods are the workload', () => {
  it('names images the way a person writes them', () => {
    expect(imageRepo('docker.io/library/nginx:alpine')).toBe('nginx');
    expect(imageRepo('polinux/stress')).toBe('polinux/stress');
    expect(imageRepo('docker.io/polinux/stress@sha256:abc')).toBe('polinux/stress');
    expect(sameImage('polinux/stress', 'docker.io/polinux/stress:latest')).toBe(true);
    expect(sameImage('nginx:alpine', 'nginx:latest')).toBe(false);
    expect(sameImage('nginx', 'nginx:alpine')).toBe(true);
    expect(sameImage('busybox', 'polinux/stress')).toBe(false);
  });

  it('any pod running the image counts, whatever its name; pods being deleted do not', () => {
    const mine = stressPod('whatever-name', () => undefined);
    const other = parsePod({ ...oomPod(undefined), metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
    const leaving = parsePod({ ...oomPod(undefined), metadata: { name: 'old', deletionTimestamp: '2025-11-26T12:30:00Z' } });
    expect(workloadPods(spec.workload, [mine, other, leaving]).map((p) => p.name)).toEqual(['whatever-name']);
  });
});

describe('criteria and guards', () => {
  it('a correct fix with another name and other numbers passes everything', () => {
    const pod = stressPod('my-stress', (c) => {
      c.resources = { limits: { memory: '128Mi' }, requests: { memory: '128Mi' } };
      c.command = ['stress', '--vm', '1', '--vm-bytes', '60M'];
      delete c.args;
    });
    const items = grade(pod);
    expect(items.every((i) => i.ok)).toBe(true);
    expect(items.map((i) => i.guard)).toEqual([false, false, false, true, true]);
    expect(byName(items, 'a memory limit is set').message).toBe('my-stress: memory limit 128Mi: yes');
  });

  it('removing the limit fails the guard, with why that is not a fix', () => {
    const pod = stressPod('no-limit', (c) => delete c.resources);
    const guard = byName(grade(pod), 'a memory limit is set');
    expect(guard).toMatchObject({ ok: false, guard: true, message: 'no-limit: expected a memory limit on container stress, got none' });
    expect(guard.note).toContain('Removing the memory limit is not a fix');
  });

  it('a workload that no longer allocates memory fails the other guard', () => {
    const pod = stressPod('sleeper', (c) => {
      c.command = ['sleep', '3600'];
      delete c.args;
    });
    expect(byName(grade(pod), 'the container runs stress … --vm')).toMatchObject({ ok: false, message: 'sleeper: expected a command with stress, --vm, got sleep 3600' });
  });

  it('every workload pod must hold: the broken pod left beside a good one fails, and says which', () => {
    const good = stressPod('good', (c) => (c.resources = { limits: { memory: '256Mi' } }));
    const broken = stressPod('oom-killed-pod', () => undefined, { ready: false, restartCount: 4, lastState: { terminated: { reason: 'OOMKilled', exitCode: 1 } } });
    const restarts = byName(grade(good, broken), '0 restarts');
    expect(restarts).toMatchObject({ ok: false, message: 'oom-killed-pod: expected 0 restarts, got 4 restart(s), last stopped with OOMKilled (exit code 1)' });
  });

  it('no workload pod at all is a clear failure, not a pass', () => {
    const items = grade();
    expect(items.every((i) => !i.ok)).toBe(true);
    expect(items[0]!.message).toBe('expected a pod running polinux/stress, found none');
  });
});

describe('the stable window', () => {
  it('holds only after the whole window with everything passing; any failure starts it again', () => {
    const w = new StableWindow(20_000);
    expect(w.update(true, 0)).toBe(0);
    expect(w.done(19_999)).toBe(false);
    expect(w.remaining(5_000)).toBe(15_000);
    expect(w.update(false, 10_000)).toBeUndefined();
    expect(w.update(true, 12_000)).toBe(12_000);
    expect(w.done(31_999)).toBe(false);
    expect(w.done(32_000)).toBe(true);
  });
});
