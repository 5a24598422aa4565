// Every scenario of `kubelab list`, against the stand-ins through the built CLI: the author's
// self-test passes its lesson and its exercise, and a typical non-fix of its exercise (a probe
// removed, a request dropped, the wrong port changed) is graded "not fixed", for the right reason.
import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, fixturesBin, jsonEvents, of, runCli, sandbox, type Sandbox } from '../helpers/cli.js';

// kubelab's clock runs at 0.05 (a 10-minute exercise budget is 30 s), the stand-ins' at 0.02.
const FAST = { KUBELAB_TIME_SCALE: '0.05', FAKE_TIME_SCALE: '0.02' };
const list = JSON.parse(`[${(await runCli(sandbox(), ['list', '--json'])).stdout.trim().split('\n').join(',')}]`) as Array<{ id: string; exercise: boolean }>;
const ids = list.map((s) => s.id);

interface NonFix {
  /** The learner's edit of issue.yaml (applied in place of the broken objects), and kubectl commands they run. */
  edit?: (yaml: string) => string;
  kubectl?: string[][];
  /** The check that must fail: its name, its message, and whether it is a guard (its why is shown). */
  check: string;
  message: RegExp;
  guard?: boolean;
}
const drop = (block: string) => (yaml: string) => yaml.replace(new RegExp(`\\n( +)${block}:\\n(\\1 .*\\n)+`), '\n');
const NON_FIXES: Record<string, NonFix> = {
  crashloopbackoff: { edit: (y) => y.replace('"exit 1"', '"exit 0"'), check: '0 restarts', message: /^crashloopbackoff-pod: expected 0 restarts, got [1-9]/ },
  'dns-resolution-failure': { edit: (y) => y.replace('"192.0.2.1"', '"10.96.0.10"'), check: 'dnsPolicy is not None', message: /^dns-failure-pod: expected a dnsPolicy other than None, got None$/, guard: true },
  'image-pull-backoff': { edit: (y) => y.replace('non-existent-image', 'busybox:1.36'), check: 'phase is Running', message: /^image-pull-backoff-pod: expected phase Running, got Pending/ },
  'insufficient-resources': { edit: drop('resources'), check: 'a cpu request is set', message: /^insufficient-resources-pod: expected a cpu request on container busybox, got none$/, guard: true },
  'liveness-probe-failure': { edit: drop('livenessProbe'), check: 'a liveness probe is set', message: /^liveness-probe-failure-pod: expected a liveness probe, got none$/, guard: true },
  'oom-killed': { edit: drop('resources'), check: 'a memory limit is set', message: /^oom-killed-pod: expected a memory limit on container stress, got none$/, guard: true },
  'readiness-probe-failure': { edit: drop('readinessProbe'), check: 'a readiness probe is set', message: /^readiness-probe-issue-pod: expected a readiness probe, got none$/, guard: true },
  'service-port-mismatch': { edit: (y) => y.replace('containerPort: 80', 'containerPort: 8080'), check: '`wget -qO- http://service-port-mismatch` inside the pod prints "Welcome to nginx"', message: /Connection refused/ },
  'image-pull-error': { edit: (y) => y.replace('private-registry.example.com/nginx:v999', 'nginx:v999'), check: 'phase is Running', message: /^image-pull-error-pod: expected phase Running, got Pending/ },
  'node-affinity-issue': { edit: drop('affinity'), check: 'the pod says where it may run', message: /^node-affinity-issue-pod: expected a node selector or required node affinity, got none$/, guard: true },
  'persistent-volume-claim-issues': { edit: (y) => y.replace(/persistentVolumeClaim:\n +claimName: pvc-issue.*/, 'emptyDir: {}'), check: 'the pod mounts a PersistentVolumeClaim', message: /^pvc-issue-pod: expected a volume from a PersistentVolumeClaim, got none$/, guard: true },
  'resource-requests-limits-mismatch': { edit: (y) => y.replace(/\n +cpu: "100m".*/, ''), check: 'a cpu limit is set', message: /^resource-mismatch-pod: expected a cpu limit on container busybox, got none$/, guard: true },
  'taints-and-tolerations-mismatch': { kubectl: [['taint', 'nodes', '--all', 'example-key=example-value:NoSchedule-']], check: 'the node carries the taint example-key:NoSchedule', message: /expected the taint example-key:NoSchedule on node kubelab-control-plane, got no taints$/, guard: true },
  'wrong-container-command': { edit: (y) => y.replace('"invalid-command-that-does-not-exist"', '"sh"'), check: '0 restarts', message: /^wrong-container-command-pod: expected 0 restarts, got [1-9]/ },
};

const learnerKubectl = (box: Sandbox, cwd: string, ...args: string[]) =>
  execa(join(fixturesBin, 'kubectl'), args, { env: { ...box.env, KUBECONFIG: join(box.home, 'kubeconfig') }, extendEnv: false, cwd, reject: false });

/** Self-test shards, run side by side: each plays its scenarios' lessons and exercises on one cluster. */
const SHARDS = Math.min(8, Math.max(3, availableParallelism() + 1));
const shards = Array.from({ length: SHARDS }, (_, i) => ids.filter((_, j) => j % SHARDS === i)).filter((s) => s.length > 0);

describe('kubelab test, every scenario of the catalogue, on the stand-ins', () => {
  it.concurrent.each(shards.map((s) => [s.join(', '), s] as const))('plays the lesson and the exercise of %s', async (_name, shard) => {
    const box = sandbox(FAST);
    const r = await execa(process.execPath, [cliPath, 'test', ...shard, '--json'], { env: box.env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 280_000, cwd: box.dir });
    const [code, events, stderr] = [r.exitCode, jsonEvents(String(r.stdout)), String(r.stderr)];
    const results = of(events, 'test.result');
    const failed = results.filter((r) => !r.ok).map((r) => `${r.scenario} ${r.part}: ${r.failedStep ?? ''} ${r.failedCheck ?? ''} ${r.reason ?? ''}`);
    expect(failed, stderr).toEqual([]);
    const expected = list.filter((s) => shard.includes(s.id)).flatMap((s) => [`${s.id} lesson`, ...(s.exercise ? [`${s.id} exercise`] : [])]);
    expect(results.map((r) => `${r.scenario} ${r.part}`).sort()).toEqual(expected.sort());
    expect(code).toBe(0);
  }, 300_000);

});

describe('kubelab check, a typical non-fix of every exercise, on the stand-ins', () => {
  it('has a typical non-fix for every exercise', () => {
    expect(list.filter((s) => s.exercise && !NON_FIXES[s.id]).map((s) => s.id)).toEqual([]);
  });

  it.concurrent.each(list.filter((s) => s.exercise && NON_FIXES[s.id]).map((s) => [s.id] as const))('grades a typical non-fix of %s as not fixed, saying why', async (id) => {
    const nonFix = NON_FIXES[id]!;
    const box = sandbox(FAST);
    const dir = join(box.dir, 'work');
    mkdirSync(dir, { recursive: true });
    expect((await runCli(box, ['exercise', id, '--detach', '--workdir', dir])).code).toBe(0);
    if (nonFix.edit) {
      const issue = readFileSync(join(dir, 'issue.yaml'), 'utf8');
      const edited = nonFix.edit(issue);
      expect(edited, 'the non-fix must change issue.yaml').not.toBe(issue);
      writeFileSync(join(dir, 'issue.yaml'), edited);
      await learnerKubectl(box, dir, 'delete', '-f', 'issue.yaml', '--grace-period=0', '--force', '--ignore-not-found');
      const applied = await learnerKubectl(box, dir, 'apply', '-f', 'issue.yaml');
      expect(applied.exitCode, String(applied.stderr)).toBe(0);
    }
    for (const args of nonFix.kubectl ?? []) expect((await learnerKubectl(box, dir, ...args)).exitCode).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    const check = await runCli(box, ['check', id, '--json']);
    expect(check.code).toBe(1);
    const failing = of(check.events, 'check').filter((c) => !c.ok);
    const hit = failing.find((c) => c.check === nonFix.check);
    expect(hit, JSON.stringify(failing.map((c) => [c.check, c.message]))).toBeDefined();
    expect(hit!.message).toMatch(nonFix.message);
    if (nonFix.guard) expect(hit!.note, 'a guard says why').toBeTruthy();
  }, 120_000);
});


