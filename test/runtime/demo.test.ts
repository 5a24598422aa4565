// A demo against the stand-ins, keys pressed by the test: each step waits for the presenter, back
// and jump rebuild the cluster state, and `kubelab notes` (a second process) follows the same step.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoKey } from '../../src/engine/demo.js';
import type { LabEvent } from '../../src/engine/events.js';
import { runDemo } from '../../src/runtime/demo/run.js';
import type { Presenter } from '../../src/runtime/demo/presenter.js';
import { resolveScenario } from '../../src/scenario/catalog.js';
import { settingsFrom } from '../../src/settings.js';
import { calls, cliPath, sandbox } from '../helpers/cli.js';
import { stepNumber, STEPS } from '../helpers/lesson.js';

const box = sandbox();
Object.assign(process.env, { ...box.env, XDG_RUNTIME_DIR: join(box.dir, 'run'), PATH: `${box.env.PATH}:${process.env.PATH}` });
const settings = settingsFrom({});
const scenario = resolveScenario('oom-killed');
const events: LabEvent[] = [];
let presenter: Presenter | undefined;
const controller = new AbortController();
afterAll(() => controller.abort());

const position = () => [...events].reverse().find((e): e is Extract<LabEvent, { type: 'demo.position' }> => e.type === 'demo.position');
async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`never saw ${what}; last position ${JSON.stringify(position())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const press = (key: DemoKey) => presenter!.key(key);
const at = (index: number, phase: string) => until(`step ${index + 1} ${phase}`, () => position()?.index === index && position()?.phase === phase);
const issuePods = () => calls(box).filter((c) => c.tool === 'kubectl' && c.argv.includes('apply') && c.argv.some((a) => a.endsWith('issue.yaml'))).length;

describe('kubelab demo', () => {
  it('runs each step on the presenter\'s key, goes back and jumps with the cluster rebuilt, and notes follows', { timeout: 60_000 }, async () => {
    const notes = execa(process.execPath, [cliPath, 'notes'], { env: { ...box.env, XDG_RUNTIME_DIR: join(box.dir, 'run') }, extendEnv: false, reject: false });
    const demo = runDemo({
      scenario, settings, emit: (e) => events.push({ ...e, at: Date.now() }), signal: controller.signal, consent: async () => false, typing: 200,
      onPresenter: (p) => (presenter = p),
    });
    // A read step shows the manifest at once, then waits for the room.
    await at(0, 'done');
    expect(events.some((e) => e.type === 'manifest')).toBe(true);
    press({ kind: 'go' });
    await at(1, 'typed');
    expect(position()!.typed).toBe('kubectl apply -f issue.yaml');
    expect(issuePods()).toBe(0); // nothing runs before the presenter says so
    press({ kind: 'go' });
    await at(1, 'done');
    expect(issuePods()).toBe(1);
    press({ kind: 'go' });
    await at(2, 'typed');
    press({ kind: 'go' });
    await at(2, 'done');
    expect(events.some((e) => e.type === 'evidence')).toBe(true);
    press({ kind: 'go' });
    await at(3, 'typed');
    expect(position()!.typed).toBe('kubectl get pod oom-killed-pod');

    // Back one step: the cluster is rebuilt as step 3 needs it (the issue applied again).
    press({ kind: 'back' });
    await at(2, 'typed');
    expect(issuePods()).toBe(2);
    // Jump to the question about the reason: its answer comes from the live cluster.
    press({ kind: 'jump', to: 5 });
    await until('the answer on the presenter\'s screen', () => position()?.index === 5 && position()?.answer === 'OOMKilled');
    press({ kind: 'go' });
    await at(5, 'done');
    expect(events.filter((e) => e.type === 'answer').at(-1)).toMatchObject({ correct: true, given: 'OOMKilled' });
    // The question on the kernel's limit: the presenter's answer is read on the node, through docker exec.
    const kernelQuestion = stepNumber('ask-kernel-limit') - 1;
    const greps = () => calls(box).filter((c) => c.tool === 'docker' && c.argv[0] === 'exec' && c.argv.includes('grep')).length;
    const before = greps();
    press({ kind: 'jump', to: kernelQuestion });
    await until('the kernel\'s limit on the presenter\'s screen', () => position()?.index === kernelQuestion && position()?.answer === String(50 * 1024 * 1024), 30_000);
    expect(greps()).toBeGreaterThan(before);
    press({ kind: 'go' });
    await at(kernelQuestion, 'done');
    expect(events.filter((e) => e.type === 'answer').at(-1)).toMatchObject({ correct: true, given: String(50 * 1024 * 1024) });

    press({ kind: 'pause' });
    await until('paused', () => position()?.paused === true);
    press({ kind: 'pause' });
    press({ kind: 'quit' });
    await demo;
    expect(events.at(-1)).toMatchObject({ type: 'run.end', ok: true });

    const followed = String((await notes).stdout).split('\n');
    expect(followed.some((l) => l.includes(`step 2/${STEPS} Apply issue.yaml (typed)`))).toBe(true);
    expect(followed.some((l) => new RegExp(`step 6/${STEPS} Why did the container stop\\? .*\\| answer: OOMKilled`).test(l))).toBe(true);
    expect(followed.some((l) => l.includes(`step ${kernelQuestion + 1}/${STEPS} The limit, in the kernel's units`) && l.includes(`answer: ${50 * 1024 * 1024}`))).toBe(true);
    expect(followed.some((l) => l.includes(` paused] step ${kernelQuestion + 1}/${STEPS}`))).toBe(true);
    expect(followed.at(-1) === '' ? followed.at(-2) : followed.at(-1)).toBe('the demo ended');
    expect(readFileSync(join(box.userHome, '.kube', 'config'), 'utf8')).toContain('do-not-touch');
  });
});
