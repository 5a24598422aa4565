// The kernel's side of the OOM kill through the built CLI, on the stand-ins: the lesson's kernel step
// and question on each cgroup version, the node dying right before it, and `kubelab kernel`.
import { execa } from 'execa';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { calls, fixturesBin, of, root, runCli, sandbox, type Sandbox } from '../helpers/cli.js';
import { converse } from '../helpers/converse.js';

/** issue.yaml's limit, 50Mi, in bytes. */
const LIMIT = 50 * 1024 * 1024;
const NODE = 'kubelab-control-plane';
const reading = (e: Extract<LabEvent, { type: 'kernel' | 'kernel.run' }>, file: string) => e.readings.find((r) => r.file === file);
const docker = (box: Sandbox, ...args: string[]) => execa(join(fixturesBin, 'docker'), args, { env: box.env, extendEnv: false, reject: false });
/** The docker calls kubelab made between two moments (the stand-ins log each with its time). */
const dockerCallsBetween = (box: Sandbox, from: number, to: number) => readFileSync(join(box.state, 'calls.log'), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l) as { tool: string; argv: string[]; time: string }).filter((c) => c.tool === 'docker' && Date.parse(c.time) >= from && Date.parse(c.time) <= to);

function stepWindow(events: LabEvent[], step: string): [number, number] {
  const start = events.find((e) => e.type === 'step.start' && e.step === step)!;
  const done = events.find((e) => e.type === 'step.done' && e.step === step)!;
  return [start.at!, done.at!];
}

describe('the kernel step of the OOM lesson', () => {
  it('cgroup v2, exit 137: the limit, the kills and the group kills from the node; the question graded against it', async () => {
    const box = sandbox({ FAKE_CGROUP_VERSION: '2', FAKE_OOM_EXIT: '137' });
    const { code, events, stderr } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code, stderr).toBe(0);
    const [kernel] = of(events, 'kernel');
    expect(kernel).toMatchObject({ node: NODE, cgroupVersion: 2 });
    expect(kernel!.cgroup).toMatch(/^\/sys\/fs\/cgroup\/kubelet\.slice\/kubelet-kubepods\.slice\/kubelet-kubepods-burstable\.slice\/kubelet-kubepods-burstable-pod[0-9a-f_]{36}\.slice$/);
    expect(reading(kernel!, 'memory.max')!.value).toBe(String(LIMIT));
    const kills = Number(reading(kernel!, 'memory.events oom_kill')!.value);
    expect(kills).toBeGreaterThanOrEqual(1);
    expect(Number(reading(kernel!, 'memory.events oom_group_kill')!.value)).toBeGreaterThanOrEqual(1);
    expect(kernel!.log[0]).toMatch(/^The kernel logged \d+ OOM kills? in this pod's cgroup; the last:$/);
    expect(kernel!.log.join('\n')).toMatch(/memory: usage 51200kB, limit 51200kB/);
    const checks = of(events, 'check').filter((c) => c.step === 'kernel-evidence');
    expect(checks.map((c) => [c.check, c.ok])).toEqual([['the node survives the OOM kill', true], ['the kernel holds the pod to 50Mi (52428800 bytes)', true], ['the kernel counted at least 1 OOM kill', true]]);
    expect(checks[2]!.message).toBe(`${kills} OOM kills counted (oom_kill in memory.events): yes`);

    // The question on the limit: the same pod under the same spec limit, so the kernel step's reading
    // answers it (a pod's cgroup limit is written once, from its spec): no docker exec of its own.
    const answer = of(events, 'answer').find((a) => a.step === 'ask-kernel-limit')!;
    expect(answer).toMatchObject({ given: reading(kernel!, 'memory.max')!.value, correct: true, attempt: 1 });
    const [from, to] = stepWindow(events, 'ask-kernel-limit');
    expect(dockerCallsBetween(box, from, to)).toEqual([]);
    // what kubelab showed of each docker exec: the commands, and the kernel log cut to this pod
    const shown = of(events, 'kubectl').filter((k) => k.argv[0] === 'docker');
    expect(shown.map((k) => k.argv.slice(1, 4).join(' '))).toEqual([`exec ${NODE} stat`, `exec ${NODE} find`, `exec ${NODE} grep`, `exec ${NODE} dmesg`]);
    expect(shown[3]!.stdout.split('\n')[0]).toBe('(the kernel log, cut to the last OOM lines about this pod)');
  });

  it('a question on the kill count reads the node again: counters move, a limit does not', async () => {
    const box = sandbox({ FAKE_CGROUP_VERSION: '2', FAKE_OOM_EXIT: '137' });
    const dir = join(box.home, 'kills-question');
    cpSync(join(root, 'scenarios', 'oom-killed'), dir, { recursive: true });
    const file = join(dir, 'scenario.yaml');
    const yaml = readFileSync(file, 'utf8');
    expect(yaml).toContain('answer: { kernel: limitBytes }');
    writeFileSync(file, yaml.replace('answer: { kernel: limitBytes }', 'answer: { kernel: oomKills }'));
    const { code, events, stderr } = await runCli(box, ['run', dir, '--auto', '--json']);
    expect(code, stderr).toBe(0);
    const [from, to] = stepWindow(events, 'ask-kernel-limit');
    const reads = dockerCallsBetween(box, from, to).map((c) => c.argv.slice(0, 3).join(' '));
    expect(reads).toEqual(expect.arrayContaining([`exec ${NODE} stat`, `exec ${NODE} find`, `exec ${NODE} grep`]));
    expect(of(events, 'answer').find((a) => a.step === 'ask-kernel-limit')).toMatchObject({ given: expect.stringMatching(/^[1-9]\d*$/), correct: true });
  });

  it('cgroup v1, exit 1: limit_in_bytes, no count at pod level, the kills from the kernel log', async () => {
    const box = sandbox({ FAKE_CGROUP_VERSION: '1', FAKE_OOM_EXIT: '1' });
    const { code, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code).toBe(0);
    const [kernel] = of(events, 'kernel');
    expect(kernel).toMatchObject({ cgroupVersion: 1 });
    expect(kernel!.cgroup).toMatch(/^\/sys\/fs\/cgroup\/memory\/kubelet\.slice\/.*-pod[0-9a-f_]{36}\.slice$/);
    expect(reading(kernel!, 'memory.limit_in_bytes')!.value).toBe(String(LIMIT));
    expect(reading(kernel!, 'memory.oom_control oom_kill')).toMatchObject({ value: '0', meaning: expect.stringContaining('none counted here') });
    expect(Number(reading(kernel!, 'memory.failcnt')!.value)).toBeGreaterThan(0);
    expect(kernel!.readings.some((r) => r.file.startsWith('memory.events'))).toBe(false);
    expect(kernel!.log.join('\n')).not.toContain('memory.oom.group set');
    const counted = of(events, 'check').find((c) => c.step === 'kernel-evidence' && c.check.startsWith('the kernel counted'))!;
    expect(counted).toMatchObject({ ok: true, message: expect.stringMatching(/^\d+ OOM kills? counted \(the kernel log\): yes$/) });
    expect(of(events, 'answer').find((a) => a.step === 'ask-kernel-limit')).toMatchObject({ given: String(LIMIT), correct: true });
  });

  it('a kernel log the node won\'t show: the step says so and still grades the counters', async () => {
    const box = sandbox({ FAKE_DMESG: 'denied' });
    const { code, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code).toBe(0);
    expect(of(events, 'kernel')[0]!.log).toEqual(['The kernel log can\'t be read here (dmesg: read kernel buffer failed: Operation not permitted); the counters above are the kernel\'s own record.']);
    expect(of(events, 'step.done').find((s) => s.step === 'kernel-evidence')).toMatchObject({ ok: true });
  });

  it('the node container stopped right before it: the step fails saying so, with docker start, and the run ends there', async () => {
    const box = sandbox();
    // The lesson without its verify step, so the last question comes right before the kernel step.
    const dir = join(box.dir, 'oom-kernel');
    cpSync(join(root, 'scenarios', 'oom-killed'), dir, { recursive: true });
    const yaml = readFileSync(join(dir, 'scenario.yaml'), 'utf8');
    const trimmed = yaml.replace(/ {2}- id: verify-oom\n[\s\S]*?(?= {2}- id: kernel-evidence)/, '');
    expect(trimmed).not.toBe(yaml);
    writeFileSync(join(dir, 'scenario.yaml'), trimmed);
    const { stdout } = await converse(box, ['start', './oom-kernel', '--plain'], ['', 'kubectl get pod oom-killed-pod', 'kubectl describe pod oom-killed-pod', 'OOMKilled', '137', 'SIGKILL'], {
      5: async () => { expect((await docker(box, 'stop', NODE)).exitCode).toBe(0); },
    });
    const kernelAt = stdout.indexOf('Ask the kernel, on the node');
    expect(kernelAt).toBeGreaterThan(0);
    const after = stdout.slice(kernelAt);
    expect(after).toContain(`✗ expected the node container ${NODE} running, got exited (exit code 137)`);
    expect(after).toContain(`✗ The lab cluster's node container ${NODE} stopped (exit code 137: killed).`);
    expect(after).toMatch(new RegExp(`what to do: Start it with docker start ${NODE} .*picks up at step \\d+\\.`));
    expect(after).not.toContain('kubelab runs: docker exec');
    expect(after).not.toContain('What to remember');
    expect(after).not.toContain('The limit, in the kernel\'s units');
  });
});

describe('kubelab kernel', () => {
  const runKernel = (knobs: Record<string, string>, ...args: string[]) => runCli(sandbox(knobs), ['kernel', 'oom-killed', '--json', ...args]);

  it('cgroup v1: the container is killed, exit 1, the kill in the kernel log', async () => {
    const { code, events, stderr } = await runKernel({ FAKE_CGROUP_VERSION: '1' });
    expect(code, stderr).toBe(0);
    const [run] = of(events, 'kernel.run');
    expect(run).toMatchObject({ cgroupVersion: 1, driver: 'cgroupfs', oomGroup: false, exitCode: 1, oomKilled: true, memory: '50Mi', memoryBytes: LIMIT, image: 'polinux/stress', command: ['stress', '--vm', '1', '--vm-bytes', '100M'] });
    expect(run!.cgroup).toMatch(/^\/kubelab-kernel\/[0-9a-f]{64}$/);
    expect(reading(run!, 'memory.limit_in_bytes')!.value).toBe(String(LIMIT));
    expect(reading(run!, 'kernel log')!.value).toBe('1');
    expect(run!.log.join('\n')).toMatch(/Killed process \d+ \(stress\)/);
    expect(run!.explanation[0]).toContain('cgroup v1 has no memory.oom.group');
  });

  it('cgroup v2: exit 1 too, since Docker alone sets no memory.oom.group', async () => {
    const { code, events } = await runKernel({ FAKE_CGROUP_VERSION: '2' });
    expect(code).toBe(0);
    const [run] = of(events, 'kernel.run');
    expect(run).toMatchObject({ cgroupVersion: 2, driver: 'systemd', oomGroup: false, exitCode: 1, oomKilled: true });
    expect(run!.cgroup).toMatch(/^\/kubelab\.slice\/kubelab-kernel\.slice\/docker-[0-9a-f]{64}\.scope$/);
    expect(reading(run!, 'memory.oom.group')!.value).toBe('0');
    expect(reading(run!, 'memory.events oom_group_kill')!.value).toBe('0');
    expect(reading(run!, 'memory.events oom_kill')!.value).toBe('1');
    expect(run!.explanation[0]).toContain('Docker does not set memory.oom.group');
  });

  it('cgroup v2 with --oom-group: memory.oom.group 1, the whole container killed, 137', async () => {
    const { code, events } = await runKernel({ FAKE_CGROUP_VERSION: '2' }, '--oom-group');
    expect(code).toBe(0);
    const [run] = of(events, 'kernel.run');
    expect(run).toMatchObject({ oomGroup: true, exitCode: 137, oomKilled: true });
    expect(reading(run!, 'memory.oom.group')).toMatchObject({ value: '1', meaning: expect.stringContaining('set by kubelab (--oom-group') });
    expect(reading(run!, 'memory.events oom_group_kill')!.value).toBe('1');
    expect(reading(run!, 'memory.events oom_kill')!.value).toBe('2');
    expect(run!.log.at(-1)).toContain('with memory.oom.group set, the rest of the container with it');
    expect(run!.explanation[0]).toMatch(/^Exit code 137 = 128 \+ 9/);
  });

  it('a second run counts only what it added to the parent cgroup, and leaves no container behind', async () => {
    const box = sandbox();
    await runCli(box, ['kernel', 'oom-killed', '--json']);
    const { events } = await runCli(box, ['kernel', 'oom-killed', '--json', '--oom-group']);
    const [run] = of(events, 'kernel.run');
    expect(reading(run!, 'memory.events oom_kill')).toMatchObject({ value: '2', meaning: expect.stringContaining('2 in this run (kubelab\'s parent cgroup has counted 3 in all, 1 before it)') });
    expect(reading(run!, 'memory.events oom_kill')!.meaning).not.toContain(',.');
    const names = calls(box).filter((c) => c.tool === 'docker' && c.argv[0] === 'run' && c.argv[1] === '-d').map((c) => c.argv[c.argv.indexOf('--name') + 1]);
    expect(names).toEqual(['kubelab-kernel-oom-killed', 'kubelab-kernel-oom-killed']);
    expect(await docker(box, 'inspect', 'kubelab-kernel-oom-killed')).toMatchObject({ exitCode: 1, stderr: 'Error: No such object: kubelab-kernel-oom-killed' });
  });

  it('a lost OOM event: OOMKilled=false, and the kernel\'s count says what happened', async () => {
    const { events } = await runKernel({ FAKE_OOM_REASON: 'Error' });
    const [run] = of(events, 'kernel.run');
    expect(run).toMatchObject({ exitCode: 1, oomKilled: false });
    expect(run!.explanation[1]).toContain('although the kernel counted 1 kill: the OOM event lost the race');
  });

  it('--oom-group on cgroup v1 is refused with exit 2, before any container runs', async () => {
    const box = sandbox({ FAKE_CGROUP_VERSION: '1' });
    const { code, stderr } = await runCli(box, ['kernel', 'oom-killed', '--oom-group']);
    expect(code).toBe(2);
    expect(stderr).toContain('--oom-group: memory.oom.group exists only on cgroup v2, and this Docker runs on cgroup v1.');
    expect(stderr).toContain('kubelab kernel oom-killed');
    expect(calls(box).some((c) => c.tool === 'docker' && c.argv[0] === 'run')).toBe(false);
  });

  it('plain output: the run, the readings, why the exit code is what it is', async () => {
    const { code, stdout } = await runCli(sandbox(), ['kernel', 'oom-killed']);
    expect(code).toBe(0);
    expect(stdout).toContain('oom-killed without Kubernetes: docker run --memory 50Mi polinux/stress stress --vm 1 --vm-bytes 100M');
    expect(stdout).toMatch(/exit code 1 · OOMKilled true/);
    expect(stdout).toMatch(/\n {2}▶ memory\.max +52428800\n {6}the most memory this container may hold, 50Mi/);
  });
});
