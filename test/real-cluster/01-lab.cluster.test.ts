// The Day-14 lab against a real kind cluster, built offline (provision.sh), driven only through
// kubelab's own CLI; the cluster is checked from outside with kubectl against the API.
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { askReadyz, readyzTarget } from '../../src/cluster/readyz.js';
import { apiPod, cli, cliPath, cluster, env, home, kubeconfig, kubectl, recordTimings } from './helpers.js';
import { Terminal } from './tmux.js';

const timings: Record<string, number> = {};
const events: { at: number; event: LabEvent }[] = [];
const seenByApi: { reason?: string; exitCode?: number; restartCount: number }[] = [];
/** The pod's memory cgroup read on the node from outside kubelab, once the kernel had killed it. */
let directCgroup = '';

afterAll(async () => {
  // The fixed pods' stress workers spin a CPU each; the files after this one share the cluster.
  await cli(['reset', 'oom-killed', '--yes'], { timeout: 120_000 });
  recordTimings(timings);
  console.log(`phase timings (s): ${JSON.stringify(timings)}`);
});

const of = <T extends LabEvent['type']>(type: T) => events.filter((e) => e.event.type === type) as { at: number; event: Extract<LabEvent, { type: T }> }[];

async function readPodCgroup(uid: string): Promise<string> {
  const node = `${cluster}-control-plane`;
  const docker = (...args: string[]) => execa('docker', ['exec', node, ...args], { env, extendEnv: false, reject: false });
  const v2 = (await docker('stat', '-fc', '%T', '/sys/fs/cgroup')).stdout.trim() === 'cgroup2fs';
  const found = await docker('find', v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/memory', '-maxdepth', '9', '-type', 'd', '-name', `*pod${uid.replaceAll('-', '_')}.slice`);
  const dir = found.stdout.split('\n')[0]?.trim();
  if (!dir) return `no cgroup found: ${found.stderr}`;
  const files = v2 ? ['memory.max', 'memory.events'] : ['memory.limit_in_bytes', 'memory.failcnt', 'memory.oom_control'];
  return (await docker('grep', '-H', '.', ...files.map((f) => `${dir}/${f}`))).stdout;
}

describe.sequential('the Day-14 lab on a real cluster', () => {
  it('kubelab run oom-killed --auto --json creates the cluster and passes every check', async () => {
    const started = Date.now();
    // The node image and kind config go in as flags here, and through the environment in the runs below.
    const flags = ['--image', env.KUBELAB_NODE_IMAGE!, '--kind-config', env.KUBELAB_KIND_CONFIG!, '--cluster', cluster];
    const { KUBELAB_NODE_IMAGE: _image, KUBELAB_KIND_CONFIG: _config, ...withoutSettings } = env;
    const child = execa('node', [cliPath, 'run', 'oom-killed', '--auto', '--json', ...flags], { env: withoutSettings, extendEnv: false, reject: false, timeout: 15 * 60_000 });
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('{')) events.push({ at: Date.now(), event: JSON.parse(line) as LabEvent });
        nl = buffer.indexOf('\n');
      }
    });
    // From outside: what the API says about the issue pod while kubelab runs the lab.
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const pod = await apiPod('oom-killed-pod').catch(() => undefined);
        const cs = pod?.status?.containerStatuses?.[0];
        if (cs) {
          const t = cs.state?.terminated ?? cs.lastState?.terminated;
          seenByApi.push({ reason: t?.reason, exitCode: t?.exitCode, restartCount: cs.restartCount });
          if (t?.reason === 'OOMKilled' && directCgroup === '') directCgroup = await readPodCgroup(pod.metadata.uid);
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    const result = await child;
    polling = false;
    await poller;
    timings.run_total = (Date.now() - started) / 1000;
    expect(result.exitCode, `${result.stderr}\n${String(result.stdout).slice(-3000)}`).toBe(0);

    const ready = of('cluster.ready')[0]!;
    expect(ready.event.reused, 'run.sh deletes any earlier kubelab-ci cluster, so this run creates it').toBe(false);
    expect(ready.event.serverVersion).toBe(process.env.K8S_VERSION);
    const create = of('cluster.progress').map((e) => e.event.line).find((l) => l.includes('Ensuring node image'));
    expect(create).toContain(env.KUBELAB_NODE_IMAGE!.split('@')[0]);
    timings.cluster_create = ready.event.seconds;
    const applyIssue = of('kubectl').find((e) => e.event.argv.includes('issue.yaml'))!;
    const firstOom = of('pod').find((e) => e.event.pod === 'oom-killed-pod' && e.event.lastState?.reason === 'OOMKilled')!;
    timings.apply_to_oomkilled_seen = (firstOom.at - applyIssue.at) / 1000;
    const applyFix = of('kubectl').find((e) => e.event.argv.includes('fix.yaml'))!;
    const running = of('pod').find((e) => e.event.pod === 'oom-killed-fixed-pod' && e.event.status === 'Running')!;
    timings.fix_to_running = (running.at - applyFix.at) / 1000;
    expect(of('run.end')[0]!.event).toMatchObject({ ok: true, failed: 0 });
  });

  it('the API saw what kubelab reported: OOMKilled, restarts, the same exit code', () => {
    const evidence = of('evidence')[0]!.event;
    const killed = seenByApi.filter((s) => s.reason === 'OOMKilled');
    expect(killed.length).toBeGreaterThan(0);
    expect(Math.max(...seenByApi.map((s) => s.restartCount))).toBeGreaterThanOrEqual(1);
    expect(evidence.reason).toBe('OOMKilled');
    expect(killed.map((s) => s.exitCode)).toContain(evidence.exitCode);
    timings.kernel_exit_code = evidence.exitCode;
    const verify = of('check').find((e) => e.event.step === 'verify-oom')!.event;
    expect(verify.ok).toBe(true);
    expect(verify.message).toContain(`exit code ${evidence.exitCode}`);
    const answers = of('answer').map((e) => e.event);
    expect(answers.every((a) => a.correct)).toBe(true);
    expect(answers.find((a) => a.step === 'ask-exit-code')!.given).toBe(String(evidence.exitCode));
  });

  it('the kernel\'s side: kubelab read the limit and the kills on the node, as the node holds them, and the node survived', () => {
    const kernel = of('kernel')[0]!.event;
    const value = (file: string) => kernel.readings.find((r) => r.file === file)?.value;
    const limitFile = kernel.cgroupVersion === 2 ? 'memory.max' : 'memory.limit_in_bytes';
    expect(value(limitFile)).toBe('52428800');
    expect(directCgroup).toMatch(new RegExp(`/${limitFile.replace('.', '\\.')}:52428800$`, 'm'));
    if (kernel.cgroupVersion === 1) {
      // v1: the pod's failcnt counts the charges refused at the limit; the kills are in the kernel log
      expect(Number(value('memory.failcnt'))).toBeGreaterThan(0);
      expect(Number(/\/memory\.failcnt:(\d+)/.exec(directCgroup)?.[1])).toBeGreaterThan(0);
      expect(kernel.log.join('\n')).toMatch(/Memory cgroup out of memory: Killed process \d+ \(stress\)/);
    } else {
      expect(Number(value('memory.events oom_kill'))).toBeGreaterThanOrEqual(1);
    }
    const checks = of('check').filter((e) => e.event.step === 'kernel-evidence').map((e) => e.event);
    expect(checks.find((c) => c.check === 'the node survives the OOM kill')?.ok).toBe(true);
    expect(checks.every((c) => c.ok), JSON.stringify(checks)).toBe(true);
    expect(checks.find((c) => /OOM kill/.test(c.message) && /counted/.test(c.message))?.message).toMatch(/^[1-9]\d* OOM kills? counted/);
    const answer = of('answer').find((e) => e.event.step === 'ask-kernel-limit')!.event;
    expect(answer).toMatchObject({ given: '52428800', correct: true });
    timings.kernel_cgroup_version = kernel.cgroupVersion;
  });

  it('kubelab kernel: the same container under plain docker run, the same kill without Kubernetes', async () => {
    const result = await cli(['kernel', 'oom-killed', '--json'], { timeout: 5 * 60_000 });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const run = String(result.stdout).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LabEvent)
      .find((e): e is Extract<LabEvent, { type: 'kernel.run' }> => e.type === 'kernel.run')!;
    expect(run.problem).toBeUndefined();
    expect(run.image).toBe('polinux/stress');
    // Docker sets no memory.oom.group: the kernel kills only the worker, on either cgroup version
    expect(run.exitCode).toBe(1);
    expect(typeof run.oomKilled).toBe('boolean');
    expect(run.readings.find((r) => r.file === (run.cgroupVersion === 2 ? 'memory.max' : 'memory.limit_in_bytes'))?.value).toBe('52428800');
    expect(run.log.join('\n')).toMatch(/Killed process \d+ \(stress\)/);
    // a leftover container would make the next run collide
    const left = await execa('docker', ['ps', '-a', '--filter', 'label=kubelab.kernel', '-q'], { env, extendEnv: false, reject: false });
    expect(left.stdout.trim()).toBe('');
    if (run.cgroupVersion === 1) {
      const group = await cli(['kernel', 'oom-killed', '--oom-group']);
      expect(group.exitCode).toBe(2);
      expect(String(group.stderr)).toContain('memory.oom.group exists only on cgroup v2');
    }
  });

  it('the fixed pod is Running with 0 restarts, by the API', async () => {
    const pod = await apiPod('oom-killed-fixed-pod');
    expect(pod?.status?.phase).toBe('Running');
    expect(pod.status.containerStatuses[0].restartCount).toBe(0);
    expect(pod.status.containerStatuses[0].ready).toBe(true);
    expect(await apiPod('oom-killed-pod')).toBeUndefined();
  });

  it('the readiness probe behind every wait asks kind\'s API server directly, without kubectl, and is answered', async () => {
    const target = readyzTarget(readFileSync(kubeconfig, 'utf8'), `kind-${cluster}`, {});
    expect(target?.url.protocol).toBe('https:');
    expect(target?.ca, 'kind writes the cluster CA into the kubeconfig').toBeDefined();
    expect(await askReadyz(target!, 3000)).toBe(true);
  });

  it('kubelab check grades the kept cluster without changing it', async () => {
    const result = await execa('node', [cliPath, 'check', 'oom-killed', '--json'], { env, extendEnv: false, reject: false, timeout: 120_000 });
    expect(result.exitCode, String(result.stdout)).toBe(0);
  });

  it('the interactive lesson in tmux, typed as a learner would', async () => {
    const started = Date.now();
    // A learner's terminal: their PATH (with the CI docker shim and kind), a HOME, a TERM, and
    // nothing of the test runner's (no CI, NO_COLOR or NODE_ENV).
    const learnerEnv = {
      PATH: env.PATH!, HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8', XDG_RUNTIME_DIR: env.XDG_RUNTIME_DIR!,
      KUBELAB_HOME: home, KUBELAB_NODE_IMAGE: env.KUBELAB_NODE_IMAGE!, KUBELAB_KIND_CONFIG: env.KUBELAB_KIND_CONFIG!, KUBELAB_CLUSTER: cluster,
    };
    const term = await Terminal.start(`node ${cliPath} start oom-killed; echo "KUBELAB-EXIT=$?"; sleep 3600`, home, learnerEnv);
    try {
      await term.waitFor('Press Enter to go on', 5 * 60_000);
      await term.press('Enter');
      await term.waitFor('Type kubectl get pod oom-killed-pod', 5 * 60_000);
      await term.type('kubectl get pod oom-killed-pod');
      await term.press('Enter');
      await term.waitFor('Type kubectl describe pod oom-killed-pod', 60_000);
      await term.type('kubectl desc');
      await term.waitFor('$ kubectl desc', 10_000);
      await term.press('Tab');
      await term.waitFor('$ kubectl describe pod oom-killed-pod', 10_000);
      await term.press('Enter');
      // Keys typed before a prompt is on screen would be lost, so each answer waits for its question.
      const read = await term.waitFor(/What reason does Kubernetes give[^\n]*\n[\s\S]*answer>/, 60_000);
      // The learner reads the answers off the screen, from the lines kubelab points at.
      const reason = /▶ line \d+: Reason:\s+(\S+)/.exec(read)?.[1];
      const exitCode = /▶ line \d+: Exit Code:\s+(\d+)/.exec(read)?.[1];
      expect(reason).toBe('OOMKilled');
      expect(exitCode).toMatch(/^(137|1)$/);
      await term.type(reason!);
      await term.press('Enter');
      await term.waitFor(/Right: OOMKilled[\s\S]*Which exit code did the container end with\?[\s\S]*answer>/, 30_000);
      await term.type(exitCode!);
      await term.press('Enter');
      await term.waitFor(new RegExp(`Right: ${exitCode}[\\s\\S]*Which signal is it\\?[\\s\\S]*answer>`), 30_000);
      await term.type('SIGKILL');
      await term.press('Enter');
      await term.waitFor('Right: SIGKILL', 30_000);
      // The kernel's numbers, read off the screen as the question asks.
      const kernel = await term.waitFor(/How many bytes may the pod's memory cgroup hold[^\n]*\n[\s\S]*answer>/, 60_000);
      const limit = /▶ memory\.(?:max|limit_in_bytes)\s+(\d+)/.exec(kernel)?.[1];
      expect(limit).toBe('52428800');
      await term.type(limit!);
      await term.press('Enter');
      await term.waitFor('Right: 52428800', 30_000);
      await term.waitFor(/--- issue\.yaml[\s\S]*Press Enter to go on/, 60_000);
      await term.press('Enter');
      await term.waitFor('Keep the cluster for later?', 5 * 60_000);
      await term.type('y');
      await term.press('Enter');
      const screen = await term.waitFor('KUBELAB-EXIT=', 60_000);
      expect(screen).toContain('KUBELAB-EXIT=0');
      expect(screen).toMatch(/Evidence: oom-killed-pod terminated with OOMKilled, exit code (137|1)/);
      expect(screen).toContain('Questions: 4 of 4 right (4 at the first try), 0 hint(s) used');
      expect(screen).toContain('Lab complete.');
      timings.interactive_lesson = (Date.now() - started) / 1000;
    } finally {
      await term.close();
    }
  });

  it('an exercise: detached, the learner\'s own fix from the workspace passes kubelab check; a limit-less one fails', async () => {
    const started = Date.now();
    const work = join(home, 'exercise');
    const detached = await cli(['exercise', 'oom-killed', '--detach', '--fresh', '--workdir', work, '--json']);
    expect(detached.exitCode, String(detached.stderr)).toBe(0);
    const brief = String(detached.stdout).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LabEvent).find((e) => e.type === 'brief');
    expect(brief).toMatchObject({ workdir: work, files: ['issue.yaml'] });
    // The learner edits their copy: another name, a 128Mi limit, 60M allocated; then applies it from their own terminal.
    const copy = readFileSync(join(work, 'issue.yaml'), 'utf8');
    writeFileSync(join(work, 'issue.yaml'), copy.replace('name: oom-killed-pod', 'name: my-stress').replace(/"50Mi"/g, '"128Mi"').replace('"100M"', '"60M"'));
    expect((await kubectl('delete', 'pod', 'oom-killed-pod', '--grace-period=0', '--force')).exitCode).toBe(0);
    expect((await kubectl('apply', '-f', join(work, 'issue.yaml'))).stdout).toContain('pod/my-stress created');
    // kubelab check grades the cluster as it is: poll it until the 20 s window is full.
    let check = await cli(['check', 'oom-killed', '--json']);
    const deadline = Date.now() + 3 * 60_000;
    while (check.exitCode !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 3000));
      check = await cli(['check', 'oom-killed', '--json']);
    }
    expect(check.exitCode, String(check.stdout).slice(-2000)).toBe(0);
    timings.exercise_fix_to_check_pass = (Date.now() - started) / 1000;
    expect((await apiPod('my-stress'))?.status?.containerStatuses?.[0]?.restartCount).toBe(0);

    // A limit-less "fix": Running, yet kubelab check fails it on the guard, and says why.
    expect((await cli(['exercise', 'oom-killed', '--detach', '--fresh', '--workdir', work])).exitCode).toBe(0);
    const limitless = copy.replace('name: oom-killed-pod', 'name: no-limit').replace(/    resources:\n(      .*\n)+?(?=    command)/, '');
    expect(limitless).not.toContain('limits');
    writeFileSync(join(work, 'no-limit.yaml'), limitless);
    await kubectl('delete', 'pod', 'oom-killed-pod', '--grace-period=0', '--force');
    await kubectl('apply', '-f', join(work, 'no-limit.yaml'));
    expect((await kubectl('wait', '--for=condition=Ready', 'pod/no-limit', '--timeout=120s')).exitCode).toBe(0);
    const failed = await cli(['check', 'oom-killed', '--json']);
    expect(failed.exitCode).toBe(1);
    const guard = String(failed.stdout).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LabEvent)
      .find((e) => e.type === 'check' && e.check === 'a memory limit is set') as Extract<LabEvent, { type: 'check' }>;
    expect(guard).toMatchObject({ ok: false, message: 'no-limit: expected a memory limit on container stress, got none' });
    expect(guard.note).toContain('Removing the memory limit is not a fix');
    await kubectl('delete', 'pod', 'no-limit', '--grace-period=0', '--force');
  });

});
