// SIGTERM and SIGHUP in every phase of a lesson on the stand-ins (preflight, kind creating the
// cluster, an apply, the watch, the learner's prompt, the stable window) and during an exercise's
// follow. Each time: the shell's exit code, no stand-in left running, kubelab's files absent or
// whole, a message that says what happened and what to do, and a rerun that recovers.
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { fixturesBin, jsonEvents, liveStandIns, runCli, sandbox, type Sandbox } from '../helpers/cli.js';
import { leftFiles, runningCall, startTyping, startUntil } from '../helpers/run-until.js';

type Event<T extends LabEvent['type']> = Extract<LabEvent, { type: T }>;
// the kernel's limit for 50Mi, as the node's memory.max holds it
const ANSWERS = ['kubectl get pod oom-killed-pod', 'kubectl describe pod oom-killed-pod', 'OOMKilled', '137', 'SIGKILL', String(50 * 1024 * 1024), '', 'y'];
const FROM_THE_START = ['', ...ANSWERS];
const STILL_RUNNING = /^The cluster "kubelab" is still running, with this lab's objects in it .*Pick up where you stopped with kubelab start oom-killed, or remove it with: kubelab down$/;

interface Phase {
  name: string;
  /** Stand-in knobs for the stopped run (time in miniature, slowed where the moment is short). */
  knobs: Record<string, string>;
  /** What the learner has typed before the stop. */
  typed: string[];
  /** Resolves once kubelab is in the phase. */
  reached: (box: Sandbox, seen: (ready: (e: LabEvent) => boolean) => Promise<void>) => Promise<unknown>;
  said: RegExp;
  /** An event that would show the phase was over before the signal came. */
  over: (e: LabEvent) => boolean;
  /** The step the rerun picks up at (undefined: from the start), and what the learner types then. */
  resumesAt?: string;
  rerun: string[];
}

const stepStarted = (step: string) => (e: LabEvent) => e.type === 'step.start' && e.step === step;

const PHASES: Phase[] = [
  {
    name: 'preflight (kubectl is asked its version)',
    knobs: { FAKE_KUBECTL_HANG: 'version --client' },
    typed: [],
    reached: (box) => runningCall(box, 'kubectl', (a) => a.includes('version --client')),
    said: /^Stopped before any cluster was created; nothing was left behind\. Start again with kubelab start oom-killed\.$/,
    over: (e) => e.type === 'preflight',
    rerun: FROM_THE_START,
  },
  {
    name: 'cluster create (kind is running)',
    knobs: { FAKE_TIME_SCALE: '0.05' },
    typed: [],
    reached: async (box, seen) => {
      await seen((e) => e.type === 'cluster.progress' && e.line.includes('Preparing nodes'));
      return runningCall(box, 'kind', (a) => a.startsWith('create cluster'));
    },
    said: /^Stopped while kind was creating the cluster "kubelab"\. Remove what it left with kubelab down, then start again with kubelab start oom-killed\.$/,
    over: (e) => e.type === 'cluster.ready',
    rerun: FROM_THE_START,
  },
  {
    name: 'apply (kubectl apply is waiting for the API server)',
    // The apply gives up after its --request-timeout of 45 simulated seconds: 2 s here.
    knobs: { FAKE_KUBECTL_HANG: 'apply -f', FAKE_TIME_SCALE: '0.05' },
    typed: [''],
    reached: async (box, seen) => {
      await seen(stepStarted('apply-issue'));
      return runningCall(box, 'kubectl', (a) => a.includes('apply -f'));
    },
    said: STILL_RUNNING,
    over: (e) => e.type === 'step.done' && e.step === 'apply-issue',
    resumesAt: 'apply-issue',
    rerun: ANSWERS,
  },
  {
    name: 'watch (kubelab follows the pod and the API server has not answered yet)',
    knobs: { FAKE_KUBECTL_HANG: '--watch' },
    typed: [''],
    reached: async (box, seen) => {
      await seen(stepStarted('watch-oom'));
      return runningCall(box, 'kubectl', (a) => a.includes('--watch'));
    },
    said: STILL_RUNNING,
    over: (e) => e.type === 'step.done' && e.step === 'watch-oom',
    resumesAt: 'watch-oom',
    rerun: ANSWERS,
  },
  {
    name: "the learner's prompt",
    knobs: {},
    typed: [''],
    reached: (_box, seen) => seen(stepStarted('get-pod')),
    said: STILL_RUNNING,
    over: (e) => e.type === 'step.done' && e.step === 'get-pod',
    resumesAt: 'get-pod',
    rerun: ANSWERS,
  },
  {
    name: 'the stable window of the fixed pod',
    // kubelab's clock slowed so that the 20 s window lasts 4 s.
    knobs: { KUBELAB_TIME_SCALE: '0.2' },
    typed: FROM_THE_START.slice(0, -1),
    reached: (_box, seen) => seen((e) => e.type === 'pod' && e.target === 'fix' && e.status === 'Running' && e.ready === '1/1'),
    said: STILL_RUNNING,
    over: (e) => e.type === 'step.done' && e.step === 'fixed-running',
    resumesAt: 'fixed-running',
    rerun: ['y'],
  },
];

/** Stops kubelab with `signal` once `phase` is reached; the run's output and exit code. */
async function stopIn(box: Sandbox, phase: Phase, signal: 'SIGTERM' | 'SIGHUP', args = ['start', 'oom-killed', '--json']) {
  // The input stays open: the learner is still there, about to type.
  const run = startTyping({ ...box, env: { ...box.env, ...phase.knobs } }, args, phase.typed);
  // kubelab ending before it reached the phase is a failure with what it printed, not a wait for nothing.
  const exited = run.child.then((r) => {
    throw new Error(`kubelab ended (exit ${r.exitCode}) before ${phase.name}:\n${run.output()}\n${String(r.stderr)}`);
  });
  await Promise.race([phase.reached(box, run.seen), exited]);
  exited.catch(() => undefined);
  run.child.kill(signal);
  const result = await run.child;
  return { code: result.exitCode, events: jsonEvents(run.output()), stdout: run.output(), stderr: String(result.stderr) };
}

describe.each(['SIGTERM', 'SIGHUP'] as const)('%s', (signal) => {
  const code = signal === 'SIGTERM' ? 143 : 129;

  it.each(PHASES.map((p) => [p.name, p] as const))(`during %s: exit ${code}, nothing left running or half-written, what to do, and a rerun recovers`, async (_name, phase) => {
    const box = sandbox();
    const stopped = await stopIn(box, phase, signal);
    expect(stopped.code, stopped.stderr).toBe(code);
    expect(stopped.stderr).not.toContain('hit a bug');
    const end = stopped.events.at(-1) as Event<'interrupted'>;
    expect(stopped.stdout.split('\n').filter(Boolean).every((l) => l.startsWith('{')), 'stdout holds only JSON lines').toBe(true);
    expect(end).toMatchObject({ type: 'interrupted', by: signal });
    expect(end.clusterState).toMatch(phase.said);
    expect(stopped.events.filter(phase.over), 'the signal came during the phase').toEqual([]);
    expect(liveStandIns(box)).toEqual([]);
    const left = leftFiles(box);
    expect(left.locks).toEqual([]);
    expect(left.partial).toEqual([]);
    if (left.progress !== undefined) expect(left.progress).toMatchObject({ schemaVersion: expect.any(Number), scenarios: expect.any(Object) });
    if (phase.name.startsWith('cluster create')) {
      const clusters = await execa(join(fixturesBin, 'kind'), ['get', 'clusters'], { env: box.env, extendEnv: false, reject: false });
      expect(clusters.stdout.trim(), 'no half-made cluster').toBe('');
    }

    const again = await runCli(box, ['start', 'oom-killed', '--json'], `${phase.rerun.join('\n')}\n`);
    expect(again.code, again.stderr).toBe(0);
    const resumed = again.events.find((e): e is Event<'resume'> => e.type === 'resume');
    expect(resumed?.step).toBe(phase.resumesAt);
    expect(again.events.at(-1)).toMatchObject({ type: 'run.end', ok: true });
    expect(leftFiles(box).progress).toMatchObject({ scenarios: { 'oom-killed': { lesson: { status: 'done' } } } });
  });
});

describe.each([['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const)('%s during an exercise\'s follow', (signal, code) => {
  it(`exit ${code}, no child left, progress and lock files whole, the exercise open, and a rerun picks it up`, async () => {
    const box = sandbox();
    const workdir = join(box.dir, 'work');
    const run = startUntil(box, ['exercise', 'oom-killed', '--json', '--workdir', workdir], (e) => e.type === 'criteria', '');
    await run.seen;
    run.child.kill(signal);
    expect((await run.child).exitCode).toBe(code);
    const end = jsonEvents(run.output()).at(-1) as Event<'interrupted'>;
    expect(end).toMatchObject({ type: 'interrupted', by: signal });
    expect(end.clusterState).toBe('Your exercise is still open and the cluster is as you left it. Come back with kubelab exercise oom-killed, grade it with kubelab check oom-killed.');
    expect(liveStandIns(box)).toEqual([]);
    const left = leftFiles(box);
    expect(left).toMatchObject({ locks: [], partial: [] });
    expect(left.progress).toMatchObject({ scenarios: { 'oom-killed': { exercise: { status: 'open' } } } });
    // The way back it names: kubelab exercise again, the fix applied at its prompt (skip), graded done.
    const again = await runCli(box, ['exercise', 'oom-killed', '--json', '--workdir', workdir], 'skip\ny\n');
    expect(again.code, again.stderr).toBe(1);
    expect(again.events.find((e) => e.type === 'exercise.end')).toMatchObject({ outcome: 'skipped' });
    expect(leftFiles(box).progress).toMatchObject({ scenarios: { 'oom-killed': { exercise: { status: 'skipped' } } } });
  });
});

describe('a child slow to end after the signal', () => {
  it('kubelab waits for every child it started, including the ones no step was awaiting, before it exits', async () => {
    // In the preflight kubelab asks kubectl its version while its first look at the lab (a kubectl
    // get) runs beside it, awaited only later. Both hang; the get takes 600 ms to end once signalled.
    // (the stand-ins' clock at real speed, so the get's --request-timeout does not end it first)
    const box = sandbox({ FAKE_KUBECTL_HANG: '-o json', FAKE_TERM_DELAY_MS: '600', FAKE_TERM_DELAY_FOR: ' get ', FAKE_TIME_SCALE: '1' });
    const run = startTyping(box, ['start', 'oom-killed', '--json'], []);
    await runningCall(box, 'kubectl', (a) => a.includes('version --client'));
    await runningCall(box, 'kubectl', (a) => a.includes(' get '));
    const stopped = Date.now();
    run.child.kill('SIGTERM');
    expect((await run.child).exitCode).toBe(143);
    expect(Date.now() - stopped).toBeGreaterThanOrEqual(600);
    expect(liveStandIns(box)).toEqual([]);
    expect(leftFiles(box)).toMatchObject({ locks: [], partial: [] });
  });
});
