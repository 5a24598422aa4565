// What kubelab says about the kernel's numbers, and how it grades them: pure functions over facts
// parsed from the real v1 captures and the REFERENCE v2 samples (test/helpers/cgroup.ts).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePod } from '../../src/cluster/parse-pod.js';
import { expectedAnswer } from '../../src/engine/answers.js';
import { describeCheck, evaluate } from '../../src/engine/checks/index.js';
import { DOCKER_SUBJECT, explainKernel, explainKernelRun, explainKills, killCount, quantityBytes, type KernelFacts } from '../../src/engine/kernel.js';
import { ScenarioError } from '../../src/errors.js';
import type { QuestionStep } from '../../src/runtime/context.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenariosDir } from '../../src/scenario/paths.js';
import type { CheckSpec } from '../../src/scenario/schema.js';
import { dmesgUid, kernelFacts, podOom, V2_GROUP_KILL, V2_UID } from '../helpers/cgroup.js';
import { oomPod } from '../helpers/data.js';

const v1 = kernelFacts(1, { text: podOom, uid: dmesgUid });
const v1Blind = kernelFacts(1, { error: 'dmesg: read kernel buffer failed: Operation not permitted' });
const v2 = kernelFacts(2, { text: V2_GROUP_KILL, uid: V2_UID });
const reading = (readings: ReturnType<typeof explainKernel>, file: string) => readings.find((r) => r.file === file);
const pod = parsePod(oomPod({ reason: 'OOMKilled', exitCode: 137 }));

describe('memory quantities in bytes', () => {
  it('reads the binary and decimal suffixes Kubernetes writes', () => {
    expect(quantityBytes('50Mi')).toBe(50 * 2 ** 20);
    expect(quantityBytes('128M')).toBe(128e6);
    expect(quantityBytes('1Gi')).toBe(2 ** 30);
    expect(quantityBytes('0.5Gi')).toBe(2 ** 29);
    expect(quantityBytes('1k')).toBe(1000);
    expect(quantityBytes('64Ki')).toBe(65536);
    expect(quantityBytes(' 1000 ')).toBe(1000);
  });

  it('refuses what is not a quantity', () => {
    for (const q of ['', 'abc', '50MB', '-1Mi', '1m']) expect(quantityBytes(q), q).toBeUndefined();
  });
});

describe('the readings of a pod\'s memory cgroup', () => {
  it('v1: the limit is the spec\'s 50Mi in bytes, and a zero oom_kill is explained by the log', () => {
    const r = explainKernel(v1, '50Mi');
    expect(reading(r, 'memory.limit_in_bytes')).toMatchObject({ value: String(v1.limitBytes) });
    expect(reading(r, 'memory.limit_in_bytes')!.meaning).toContain(`the 50Mi of the pod spec (50Mi = ${50 * 2 ** 20} bytes). Kubernetes wrote it`);
    expect(reading(r, 'memory.oom_control oom_kill')).toMatchObject({ value: '0', meaning: expect.stringContaining('none counted here: cgroup v1 counts a kill in the killed process\'s own cgroup') });
    expect(reading(r, 'memory.failcnt')!.value).toBe(String(v1.failcnt));
    expect(reading(r, 'memory.oom.group')).toMatchObject({ value: '-', meaning: expect.stringContaining('cgroup v1 has no such switch') });
    expect(r.some((x) => x.file.startsWith('memory.events'))).toBe(false);
  });

  it('v1 without the log: the zero is not explained away', () => {
    expect(reading(explainKernel(v1Blind, '50Mi'), 'memory.oom_control oom_kill')!.meaning).toBe('processes the kernel\'s OOM killer killed in this cgroup.');
  });

  it('v2: the counters, and oom_group_kill as the reason for 137', () => {
    const r = explainKernel(v2, '50Mi');
    expect(reading(r, 'memory.max')!.value).toBe('52428800');
    expect(reading(r, 'memory.events oom_kill')).toMatchObject({ value: '2', meaning: expect.stringContaining('across every restart (the pod\'s cgroup outlives its containers)') });
    expect(reading(r, 'memory.events oom_group_kill')!.meaning).toContain('because kubelet set memory.oom.group=1: PID 1 gets SIGKILL too, hence exit code 137');
    expect(reading(r, 'memory.events max')!.value).toBe('37');
    expect(r.some((x) => x.file.startsWith('memory.oom_control') || x.file === 'memory.failcnt')).toBe(false);
  });

  it('says so when the cgroup holds another limit than the spec asks for, or none', () => {
    expect(reading(explainKernel(v2, '64Mi'), 'memory.max')!.meaning).toContain(`but the pod spec asks for 64Mi (${64 * 2 ** 20} bytes)`);
    const unlimited: KernelFacts = { ...v2, limitBytes: undefined, unlimited: true };
    expect(reading(explainKernel(unlimited), 'memory.max')).toMatchObject({ value: 'max', meaning: 'no limit: this pod may take memory until the node runs out.' });
  });

  it('for a plain docker container, names Docker and kubelab, not kubelet and the pod', () => {
    const r = explainKernel({ ...v2, oomGroup: 1 }, '50Mi', DOCKER_SUBJECT);
    expect(reading(r, 'memory.max')!.meaning).toContain('Docker (--memory) wrote it');
    expect(reading(r, 'memory.events oom_group_kill')!.meaning).toContain('because kubelab (--oom-group');
    expect(reading(r, 'memory.oom.group')!.meaning).toContain('set by kubelab (--oom-group');
    for (const x of r) expect(x.meaning, x.file).not.toMatch(/pod's cgroup|kubelet set/);
  });
});

describe('the kernel log, in lines for the person', () => {
  it('the last kill, its usage line and the group kill', () => {
    const lines = explainKills(v1);
    expect(lines[0]).toBe('The kernel logged 1 OOM kill in this pod\'s cgroup; the last:');
    expect(lines[1]).toContain(v1.dmesg.usage!);
    expect(lines[2]).toContain(v1.kills[0]!.killed!);
    expect(explainKills(v2).at(-1)).toContain('with memory.oom.group set, the rest of the container with it');
  });

  it('a log that can\'t be read, or holds no kill of this pod', () => {
    expect(explainKills(v1Blind)).toEqual(['The kernel log can\'t be read here (dmesg: read kernel buffer failed: Operation not permitted); the counters above are the kernel\'s own record.']);
    expect(explainKills({ ...v1, kills: [] }, 'this container')).toEqual(['The kernel log holds no OOM kill for this container (the ring buffer may have moved on).']);
  });
});

describe('kubelab kernel: why the exit code is what it is', () => {
  it('137 with memory.oom.group, 1 without, on each cgroup version', () => {
    expect(explainKernelRun({ cgroupVersion: 2, oomGroup: true, exitCode: 137 })[0]).toMatch(/^Exit code 137 = 128 \+ 9.*memory\.oom\.group=1 made the kernel kill every process/);
    expect(explainKernelRun({ cgroupVersion: 2, oomGroup: false, exitCode: 1 })[0]).toContain('Docker does not set memory.oom.group, so even on cgroup v2');
    const onV1 = explainKernelRun({ cgroupVersion: 1, oomGroup: false, exitCode: 1 })[0]!;
    expect(onV1).toContain('cgroup v1 has no memory.oom.group');
    expect(onV1).not.toContain('Docker does not set');
  });

  it('an OOMKilled=false beside the kernel\'s count is the lost event, not a lost kill', () => {
    const lines = explainKernelRun({ cgroupVersion: 2, oomGroup: false, exitCode: 1, oomKilled: false, kills: 2 });
    expect(lines[1]).toContain('OOMKilled=false, although the kernel counted 2 kills: the OOM event lost the race');
    expect(explainKernelRun({ cgroupVersion: 2, oomGroup: false, exitCode: 1, oomKilled: false, kills: 0 })[1]).not.toContain('race');
    expect(explainKernelRun({ cgroupVersion: 2, oomGroup: false, exitCode: 2 })[0]).toContain('not an OOM kill\'s usual code');
  });
});

describe('the kernel checks', () => {
  const limit = (equals: string): CheckSpec => ({ type: 'kernelLimit', equals });
  const kills = (atLeast: number): CheckSpec => ({ type: 'oomKills', atLeast });

  it('kernelLimit passes on the bytes the spec asks for, and fails with expected and got', () => {
    expect(evaluate(limit('50Mi'), { subject: pod, kernel: v2 })).toMatchObject({ ok: true, message: 'memory.max is 52428800 (50Mi): yes' });
    expect(evaluate(limit('64Mi'), { subject: pod, kernel: v1 })).toMatchObject({ ok: false, message: `expected memory.limit_in_bytes ${64 * 2 ** 20} (64Mi), got ${v1.limitBytes}`, lookAt: `memory.limit_in_bytes in ${v1.podCgroup}` });
    expect(evaluate(limit('50Mi'), { subject: pod, kernel: { ...v2, limitBytes: undefined, unlimited: true } }).message).toBe('expected memory.max 52428800 (50Mi), got no limit');
    expect(describeCheck(limit('50Mi'))).toBe('the kernel holds the pod to 50Mi (52428800 bytes)');
  });

  it('oomKills counts memory.events on v2 and the kernel log on v1', () => {
    expect(evaluate(kills(1), { subject: pod, kernel: v2 })).toMatchObject({ ok: true, message: '2 OOM kills counted (oom_kill in memory.events): yes' });
    expect(evaluate(kills(3), { subject: pod, kernel: v2 })).toMatchObject({ ok: false, message: 'expected at least 3 OOM kills, got 2 (oom_kill in memory.events)' });
    expect(evaluate(kills(1), { subject: pod, kernel: v1 })).toMatchObject({ ok: true, message: '1 OOM kill counted (the kernel log): yes' });
    expect(describeCheck(kills(1))).toBe('the kernel counted at least 1 OOM kill');
  });

  it('on v1 without the log, says why nothing can be counted instead of blaming oom_control', () => {
    const r = evaluate(kills(1), { subject: pod, kernel: v1Blind });
    expect(r.ok).toBe(false);
    expect(r.message).toBe('expected at least 1 OOM kill, got 0: cgroup v1 keeps no count in the pod\'s cgroup and the kernel log can\'t be read here (dmesg: read kernel buffer failed: Operation not permitted)');
  });

  it('both fail, saying so, when the pod\'s cgroup was not found', () => {
    for (const check of [limit('50Mi'), kills(1)]) {
      expect(evaluate(check, { subject: pod, kernel: { ...v2, podCgroup: undefined } })).toMatchObject({ ok: false, message: 'kubelab could not find the pod\'s memory cgroup on the node' });
      expect(evaluate(check, { subject: pod }).ok).toBe(false);
    }
  });
});

describe('questions answered by the kernel', () => {
  const question = (kernel: 'limitBytes' | 'oomKills'): QuestionStep => ({ kind: 'question', id: 'q', title: 'Q', target: 'issue', ask: '?', answer: { kernel }, match: 'number', attempts: 3, hints: [] });

  it('the limit in bytes, and the kills as the checks count them (the log on v1)', () => {
    expect(expectedAnswer(question('limitBytes'), pod, undefined, v2)).toBe('52428800');
    expect(expectedAnswer(question('oomKills'), pod, undefined, v2)).toBe('2');
    expect(expectedAnswer(question('oomKills'), pod, undefined, v1)).toBe(String(v1.kills.length));
    expect(killCount(v1)).toBe(v1.kills.length);
    expect(killCount(v1)).toBeGreaterThan(v1.oomKills!);
  });

  it('no answer without the kernel\'s facts', () => {
    expect(expectedAnswer(question('limitBytes'), pod)).toBeUndefined();
    expect(expectedAnswer(question('limitBytes'), pod, undefined, { ...v2, limitBytes: undefined, unlimited: true })).toBeUndefined();
  });
});

describe('where a kernel check may stand', () => {
  const original = readFileSync(join(scenariosDir(), 'oom-killed', 'scenario.yaml'), 'utf8');
  function problemsOf(yaml: string) {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-kernel-'));
    cpSync(join(scenariosDir(), 'oom-killed'), dir, { recursive: true });
    writeFileSync(join(dir, 'scenario.yaml'), yaml);
    try {
      loadScenario(dir);
      return [];
    } catch (error) {
      if (error instanceof ScenarioError) return error.problems.map((p) => ({ ...p, file: p.file.split('/').pop(), text: error.message }));
      throw error;
    }
  }

  it('the shipped scenario has them in its kernel step, and loads', () => {
    expect(problemsOf(original)).toEqual([]);
  });

  it('a kernelLimit check in a verify step is refused at its file, line and column', () => {
    const yaml = original.replace('      - type: limit\n        resource: memory\n        equals: 50Mi\n', '      - type: limit\n        resource: memory\n        equals: 50Mi\n      - type: kernelLimit\n        equals: 50Mi\n');
    expect(yaml).not.toBe(original);
    const line = yaml.split('\n').findIndex((l, i, all) => l === '      - type: kernelLimit' && !all[i - 1]!.includes('checks:')) + 1;
    const problems = problemsOf(yaml);
    expect(problems).toEqual([{ file: 'scenario.yaml', line, column: 15, message: 'a kernelLimit check reads the node\'s kernel: put it in a step of kind kernel', text: expect.any(String) }]);
    expect(problems[0]!.text).toContain(`scenario.yaml:${line}:15: a kernelLimit check reads the node's kernel`);
  });

  it('and so is an oomKills check among an exercise\'s criteria', () => {
    const yaml = original.replace('    - { type: restartCount, equals: 0 }\n', '    - { type: restartCount, equals: 0 }\n    - { type: oomKills, atLeast: 1 }\n');
    const [p] = problemsOf(yaml);
    expect(p).toMatchObject({ line: yaml.split('\n').findIndex((l) => l.includes('{ type: oomKills')) + 1, message: 'an oomKills check reads the node\'s kernel: put it in a step of kind kernel' });
  });
});
