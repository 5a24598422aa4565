// --report in each format, from the built CLI against the stand-ins: JSON validated against the
// schema in the repository, JUnit parsed by a JUnit parser, Markdown read for its content.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'junit2json';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli, sandbox, type Sandbox } from '../helpers/cli.js';
import { STEPS } from '../helpers/lesson.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas', 'report.schema.json'), 'utf8')));

function valid(file: string): Record<string, any> {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return report;
}

async function junit(file: string) {
  const parsed = await parse(readFileSync(file, 'utf8'));
  if (!parsed || !('testsuite' in parsed)) throw new Error(`not a JUnit testsuites document: ${file}`);
  const suite = parsed.testsuite![0]!;
  return { suite, cases: suite.testcase ?? [] };
}

/** A detached exercise whose "fix" removed the limit: the check that grades it fails on its guard. */
async function limitRemoved(box: Sandbox): Promise<void> {
  const dir = join(box.dir, 'work');
  mkdirSync(dir, { recursive: true });
  const issue = readFileSync(join(root, 'scenarios', 'oom-killed', 'issue.yaml'), 'utf8');
  writeFileSync(join(dir, 'issue.yaml'), issue.replace('name: oom-killed-pod', 'name: no-limit').replace(/    resources:\n(      .*\n)+?(?=    command)/, ''));
  expect((await runCli(box, ['exercise', 'oom-killed', '--detach', '--workdir', dir, '--plain'], 'kubectl delete pod oom-killed-pod\n')).code).toBe(0);
  const { execa } = await import('execa');
  const kubectl = (...args: string[]) => execa(join(root, 'test', 'fixtures', 'bin', 'kubectl'), ['--kubeconfig', join(box.home, 'kubeconfig'), '--context', 'kind-kubelab', ...args], { env: box.env, extendEnv: false, cwd: dir });
  await kubectl('delete', 'pod', 'oom-killed-pod', '--grace-period=0', '--force');
  await kubectl('apply', '-f', 'issue.yaml');
  await new Promise((r) => setTimeout(r, 600));
}

describe('--report', () => {
  it('an unattended lesson: JSON valid against the schema, with steps, their durations and the answers', async () => {
    const box = sandbox();
    const file = join(box.dir, 'out', 'lesson.json');
    const { code, stderr } = await runCli(box, ['run', 'oom-killed', '--auto', '--report', file]);
    expect(code).toBe(0);
    expect(stderr).toContain(`Report written to ${file}`);
    const report = valid(file);
    expect(report).toMatchObject({ schemaVersion: 1, scenario: 'oom-killed', mode: 'auto', ok: true });
    expect(report.steps).toHaveLength(STEPS);
    expect(report.steps.every((s: { ok: boolean; seconds: number }) => s.ok === true && s.seconds >= 0)).toBe(true);
    expect(report.steps.find((s: { id: string }) => s.id === 'watch-oom').seconds).toBeGreaterThan(0);
    expect(report.answers.map((a: { step: string; correct: boolean }) => [a.step, a.correct])).toEqual([['ask-reason', true], ['ask-exit-code', true], ['ask-signal', true], ['ask-kernel-limit', true]]);
    // the kernel's numbers, kept with the step that read them
    const kernel = report.kernel as { step: string; readings: { file: string; value: string }[] }[];
    expect(kernel.map((k) => k.step)).toEqual(['kernel-evidence']);
    expect(kernel[0]!.readings.find((r) => r.file === 'memory.max')).toMatchObject({ value: String(50 * 1024 * 1024) });
    expect(report.answers[0].question).toBe('What reason does Kubernetes give for the container\'s last termination?');
    expect(report.summary).toHaveLength(3);
  });

  it('a failed check: JUnit with one test case per check, the failure carrying expected and got', async () => {
    const box = sandbox();
    await limitRemoved(box);
    const file = join(box.dir, 'check.xml');
    const check = await runCli(box, ['check', 'oom-killed', '--report', file]);
    expect(check.code).toBe(1);
    const { suite, cases } = await junit(file);
    expect(suite.name).toBe('kubelab.oom-killed');
    expect(cases.map((c) => c.name)).toEqual(['phase is Running', 'the container is ready', '0 restarts', 'a memory limit is set', 'the container runs stress … --vm', 'stable for 20s']);
    const failed = cases.filter((c) => c.failure);
    expect(failed.map((c) => c.name)).toEqual(['a memory limit is set']);
    expect(failed[0]!.failure![0]!.message).toBe('expected a memory limit on container stress, got none');
    expect(failed[0]!.failure![0]!.inner).toContain('Removing the memory limit is not a fix');
    expect(suite.failures).toBe(1);
    expect(suite.tests).toBe(6);
  });

  it('the same check as JSON and as Markdown', async () => {
    const box = sandbox();
    await limitRemoved(box);
    const json = join(box.dir, 'check.json');
    const md = join(box.dir, 'check.md');
    await runCli(box, ['check', 'oom-killed', '--report', json]);
    await runCli(box, ['check', 'oom-killed', '--report', md]);
    const report = valid(json);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c: { ok: boolean }) => !c.ok)).toMatchObject({ expected: 'a memory limit on container stress', got: 'none', step: 'exercise' });
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('# kubelab report: OOMKilled: the kernel kills a container over its memory limit');
    expect(text).toContain('result: **not passed**');
    expect(text).toContain('- ✗ a memory limit is set: no-limit: expected a memory limit on container stress, got none');
    expect(text).toContain('  - expected: a memory limit on container stress');
  });

  it('an exercise graded live: its last criteria are the test cases, and the outcome is recorded', async () => {
    const box = sandbox();
    const dir = join(box.dir, 'work');
    mkdirSync(dir, { recursive: true });
    const issue = readFileSync(join(root, 'scenarios', 'oom-killed', 'issue.yaml'), 'utf8');
    writeFileSync(join(dir, 'issue.yaml'), issue.replace('name: oom-killed-pod', 'name: mine').replace(/"50Mi"/g, '"128Mi"').replace('"100M"', '"60M"'));
    const file = join(box.dir, 'exercise.xml');
    const run = await runCli(box, ['exercise', 'oom-killed', '--workdir', dir, '--plain', '--report', file], 'h\nkubectl delete pod oom-killed-pod\nkubectl apply -f issue.yaml\n');
    expect(run.code).toBe(0);
    const { suite, cases } = await junit(file);
    expect(cases).toHaveLength(5);
    expect(cases.every((c) => !c.failure)).toBe(true);
    expect(suite.properties?.find((p) => p.name === 'outcome')?.value).toBe('fixed');
    const json = join(box.dir, 'exercise.json');
    await runCli(box, ['exercise', 'oom-killed', '--workdir', dir, '--plain', '--fresh', '--report', json], 'kubectl delete pod oom-killed-pod\nkubectl apply -f issue.yaml\n');
    expect(valid(json)).toMatchObject({ mode: 'exercise', outcome: 'fixed', ok: true });
  });

  it('refuses a report file whose extension names no format', async () => {
    const box = sandbox();
    const { code, stderr } = await runCli(box, ['check', 'oom-killed', '--report', 'out.txt']);
    expect(code).toBe(2);
    expect(stderr).toContain('Use a file ending in .json, .md or .xml (JUnit).');
  });
});
