import { describe, expect, it } from 'vitest';
import { diffLines } from '../../src/engine/diff.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { parseDuration } from '../../src/engine/durations.js';
import { emptyProgress, record, summaryLines } from '../../src/engine/progress.js';
import { parsePod } from '../../src/cluster/parse-pod.js';
import { absentPod } from '../../src/engine/facts.js';
import { oomPod } from '../helpers/data.js';

describe('diff', () => {
  it('marks changed lines and keeps the common ones', () => {
    const d = diffLines('a\nmemory: 50Mi\nc\n', 'a\nmemory: 256Mi\nc\n');
    expect(d).toEqual([{ op: ' ', text: 'a' }, { op: '-', text: 'memory: 50Mi' }, { op: '+', text: 'memory: 256Mi' }, { op: ' ', text: 'c' }]);
    expect(diffLines('x\n', 'x\n').every((l) => l.op === ' ')).toBe(true);
  });
});

describe('diagnose', () => {
  it('says the image can\'t be pulled, with what to do', () => {
    const pod = parsePod(oomPod(undefined, { state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } }));
    const d = diagnose(pod, [{ type: 'Warning', reason: 'Failed', message: 'Failed to pull image "polinux/stress": dial tcp: lookup registry-1.docker.io: no such host', count: 2 }]);
    expect(d.doing).toContain("can't pull the image polinux/stress (ImagePullBackOff)");
    expect(d.doing).toContain('no such host');
    expect(d.todo).toContain('kind load docker-image');
  });
  it('covers pending, missing and crash-looping pods', () => {
    const pending = parsePod({ metadata: { name: 'p' }, spec: { containers: [{}] }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', message: '0/1 nodes are available' }] } });
    expect(diagnose(pending).doing).toBe('the pod is Pending and not scheduled: 0/1 nodes are available');
    expect(diagnose(absentPod('x')).doing).toBe('the pod does not exist');
    expect(diagnose(parsePod(oomPod({ reason: 'Error', exitCode: 1 }))).doing).toBe('the container keeps stopping with Error (exit code 1), 2 restart(s)');
  });
});

describe('durations and progress', () => {
  it('parses scenario durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(() => parseDuration('2h')).toThrow();
  });

  it('counts steps, answers, hints and checks for the summary', () => {
    const events = [
      { type: 'run.start', scenario: 's', title: 't', mode: 'learn', cluster: 'c', at: 0 },
      { type: 'step.start', step: 'a', kind: 'question', index: 0, total: 1, title: 'A' },
      { type: 'answer', step: 'a', given: 'Error', correct: false, attempt: 1, hint: 'look again' },
      { type: 'answer', step: 'a', given: 'OOMKilled', correct: true, attempt: 2 },
      { type: 'step.done', step: 'a', ok: true },
      { type: 'check', step: 'a', check: 'x', ok: true, message: 'm' },
      { type: 'check', step: 'a', check: 'y', ok: false, message: 'm' },
    ] as const;
    const progress = events.reduce(record, emptyProgress());
    expect(progress.hintsUsed).toBe(1);
    expect(progress.answers).toEqual([{ step: 'a', given: 'OOMKilled', correct: true, attempts: 2, hints: 1, revealed: undefined }]);
    const lines = summaryLines(progress, 90_000);
    expect(lines).toContain('Steps: 1 of 1 done');
    expect(lines).toContain('Questions: 1 of 1 right (0 at the first try), 1 hint(s) used');
    expect(lines).toContain('Checks on the cluster: 1 passed, 1 failed');
    expect(lines).toContain('Time: 1.5 min');
  });
});
