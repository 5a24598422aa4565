// Faults on the stand-ins, through the built CLI: the node container dies mid-lesson, a second
// kubelab at the same time, Docker down at the start, kubectl or kind failing. Afterwards: no
// stand-in left running, progress and lock files whole, a message that says what to do. Signals
// in every phase are in signals.test.ts.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { fixturesBin, jsonEvents, liveStandIns, runCli, sandbox, type Sandbox } from '../helpers/cli.js';
import { stepNumber } from '../helpers/lesson.js';
import { progressFile, startUntil } from '../helpers/run-until.js';

const docker = (box: Sandbox, ...args: string[]) => execa(join(fixturesBin, 'docker'), args, { env: box.env, extendEnv: false, reject: false });

describe('the node container dies during the lesson', () => {
  it('kubelab says what happened and what to do, prints no "What to remember", and a rerun recovers', async () => {
    const box = sandbox({ KUBELAB_TIME_SCALE: '1' });
    const run = startUntil(box, ['run', 'oom-killed', '--auto', '--json'], (e) => e.type === 'step.done' && e.step === 'apply-fix');
    await run.seen;
    await docker(box, 'kill', 'kubelab-control-plane');
    const result = await run.child;
    const events = jsonEvents(run.output());
    expect(result.exitCode).toBe(1);
    const failed = events.find((e): e is Extract<LabEvent, { type: 'step.done' }> => e.type === 'step.done' && !e.ok)!;
    expect(failed.step).toBe('fixed-running');
    expect(failed.reason).toBe('The lab cluster\'s node container kubelab-control-plane stopped (exit code 137: killed).');
    expect(failed.todo).toBe(`Start it with docker start kubelab-control-plane (or kubelab down, and start again), then kubelab start oom-killed picks up at step ${stepNumber('fixed-running')}.`);
    expect(events.some((e) => e.type === 'summary')).toBe(false);
    const end = events.at(-1)!;
    expect(end).toMatchObject({ type: 'run.end', ok: false });
    expect((end as Extract<LabEvent, { type: 'run.end' }>).clusterState).not.toContain('is still running');
    expect(liveStandIns(box)).toEqual([]);
    // Doing what it said, then running again, works.
    expect((await docker(box, 'start', 'kubelab-control-plane')).exitCode).toBe(0);
    const again = await runCli({ ...box, env: { ...box.env, KUBELAB_TIME_SCALE: '0.05' } }, ['run', 'oom-killed', '--auto', '--json']);
    expect(again.code).toBe(0);
    expect(again.events.find((e) => e.type === 'cluster.ready')).toMatchObject({ reused: true });
  });

  it('during an exercise: the exercise stays open and the message names the fix', async () => {
    const box = sandbox();
    const run = startUntil(box, ['exercise', 'oom-killed', '--json', '--workdir', join(box.dir, 'work')], (e) => e.type === 'criteria', '');
    await run.seen;
    await docker(box, 'stop', 'kubelab-control-plane');
    const result = await run.child;
    expect(result.exitCode).toBe(1);
    const end = jsonEvents(run.output()).at(-1) as Extract<LabEvent, { type: 'run.end' }>;
    expect(end.clusterState).toMatch(/^The lab cluster's node container kubelab-control-plane stopped.*docker start kubelab-control-plane.*Your exercise stays open\.$/);
    expect(JSON.parse(readFileSync(progressFile(box), 'utf8')).scenarios['oom-killed'].exercise.status).toBe('open');
    expect(liveStandIns(box)).toEqual([]);
  });
});

describe('a second kubelab on the same cluster', () => {
  it('is refused with who holds the lab, and gets it once the first is done', async () => {
    const box = sandbox();
    const first = startUntil(box, ['exercise', 'oom-killed', '--json', '--workdir', join(box.dir, 'work')], (e) => e.type === 'criteria', '');
    await first.seen;
    const second = await runCli(box, ['start', 'oom-killed', '--plain']);
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(/Another kubelab is using the lab cluster "kubelab": kubelab exercise oom-killed --json --workdir \S+ \(pid \d+, since .+\)\./);
    expect(second.stderr).toContain('--cluster <another name>');
    // Grading from another terminal never needs the lock.
    expect((await runCli(box, ['hint', 'oom-killed'])).code).toBe(0);
    first.child.kill('SIGINT');
    await first.child;
    expect((await runCli(box, ['down'])).code).toBe(0);
  });

  it('a lock left by a kubelab that died is taken over', async () => {
    const box = sandbox();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(box.env.XDG_RUNTIME_DIR!, 'kubelab'), { recursive: true });
    writeFileSync(join(box.env.XDG_RUNTIME_DIR!, 'kubelab', 'lock-kubelab.json'), JSON.stringify({ pid: 999_999, command: 'kubelab start', since: 0 }));
    expect((await runCli(box, ['down'])).code).toBe(0);
  });
});

describe('Docker not running at the start', () => {
  it('says so with the fix, and does not blame the memory', async () => {
    const box = sandbox({ FAKE_DOCKER_DOWN: '1' });
    const { code, stdout, stderr } = await runCli(box, ['start', 'oom-killed', '--plain'], '\n');
    expect(code).toBe(3);
    expect(stdout).toMatch(/✗ docker\s+the Docker daemon is not reachable: Cannot connect to the Docker daemon/);
    expect(stdout).toMatch(/✓ memory/);
    expect(stdout).not.toContain('close other programs');
    expect(stderr).toContain('Start the Docker daemon');
  });
});

describe('a kubectl that gets no answer', () => {
  it('the step is tried again (twice), then fails saying the API server did not answer though the node runs', async () => {
    const box = sandbox({ FAKE_KUBECTL_HANG: 'fix.yaml' });
    const { code, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code).toBe(1);
    const retries = events.filter((e) => e.type === 'notice' && e.text === 'Trying "Apply fix.yaml" again');
    expect(retries).toHaveLength(2);
    const failed = events.find((e): e is Extract<LabEvent, { type: 'step.done' }> => e.type === 'step.done' && !e.ok)!;
    expect(failed.step).toBe('apply-fix');
    expect(failed.reason).toContain('Client.Timeout exceeded');
    expect(liveStandIns(box)).toEqual([]);
  });

  it('a learner at the plain prompt is asked whether to try again, and can say no', async () => {
    const box = sandbox({ FAKE_KUBECTL_HANG: 'issue.yaml' });
    const { code, stdout } = await runCli(box, ['start', 'oom-killed', '--plain'], '\nn\n');
    expect(stdout).toContain('The API server of the cluster "kubelab" did not answer, though its node container runs. Try this step again? [Y/n]');
    expect(code).not.toBe(0);
  });
});

describe('kind cannot create the cluster', () => {
  for (const [fault, message, remedy] of [
    ['port', 'a port it needs (80) is taken by another program', 'ss -ltnp'],
    ['memory', 'not enough memory for the node', 'give Docker Desktop more memory'],
  ] as const) {
    it(`${fault}: says why and what to do, leaves no half cluster, and no stack trace`, async () => {
      const box = sandbox({ FAKE_KIND_CREATE_FAIL: fault });
      const { code, stderr } = await runCli(box, ['run', 'oom-killed', '--auto']);
      expect(code).toBe(3);
      expect(stderr).toContain(message);
      expect(stderr).toContain(remedy);
      expect(stderr).not.toContain('hit a bug');
      const clusters = await execa(join(fixturesBin, 'kind'), ['get', 'clusters'], { env: box.env, extendEnv: false, reject: false });
      expect(clusters.stdout.trim()).toBe('');
      expect(liveStandIns(box)).toEqual([]);
    });
  }
});

