// A lesson stopped part-way picks up where it stopped: done steps are not asked again, the cluster
// is put back as the next step needs it, and the progress file says where the learner is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, sandbox } from '../helpers/cli.js';
import { converse, readingOnScreen } from '../helpers/converse.js';
import { QUESTIONS, STEPS } from '../helpers/lesson.js';

describe('resuming a lesson', () => {
  it('after the input ran out at the describe step, the next start begins there', async () => {
    const box = sandbox();
    const first = await runCli(box, ['start', 'oom-killed', '--plain'], '\nkubectl get pod oom-killed-pod\n');
    expect(first.code).toBe(3);
    const file = join(box.userHome, '.local', 'state', 'kubelab', 'progress.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')).scenarios['oom-killed'].lesson;
    expect(saved).toMatchObject({ status: 'in-progress', stepIndex: 4 });
    expect((await runCli(box, ['progress'])).stdout).toMatch(new RegExp(`oom-killed\\s+lesson at step 5 of ${STEPS}`));

    const rest = ['kubectl describe pod oom-killed-pod', 'OOMKilled', '137', 'SIGKILL', (screen: string) => readingOnScreen(screen, 'memory.max', 'memory.limit_in_bytes'), '', 'y'];
    const second = await converse(box, ['start', 'oom-killed', '--plain'], rest);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Picking up at step 5 (describe-pod)');
    expect(second.stdout).not.toContain(`[1/${STEPS}] Read the broken manifest`);
    expect(second.stdout).not.toContain(`[4/${STEPS}]`);
    expect(second.stdout).toContain(`[5/${STEPS}] Read the evidence with describe`);
    expect(second.stdout).toContain(`Questions: ${QUESTIONS} of ${QUESTIONS} right (${QUESTIONS} at the first try), 0 hint(s) used`);
    expect(second.stdout).toContain(`Steps: ${STEPS} of ${STEPS} done`);
    const done = JSON.parse(readFileSync(file, 'utf8')).scenarios['oom-killed'].lesson;
    expect(done).toMatchObject({ status: 'done', stepIndex: STEPS, score: 100 });

    const fresh = await runCli(box, ['start', 'oom-killed', '--plain'], '\n');
    expect(fresh.stdout).toContain(`[1/${STEPS}] Read the broken manifest`);
  });
});
