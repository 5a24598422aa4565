// The built CLI in plain mode: what a person reading a log, a pipe or a screen reader gets.
import { existsSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calls, jsonEvents, liveStandIns, of, root, runCli, sandbox, start } from '../helpers/cli.js';
import { converse, readingOnScreen } from '../helpers/converse.js';
import { QUESTIONS } from '../helpers/lesson.js';

describe('plain output', () => {
  it('reads as lines: evidence, the describe lines to read, answers, the summary; no colour under NO_COLOR', async () => {
    const box = sandbox();
    const { code, stdout } = await runCli(box, ['run', 'oom-killed', '--auto']);
    expect(code).toBe(0);
    expect(stdout).toContain('✓ Evidence: oom-killed-pod terminated with OOMKilled, exit code 137');
    expect(stdout).toMatch(/▶ line \d+: Reason:\s+OOMKilled {2}← why it stopped/);
    expect(stdout).toMatch(/▶ line \d+: Exit Code:\s+137 {2}← how it ended/);
    expect(stdout).toMatch(/▶ line \d+: memory:\s+50Mi {2}← the memory it was allowed/);
    expect(stdout).toContain('kubelab runs: kubectl describe pod oom-killed-pod');
    expect(stdout).toMatch(/What the kernel holds \(cgroup v2, node kubelab-control-plane\)\n {2}\/sys\/fs\/cgroup\/kubelet\.slice\/.*\.slice\n {2}▶ memory\.max +52428800\n {6}the most memory this pod may hold, 50Mi/);
    expect(stdout).toContain(`Questions: ${QUESTIONS} of ${QUESTIONS} right (${QUESTIONS} at the first try), 0 hint(s) used`);
    expect(stdout).toMatch(/Lab complete\. \d+ passed, 0 failed\./);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('a learner at a plain prompt: a refused line, a wrong answer with its hint, the kernel\'s number read off the screen, then deleting the cluster', async () => {
    const box = sandbox();
    const replies = [
      '', // read the manifest
      'ls -l', // refused: not kubectl
      'kubectl get pod oom-killed-pod',
      'kubectl describe pod oom-killed-pod',
      'Error', // wrong: earns the first hint
      'OOMKilled',
      '137',
      '9',
      (screen: string) => readingOnScreen(screen, 'memory.max', 'memory.limit_in_bytes'), // the limit as the kernel step showed it
      '', // the diff
      'n', // do not keep the cluster
    ];
    const { code, stdout } = await converse(box, ['start', 'oom-killed', '--plain'], replies);
    expect(code).toBe(0);
    expect(stdout).toContain('✗ Only kubectl runs here, and "ls" is not kubectl.');
    expect(stdout).toContain('$ kubectl get pod oom-killed-pod');
    expect(stdout).toContain('hint: Look under "Last State" in the describe output');
    expect(stdout).toMatch(/How many bytes may the pod's memory cgroup hold, as the kernel read it just now\?\nanswer> 52428800\n {2}✓ Right/);
    expect(stdout).toContain(`Questions: ${QUESTIONS} of ${QUESTIONS} right (${QUESTIONS - 1} at the first try), 1 hint(s) used`);
    expect(stdout).toContain('The lab cluster was deleted.');
    expect(calls(box).some((c) => c.tool === 'kind' && c.argv[0] === 'delete')).toBe(true);
  });

  it('says how to go on when the input ends before the lesson does', async () => {
    const box = sandbox();
    const { code, stderr } = await runCli(box, ['start', '--plain'], '\n');
    expect(code).toBe(3);
    expect(stderr).toContain('The input ended before the lesson did.');
    expect(stderr).toContain('kubelab run <scenario> --auto');
  });
});

describe('Ctrl+C', () => {
  it('during the watch: children end, kubelab says what is left and exits 130', async () => {
    const box = sandbox({ FAKE_IMAGE_PULL_FAIL: 'polinux/stress', KUBELAB_TIME_SCALE: '1' });
    const child = start(box, ['run', 'oom-killed', '--auto', '--json']);
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('"step":"watch-oom"') && calls(box).some((c) => c.tool === 'kubectl' && c.argv.includes('--watch'))) resolve();
      });
    });
    const watcher = calls(box).find((c) => c.tool === 'kubectl' && c.argv.includes('--watch'));
    expect(watcher).toBeDefined();
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    const interrupted = of(jsonEvents(String(result.stdout)), 'interrupted')[0]!;
    expect(interrupted.clusterState).toContain('is still running');
    expect(interrupted.clusterState).toContain('kubelab down');
    expect(liveStandIns(box)).toEqual([]);
  });
});

describe('other commands', () => {
  it('check grades the cluster as it is, down removes it, check then explains there is nothing', async () => {
    const box = sandbox();
    expect((await runCli(box, ['run', 'oom-killed', '--auto'])).code).toBe(0);
    const before = calls(box).length;
    const check = await runCli(box, ['check', 'oom-killed', '--json']);
    // kubectl's verb is its first word after the global flags kubelab puts first; kind's is its first word.
    const verbs = calls(box).slice(before).map((c) => c.argv.find((a, i) => !a.startsWith('-') && !['--kubeconfig', '--context', '--namespace'].includes(c.argv[i - 1] ?? '')));
    expect(verbs.filter((v) => ['apply', 'delete', 'create', 'replace', 'patch'].includes(v ?? ''))).toEqual([]);
    expect(verbs).toContain('get');
    // The exercise's criteria grade it: every pod running polinux/stress, whatever its name.
    const graded = of(check.events, 'check').filter((c) => c.step === 'exercise');
    expect(graded.map((c) => [c.check, c.ok])).toEqual([
      ['phase is Running', true], ['the container is ready', true], ['0 restarts', true],
      ['a memory limit is set', true], ['the container runs stress … --vm', true], ['stable for 20s', true],
    ]);
    expect(graded[0]!.message).toBe('oom-killed-fixed-pod: phase Running: yes');
    expect(check.code).toBe(0);
    expect((await runCli(box, ['down'])).stdout).toContain('Deleted the lab cluster "kubelab".');
    const after = await runCli(box, ['check', 'oom-killed']);
    expect(after.code).toBe(3);
    expect(after.stderr).toContain('There is no lab cluster named "kubelab" to check.');
    expect((await runCli(box, ['down'])).stdout).toContain('nothing to delete');
  });

  it('rejects an invalid scenario folder with its file, line and problem', async () => {
    const box = sandbox();
    const dir = join(box.dir, 'my-scenario');
    cpSync(join(root, 'scenarios', 'oom-killed'), dir, { recursive: true });
    const yaml = readFileSync(join(dir, 'scenario.yaml'), 'utf8').replace('timeout: 180s', 'timeout: soon');
    writeFileSync(join(dir, 'scenario.yaml'), yaml);
    const line = yaml.split('\n').findIndex((l) => l.includes('timeout: soon')) + 1;
    const { code, stderr } = await runCli(box, ['run', './my-scenario', '--auto']);
    expect(code).toBe(2);
    expect(stderr).toContain(`my-scenario/scenario.yaml:${line}:14: steps.2.timeout: write a duration such as 90s, 2m or 500ms`);
  });

  it('refuses unknown flags and explains the commands', async () => {
    const box = sandbox();
    const { code, stderr } = await runCli(box, ['run', 'oom-killed', '--auto', '--colour']);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--colour'");
    expect((await runCli(box, ['run', 'oom-killed'])).stderr).toContain('kubelab start oom-killed');
    expect((await runCli(box, ['--version'])).stdout).toMatch(/^kubelab \d+\.\d+\.\d+/);
  });

  it('list and the bare command outside a terminal name every scenario', async () => {
    const box = sandbox();
    for (const args of [['list'], []]) {
      const { code, stdout } = await runCli(box, args);
      expect(code).toBe(0);
      for (const id of ['oom-killed', 'crashloopbackoff', 'image-pull-backoff', 'readiness-probe-failure']) expect(stdout).toContain(id);
    }
    expect(existsSync(join(box.home, 'kubeconfig'))).toBe(false);
  });
});
