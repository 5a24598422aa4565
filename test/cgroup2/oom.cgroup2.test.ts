// What the cgroup v2 guest's run left behind (test/cgroup2/run.sh, guest/job.sh): the OOM lab on a
// real cgroup v2 kernel, where the API must show OOMKilled with exit code 137 and kubelab must
// report the same; the kernel's own files read on the node agree; plain Docker gives 1 and
// Docker with memory.oom.group set, as kubelet sets it, gives 137.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';

const dir = process.env.KUBELAB_CG2_RESULTS ?? '';
const file = (name: string) => readFileSync(join(dir, name), 'utf8');
const events = (name: string): LabEvent[] => file(name).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LabEvent);
const of = <T extends LabEvent['type']>(list: LabEvent[], type: T) => list.filter((e): e is Extract<LabEvent, { type: T }> => e.type === type);

describe('the OOM lab on a real cgroup v2 kernel', () => {
  it('the guest really runs cgroup v2, and Docker in it says so', () => {
    expect(existsSync(join(dir, 'timings.txt')), `no results in ${dir}`).toBe(true);
    expect(file('mounts.txt')).toMatch(/^cgroup2 \/sys\/fs\/cgroup cgroup2 /m);
    expect(JSON.parse(file('docker-info.json')).CgroupVersion).toBe('2');
  });

  it('the API shows reason OOMKilled with exit code 137', () => {
    const pod = JSON.parse(file('api-pod.json'));
    const last = pod.status.containerStatuses[0].lastState.terminated;
    expect(last.reason).toBe('OOMKilled');
    expect(last.exitCode).toBe(137);
  });

  it('kubelab run --auto passes and reports the same reason and exit code, naming cgroup v2', () => {
    expect(file('run.rc').trim(), file('run.err')).toBe('0');
    const run = events('run.jsonl');
    expect(of(run, 'run.end').at(-1)?.ok).toBe(true);
    const pod = JSON.parse(file('api-pod.json'));
    const api = pod.status.containerStatuses[0].lastState.terminated;
    const evidence = of(run, 'evidence');
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((e) => e.reason === api.reason && e.exitCode === api.exitCode)).toBe(true);
    const answer = of(run, 'answer').find((a) => a.step === 'ask-exit-code');
    expect(answer?.given).toBe('137');
    expect(answer?.correct).toBe(true);
    const exitCheck = of(run, 'check').find((c) => c.step === 'verify-oom' && /137/.test(c.message));
    expect(exitCheck?.ok).toBe(true);
    expect(`${exitCheck?.message} ${exitCheck?.note ?? ''}`).toMatch(/cgroup v2/);
  });

  it('the kernel step reads the same limit and counters the node holds, and the node survived', () => {
    const run = events('run.jsonl');
    const kernel = of(run, 'kernel')[0];
    expect(kernel?.cgroupVersion).toBe(2);
    const reading = (f: string) => kernel?.readings.find((r) => r.file === f)?.value;
    expect(reading('memory.max')).toBe('52428800');
    expect(Number(reading('memory.events oom_kill'))).toBeGreaterThanOrEqual(1);
    expect(Number(reading('memory.events oom_group_kill'))).toBeGreaterThanOrEqual(1);
    // read from outside kubelab, on the node, right after the first kill
    const direct = file('node-grep.txt');
    expect(direct).toMatch(/\/memory\.max:52428800$/m);
    expect(Number(/\/memory\.events:oom_group_kill (\d+)/.exec(direct)?.[1])).toBeGreaterThanOrEqual(1);
    expect(of(run, 'check').find((c) => c.check === 'the node survives the OOM kill')?.ok).toBe(true);
    const question = of(run, 'answer').find((a) => a.step === 'ask-kernel-limit');
    expect(question?.given).toBe('52428800');
    expect(question?.correct).toBe(true);
  });

  it('plain docker run --memory 50m exits 1 even on cgroup v2; with memory.oom.group set as kubelet does, 137', () => {
    const plain = of(events('kernel.jsonl'), 'kernel.run')[0];
    expect(file('kernel.rc').trim(), file('kernel.err')).toBe('0');
    expect(plain?.cgroupVersion).toBe(2);
    expect(plain?.oomGroup).toBe(false);
    expect(plain?.exitCode).toBe(1);
    expect(plain?.readings.find((r) => r.file === 'memory.max')?.value).toBe('52428800');
    expect(plain?.explanation.join(' ')).toMatch(/does not set memory\.oom\.group/);
    const grouped = of(events('kernel-group.jsonl'), 'kernel.run')[0];
    expect(file('kernel-group.rc').trim(), file('kernel-group.err')).toBe('0');
    expect(grouped?.oomGroup).toBe(true);
    expect(grouped?.exitCode).toBe(137);
    expect(grouped?.readings.find((r) => r.file === 'memory.oom.group')?.value).toBe('1');
    expect(Number(grouped?.readings.find((r) => r.file === 'memory.events oom_group_kill')?.value)).toBeGreaterThanOrEqual(1);
  });
});
