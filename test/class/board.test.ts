// The instructor's board grades each namespace from one look at its pods: a broken pod in its first
// seconds (before the kernel's first kill) passes every criterion, so a learner counts as passed only
// once the workload has run for the exercise's stable window with no restart.
import { describe, expect, it } from 'vitest';
import { boardRow, passed } from '../../src/class/board.js';
import { parsePod } from '../../src/cluster/parse-pod.js';
import { resolveScenario } from '../../src/scenario/catalog.js';

const scenario = resolveScenario('oom-killed');
const scenarios = new Map([[scenario.id, scenario]]);
const now = Date.parse('2026-12-07T10:00:00Z');

function pod(name: string, memory: string, runningFor: number, restarts = 0) {
  return parsePod({
    metadata: { name, uid: `uid-${name}`, namespace: 'c-learner-01' },
    spec: { containers: [{ name: 'stress', image: 'polinux/stress', command: ['stress', '--vm', '1', '--vm-bytes', '100M'], resources: { limits: { memory }, requests: { memory } } }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'stress', image: 'polinux/stress:latest', ready: true, restartCount: restarts, state: { running: { startedAt: new Date(now - runningFor).toISOString() } } }],
    },
  });
}

const row = (pods: ReturnType<typeof pod>[]) => boardRow({ learner: 'learner-01', namespace: 'c-learner-01', pods }, scenarios, now, 10, 'oom-killed');

describe('the class board, graded live', () => {
  it('a pod that has held for the stable window passes', () => {
    const r = row([pod('mine', '256Mi', 25_000)]);
    expect(r.criteria).toMatchObject({ total: r.criteria!.ok, held: true });
    expect(passed(r)).toBe(true);
  });

  it('the broken pod in its first second, before its first kill, does not pass though every criterion holds', () => {
    const r = row([pod('oom-killed-pod', '50Mi', 1_000)]);
    expect(r.criteria!.ok).toBe(r.criteria!.total);
    expect(r.criteria!.held).toBe(false);
    expect(passed(r)).toBe(false);
    expect(r.status).toBe('not started');
  });

  it('a fix running for less than the window does not pass yet; a restart starts the window again', () => {
    expect(passed(row([pod('mine', '256Mi', 19_000)]))).toBe(false);
    expect(passed(row([pod('mine', '256Mi', 60_000, 1)]))).toBe(false);
  });

  it('a finished lesson shows every step done, an unfinished one the step it is at', () => {
    const total = scenario.steps.length;
    const lesson = (status: 'done' | 'in-progress', stepIndex: number) => boardRow({
      learner: 'learner-01', namespace: 'c-learner-01', pods: [],
      progress: { version: 1, scenarios: { 'oom-killed': { lesson: { status, stepIndex, updatedAt: now - 1000, seconds: 60, run: {} } } } },
    } as unknown as Parameters<typeof boardRow>[0], scenarios, now, 10, 'oom-killed');
    expect(lesson('done', 0)).toMatchObject({ status: 'done', stepsDone: total, stepsTotal: total });
    expect(lesson('in-progress', 4)).toMatchObject({ status: 'in progress', stepsDone: 4, stepsTotal: total });
    // no record at all (kubectl alone, or kubelab run unattended): graded done, steps not known rather than 0 of 15
    expect(row([pod('mine', '256Mi', 25_000)])).toMatchObject({ status: 'done', stepsTotal: 0 });
  });
});
