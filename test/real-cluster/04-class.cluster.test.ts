// A class on the real cluster: twenty learners, each in a namespace of their own with a kubeconfig
// of their own, running the OOM lab at the same time; the instructor's board follows; isolation,
// quota and the tokens' lifetime proven with real requests; nothing of the class left afterwards.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/engine/durations.js';
import { resolveScenario } from '../../src/scenario/catalog.js';
import { cli, cliPath, env, home, jsonEvents, kubeconfig, kubectl, recordTimings } from './helpers.js';

const klass = 'ci';
const learners = 20;
const out = join(home, 'class');
const admin = ['--kubeconfig', kubeconfig];
const file = (n: number) => join(out, `learner-${String(n).padStart(2, '0')}.kubeconfig`);
const timings: Record<string, number> = {};
afterAll(() => recordTimings(timings));

/** kubectl with a learner's own kubeconfig, as they would type it. */
const asLearner = (n: number, ...args: string[]) => execa('kubectl', ['--kubeconfig', file(n), ...args], { reject: false, timeout: 60_000 });

/** A learner on their own machine: nothing of kind or the lab's kubeconfig, only their file. */
const learnerEnv = (n: number): Record<string, string> => ({
  PATH: env.PATH!, HOME: join(home, `learner-${n}`), KUBELAB_HOME: join(home, `learner-${n}`, '.kubelab'), XDG_RUNTIME_DIR: join(home, `learner-${n}`, 'run'), NO_COLOR: '1', CI: 'true',
});

describe('a class of twenty on one shared cluster', () => {
  it('class create: a namespace, limited rights, a quota, default limits and a kubeconfig per learner', async () => {
    const started = Date.now();
    const created = await cli(['class', 'create', klass, '--learners', String(learners), '--out', out, '--duration', '2h', ...admin]);
    expect(created.exitCode, String(created.stderr)).toBe(0);
    timings.class_create = (Date.now() - started) / 1000;
    const namespaces = await kubectl('get', 'namespaces', '-l', `kubelab.dev/class=${klass}`, '-o', 'name');
    expect(namespaces.stdout.trim().split('\n')).toHaveLength(learners);
    expect((await kubectl('get', 'resourcequota,limitrange,role,rolebinding,serviceaccount', '-n', 'ci-learner-07', '-o', 'name')).stdout).toMatch(/resourcequota\/kubelab-learner[\s\S]*limitrange\/kubelab-learner[\s\S]*role\.rbac\.authorization\.k8s\.io\/kubelab-learner[\s\S]*rolebinding\.rbac\.authorization\.k8s\.io\/kubelab-learner[\s\S]*serviceaccount\/learner/);
    const cfg = readFileSync(file(7), 'utf8');
    expect(cfg).toContain('namespace: ci-learner-07');
    // The token is a TokenRequest token that lives for the asked duration.
    const token = /token: (\S+)/.exec(cfg)![1]!;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number; sub: string };
    expect(claims.sub).toBe('system:serviceaccount:ci-learner-07:learner');
    expect(claims.exp - claims.iat).toBe(2 * 3600);
  });

  it('isolation: another learner\'s namespace, kube-system, nodes and cluster-wide objects are refused, and can-i agrees', async () => {
    for (const args of [['get', 'pods', '-n', 'ci-learner-02'], ['get', 'pods', '-n', 'kube-system'], ['get', 'nodes'], ['get', 'namespaces'], ['get', 'persistentvolumes'], ['create', 'namespace', 'mine'], ['get', 'secrets']]) {
      const result = await asLearner(1, ...args);
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain('Forbidden');
    }
    for (const [verb, resource, ns, want] of [['list', 'pods', 'ci-learner-02', 'no'], ['list', 'pods', 'kube-system', 'no'], ['list', 'nodes', '', 'no'], ['create', 'pods', '', 'yes'], ['create', 'pods/exec', '', 'yes'], ['delete', 'namespaces', '', 'no']] as const) {
      const result = await asLearner(1, 'auth', 'can-i', verb, resource, ...(ns ? ['-n', ns] : []));
      expect(result.stdout.trim(), `${verb} ${resource} ${ns}`).toBe(want);
    }
    // At kubelab's prompt the namespace is held too.
    const lesson = await cli(['start', 'oom-killed', '--plain', '--kubeconfig', file(1)], { env: learnerEnv(1), input: '\nkubectl get pods -A\nkubectl get pods -n ci-learner-02\n' });
    expect(lesson.stdout).toContain('leave out -A / --all-namespaces');
    expect(lesson.stdout).toContain('Leave out -n ci-learner-02');
  });

  it('the quota holds: the eleventh pod in a namespace is refused', async () => {
    const pods = Array.from({ length: 11 }, (_, i) => `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"q${i}"},"spec":{"containers":[{"name":"c","image":"busybox","command":["sleep","3600"]}]}}`);
    const list = join(home, 'quota.json');
    (await import('node:fs')).writeFileSync(list, `{"apiVersion":"v1","kind":"List","items":[${pods.join(',')}]}`);
    const applied = await asLearner(20, 'apply', '-f', list);
    expect(applied.stderr).toMatch(/exceeded quota: kubelab-learner, requested: pods=1, used: pods=10, limited: pods=10/);
    // The LimitRange gave every container a CPU limit.
    const pod = JSON.parse((await asLearner(20, 'get', 'pod', 'q0', '-o', 'json')).stdout) as { spec: { containers: { resources: { limits: Record<string, string> } }[] } };
    expect(pod.spec.containers[0]!.resources.limits.cpu).toBe('250m');
    await asLearner(20, 'delete', 'pods', '--all', '--grace-period=0', '--force');
  });

  it('twenty learners run the OOM lab at once, each with their own kubeconfig; the board follows; the report says 20/20', async () => {
    // (A single unattended run on the same cluster is timed by 05-speed: speed_kubelab_run_s.)
    // The instructor's board, one JSON line per change, measured while the class runs.
    const board = execa('node', [cliPath, 'class', 'status', klass, 'oom-killed', '--json', ...admin], { env, extendEnv: false, reject: false });
    const seen: { at: number; passed: number }[] = [];
    let buffer = '';
    board.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('{')) seen.push({ at: Date.now(), passed: (JSON.parse(line) as { passed: number }).passed });
      }
    });
    const started = Date.now();
    const runs = await Promise.all(Array.from({ length: learners }, (_, i) => cli(['run', 'oom-killed', '--auto', '--json', '--kubeconfig', file(i + 1)], { env: learnerEnv(i + 1) })));
    timings.class_parallel_20 = (Date.now() - started) / 1000;
    const failed = runs.map((r, i) => ({ r, n: i + 1 })).filter(({ r }) => r.exitCode !== 0);
    expect(failed.map(({ n, r }) => `learner ${n}: ${jsonEvents(r.stdout).filter((e) => e.type === 'step.done' && !e.ok).map((e) => JSON.stringify(e)).join(' ')} ${String(r.stderr).slice(-300)}`)).toEqual([]);
    // The board saw learners finish while they ran, not only at the end.
    await new Promise((r) => setTimeout(r, 2000));
    board.kill('SIGINT');
    await board;
    expect(seen.length).toBeGreaterThan(3);
    expect(Math.max(...seen.map((s) => s.passed))).toBe(learners);
    // It followed the class as it went: learners passing one by one, not all in the last line.
    expect(new Set(seen.map((s) => s.passed)).size).toBeGreaterThan(3);
    // The board grades each namespace live: a learner counts as passed once their fixed pod has run
    // for the exercise's stable window with no restart. How long after that moment (the k-th fixed
    // pod's start, as the API recorded it, plus the window) did the board first count k passed?
    const window = parseDuration(resolveScenario('oom-killed').exercise!.stableFor);
    const startedAt = await Promise.all(Array.from({ length: learners }, async (_, i) => {
      const got = await asLearner(i + 1, 'get', 'pod', 'oom-killed-fixed-pod', '-o', 'jsonpath={.status.containerStatuses[0].state.running.startedAt}');
      return Date.parse(got.stdout.trim());
    }));
    expect(startedAt.every(Number.isFinite), String(startedAt)).toBe(true);
    const lags = startedAt.sort((a, b) => a - b).map((t, k) => (seen.find((s) => s.passed >= k + 1)?.at ?? Infinity) - (t + window));
    // Never before it (the API's start times are whole seconds): a board that counted sooner would
    // pass a pod it had not seen hold, as it did a broken pod in the second before its first kill.
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(-1000);
    timings.board_updates = seen.length;
    timings.board_max_lag_s = Math.max(...lags) / 1000;
    expect(timings.board_max_lag_s).toBeLessThan(10);

    const reportFile = join(home, 'class-report.json');
    const reported = await cli(['class', 'report', klass, 'oom-killed', '--report', reportFile, ...admin]);
    expect(reported.stdout).toContain(`${learners} of ${learners} learners passed`);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { learners: number; passed: number };
    expect(report).toMatchObject({ learners, passed: learners });
    const xml = join(home, 'class-report.xml');
    await cli(['class', 'report', klass, 'oom-killed', '--report', xml, ...admin]);
    expect(readFileSync(xml, 'utf8')).toContain(`tests="${learners}" failures="0"`);
  });

  it('class delete removes all of it; a learner\'s token then stops working, and kubelab says what to do', async () => {
    const deleted = await cli(['class', 'delete', klass, '--yes', ...admin]);
    expect(deleted.exitCode, String(deleted.stderr)).toBe(0);
    expect((await kubectl('get', 'namespaces', '-l', `kubelab.dev/class=${klass}`, '-o', 'name')).stdout.trim()).toBe('');
    expect((await kubectl('get', 'pods', '-A', '-o', 'name')).stdout).not.toContain('ci-learner');
    const after = await cli(['start', 'oom-killed', '--plain', '--kubeconfig', file(3)], { env: learnerEnv(3), input: '\n' });
    expect(after.exitCode).toBe(3);
    expect(after.stderr).toContain('The cluster refused this kubeconfig\'s credentials');
    expect(after.stderr).toContain('ask your instructor for a new kubeconfig');
  });
});
