// The built CLI, unattended (--auto --json), against the stand-ins: the lesson's claims, each
// failure the lab must explain, and the person's own kubeconfig left alone.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERSONAL_KUBECONFIG, calls, of, runCli, sandbox } from '../helpers/cli.js';
import { stepIds } from '../helpers/lesson.js';

describe('kubelab run oom-killed --auto --json', () => {
  it('walks the whole lesson: OOMKilled evidence, answered questions, the fixed pod Running', async () => {
    const box = sandbox();
    const personal = join(box.userHome, '.kube', 'config');
    const before = statSync(personal).mtimeMs;
    const { code, events, stderr } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code, stderr).toBe(0);

    expect(of(events, 'evidence')).toEqual([{ type: 'evidence', target: 'issue', pod: 'oom-killed-pod', reason: 'OOMKilled', exitCode: 137, restarts: expect.any(Number), at: expect.any(Number) }]);
    const answers = of(events, 'answer');
    // the question on the kernel's limit: the number the kernel step showed a moment before
    const limit = of(events, 'kernel')[0]!.readings.find((r) => r.file === 'memory.max')!.value;
    expect(answers.map((a) => [a.step, a.given, a.correct])).toEqual([['ask-reason', 'OOMKilled', true], ['ask-exit-code', '137', true], ['ask-signal', 'SIGKILL', true], ['ask-kernel-limit', limit, true]]);
    expect(of(events, 'step.done').map((s) => [s.step, s.ok])).toEqual(stepIds.map((id) => [id, true]));
    const points = of(events, 'points')[0]!.points;
    expect(points.map((p) => p.value)).toEqual(['OOMKilled', '137', '50Mi']);
    const fixed = of(events, 'check').filter((c) => c.step === 'fixed-running');
    expect(fixed.map((c) => c.ok)).toEqual([true, true, true]);
    expect(of(events, 'pod').filter((p) => p.pod === 'oom-killed-fixed-pod').at(-1)).toMatchObject({ status: 'Running', restarts: 0, ready: '1/1' });
    expect(of(events, 'run.end')[0]).toMatchObject({ ok: true, failed: 0 });

    // Every call reached the lab cluster only, through kubelab's own kubeconfig.
    const kubeconfig = join(box.home, 'kubeconfig');
    const kubectl = calls(box).filter((c) => c.tool === 'kubectl' && !c.argv.includes('--client'));
    expect(kubectl.length).toBeGreaterThan(5);
    for (const c of kubectl) expect(c.argv.slice(0, 4)).toEqual(['--kubeconfig', kubeconfig, '--context', 'kind-kubelab']);
    const create = calls(box).find((c) => c.tool === 'kind' && c.argv[0] === 'create')!;
    expect(create.argv).toEqual(['create', 'cluster', '--name', 'kubelab', '--kubeconfig', kubeconfig]);
    expect(readFileSync(personal, 'utf8')).toBe(PERSONAL_KUBECONFIG);
    expect(statSync(personal).mtimeMs).toBe(before);
  });

  it('passes the exit-1 variant of cgroup v1 and explains why', async () => {
    const box = sandbox({ FAKE_OOM_EXIT: '1', FAKE_CGROUP_VERSION: '1' });
    const { code, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code).toBe(0);
    expect(of(events, 'evidence')[0]).toMatchObject({ reason: 'OOMKilled', exitCode: 1 });
    expect(of(events, 'answer').find((a) => a.step === 'ask-exit-code')).toMatchObject({ given: '1', correct: true });
    const exitCheck = of(events, 'check').find((c) => c.step === 'verify-oom')!;
    expect(exitCheck.message).toBe('OOMKilled with exit code 1 (the lesson shows 137)');
    expect(exitCheck.note).toContain('this machine runs cgroup v1');
  });

  // The stand-ins' clock runs fifty times fast: the third kill (the first to read Error) comes about
  // 0.25 s after the first. On a loaded machine kubelab's watch can open after it and never see an
  // OOMKilled at all, which is then a true failure for that run; the test is run again once when it does.
  it('on a busy cgroup v1 node whose runtime misses later OOM events, passes on the kill it saw and says why the reason changed', { retry: 1 }, async () => {
    // The first two kills read OOMKilled, every later one Error, as twenty labs at once gave on the real tier.
    const box = sandbox({ FAKE_OOM_EXIT: '1', FAKE_CGROUP_VERSION: '1', FAKE_OOM_EVENT_LOST_FROM: '2' });
    const { code, events, stderr } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code, stderr).toBe(0);
    expect(of(events, 'evidence')[0]).toMatchObject({ reason: 'OOMKilled', exitCode: 1 });
    const exitCheck = of(events, 'check').find((c) => c.step === 'verify-oom')!;
    // by the verify step the pod has restarted again, and the API now says Error
    expect(exitCheck).toMatchObject({ ok: true, message: 'OOMKilled (exit code 1) earlier; the latest restart shows Error with exit code 1' });
    expect(exitCheck.note).toContain('The kernel still killed it');
    expect(of(events, 'run.end')[0]).toMatchObject({ ok: true });
  });

  it('fails a termination that is not an OOM kill, saying what it got', async () => {
    const box = sandbox({ FAKE_OOM_REASON: 'Error', FAKE_OOM_EXIT: '1', KUBELAB_TIME_SCALE: '0.01' });
    const { code, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code).toBe(1);
    const failed = of(events, 'step.done').find((s) => !s.ok)!;
    expect(failed.step).toBe('watch-oom');
    expect(failed.reason).toContain('expected OOMKilled, got Error (exit code 1)');
    expect(failed.todo).toContain('kubectl logs --previous');
    expect(of(events, 'run.end')[0]).toMatchObject({ ok: false });
  });

  it('says what the pod does instead when its image never arrives', async () => {
    const box = sandbox({ FAKE_IMAGE_PULL_FAIL: 'polinux/stress', KUBELAB_TIME_SCALE: '0.01' });
    const { code, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code).toBe(1);
    const failed = of(events, 'step.done').find((s) => !s.ok)!;
    expect(failed.reason).toMatch(/can't pull the image polinux\/stress \((ErrImagePull|ImagePullBackOff)\)/);
    expect(failed.todo).toContain('kind load docker-image');
    expect(of(events, 'step.start').map((s) => s.step)).not.toContain('get-pod');
  });

  it('reuses a cluster that already exists', async () => {
    const box = sandbox();
    expect((await runCli(box, ['run', 'oom-killed', '--auto', '--json'])).code).toBe(0);
    const { code, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code).toBe(0);
    expect(of(events, 'cluster.ready')[0]).toMatchObject({ reused: true });
    expect(calls(box).filter((c) => c.tool === 'kind' && c.argv[0] === 'create')).toHaveLength(1);
  });

  it('reports kubectl failing mid-run as a failed step, with the cluster left to inspect', async () => {
    const box = sandbox({ FAKE_KUBECTL_FAIL: 'fix.yaml' });
    const { code, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code).toBe(1);
    const failed = of(events, 'step.done').find((s) => !s.ok)!;
    expect(failed.step).toBe('apply-fix');
    expect(failed.reason).toMatch(/kubectl apply -f .*fix\.yaml failed: The connection to the server 127\.0\.0\.1:\d+ was refused/);
    expect(of(events, 'step.start').map((s) => s.step)).not.toContain('fixed-running');
    expect(of(events, 'run.end')[0]!.clusterState).toContain('kubelab down');
  });
});

describe('a machine that is not ready', () => {
  it('stops before kind when Docker is not running, with the command that fixes it', async () => {
    const box = sandbox({ FAKE_DOCKER_DOWN: '1' });
    const { code, stderr, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json']);
    expect(code).toBe(3);
    expect(stderr).toContain('the Docker daemon is not reachable: Cannot connect to the Docker daemon');
    expect(stderr).toContain('sudo systemctl start docker');
    expect(of(events, 'preflight')[0]!.items.find((i) => i.name === 'docker')).toMatchObject({ level: 'problem' });
    expect(calls(box).some((c) => c.tool === 'kind' && c.argv[0] === 'create')).toBe(false);
  });

  it('stops when kind is missing, and offers the install only with consent', async () => {
    const box = sandbox({}, ['kubectl', 'docker']);
    const { code, stderr } = await runCli(box, ['run', 'oom-killed', '--auto']);
    expect(code).toBe(3);
    expect(stderr).toContain('kind is not installed');
    expect(stderr).toContain('kubelab doctor --install kind');
    expect(calls(box).some((c) => c.tool === 'kind')).toBe(false);
  });
});
