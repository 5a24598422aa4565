import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { allScenarios, resolveScenario, scenarioIds } from '../../src/scenario/catalog.js';
import { loadScenario } from '../../src/scenario/load.js';
import { lessonsDir, scenariosDir } from '../../src/scenario/paths.js';

const original = readFileSync(join(scenariosDir(), 'oom-killed', 'scenario.yaml'), 'utf8');

/** A copy of the oom-killed folder with scenario.yaml edited, and the problems it gets. */
function problemsOf(edit: (yaml: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-scenario-'));
  cpSync(join(scenariosDir(), 'oom-killed'), dir, { recursive: true });
  writeFileSync(join(dir, 'scenario.yaml'), edit(original));
  try {
    loadScenario(dir);
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems.map((p) => ({ ...p, file: p.file.endsWith('scenario.yaml') ? 'scenario.yaml' : p.file }));
    throw error;
  }
  return [];
}

const lineOf = (text: string) => original.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('the shipped scenarios', () => {
  it('all load and validate: the upstream catalogue scenarios kubelab plays', () => {
    expect(scenarioIds()).toEqual([
      'crashloopbackoff', 'dns-resolution-failure', 'image-pull-backoff', 'image-pull-error', 'insufficient-resources',
      'liveness-probe-failure', 'node-affinity-issue', 'oom-killed', 'persistent-volume-claim-issues', 'readiness-probe-failure',
      'resource-requests-limits-mismatch', 'service-port-mismatch', 'taints-and-tolerations-mismatch', 'wrong-container-command',
    ]);
    const scenarios = allScenarios();
    expect(scenarios.map((s) => s.steps.length).every((n) => n >= 5)).toBe(true);
  });

  it('every one is playable: a lesson with sections, an exercise, a goal, and no preview flag', () => {
    for (const s of allScenarios()) {
      expect.soft(s.preview, s.id).toBe(false);
      expect.soft(s.lessonSections.size, s.id).toBeGreaterThanOrEqual(4);
      expect.soft(s.exercise?.hints.length ?? 0, s.id).toBeGreaterThanOrEqual(2);
      expect.soft(s.steps.some((step) => 'goal' in step && step.goal), s.id).toBe(true);
      expect.soft(s.steps.every((step) => step.lesson !== undefined), s.id).toBe(true);
    }
  });

  it('a cluster-scoped scenario undoes its setup in its cleanup', () => {
    for (const s of allScenarios().filter((x) => x.scope === 'cluster')) {
      expect(s.setup.length, s.id).toBeGreaterThan(0);
      const undo = s.cleanup.filter((c) => 'kubectl' in c).map((c) => ('kubectl' in c ? c.kubectl.join(' ') : ''));
      for (const { kubectl } of s.setup) expect(undo.some((u) => u.startsWith(kubectl.slice(0, 2).join(' '))), `${s.id}: ${kubectl.join(' ')}`).toBe(true);
    }
  });

  it('keeps the upstream manifests as they were written', () => {
    const s = resolveScenario('oom-killed');
    expect(readFileSync(s.manifestPaths.issue!, 'utf8')).toContain('command: ["stress", "--vm", "1", "--vm-bytes", "100M"]');
    expect((s.targets.issue as { name: string }).name).toBe('oom-killed-pod');
    expect((s.targets.fix as { name: string }).name).toBe('oom-killed-fixed-pod');
    expect(s.lessonSections.get('exit-code')?.body).toContain('137 = 128 + 9');
  });

  it('rejects an unknown id with the list of known ones', () => {
    expect(() => resolveScenario('nope')).toThrow(/There is no scenario called "nope"/);
  });
});

describe('invalid scenario files name the file, line and problem', () => {
  it('an unknown field, at its own line', () => {
    const problems = problemsOf((y) => y.replace('    kind: diff\n', '    kind: diff\n    colour: red\n'));
    expect(problems).toEqual([{ file: 'scenario.yaml', line: lineOf('kind: diff') + 1, column: 5, message: 'unknown field "colour"' }]);
  });

  it('an unknown step kind', () => {
    const [p] = problemsOf((y) => y.replace('kind: diff', 'kind: compare'));
    expect(p!.line).toBe(lineOf('kind: diff'));
    expect(p!.message).toMatch(/kind/);
  });

  it('a bad duration, at the value', () => {
    const [p] = problemsOf((y) => y.replace('timeout: 180s\n    until:\n      - type: terminated', 'timeout: 3 minutes\n    until:\n      - type: terminated'));
    expect(p).toMatchObject({ line: lineOf('timeout: 180s'), message: expect.stringContaining('write a duration such as 90s') });
  });

  it('a target whose pod is not in its manifest, and a missing manifest name', () => {
    const problems = problemsOf((y) => y.replace('name: oom-killed-fixed-pod', 'name: oom-fixed').replace('from: issue', 'from: broken'));
    expect(problems.map((p) => p.message)).toEqual([
      'pod "oom-fixed" is not in fix.yaml (it has: oom-killed-fixed-pod)',
      'no manifest named "broken" (known: issue, fix)',
    ]);
    expect(problems[1]!.line).toBe(lineOf('from: issue'));
  });

  it('a lesson section that does not exist', () => {
    const [p] = problemsOf((y) => y.replace('lesson: watch', 'lesson: watching'));
    expect(p).toMatchObject({ line: lineOf('lesson: watch'), message: 'lessons/oom-killed.md has no section {#watching}' });
  });

  it('YAML that does not parse', () => {
    const [p] = problemsOf((y) => y.replace('title: Apply issue.yaml', 'title: [Apply issue.yaml'));
    expect(p!.message).toMatch(/^YAML syntax/);
    expect(p!.line).toBeGreaterThanOrEqual(lineOf('title: Apply issue.yaml'));
  });

  it('a question whose answer is not a known fact', () => {
    const [p] = problemsOf((y) => y.replace('answer: { fact: terminated.exitCode }', 'answer: { fact: exit }'));
    expect(p!.line).toBe(lineOf('answer: { fact: terminated.exitCode }'));
  });
});

describe('hostile scenario folders, one example per kind (the generated ones are in fuzz.test.ts)', () => {
  /** A copy of oom-killed with `change` applied to its folder; the problems it gets. */
  function refusedWith(change: (dir: string) => void): ScenarioError {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-hostile-'));
    cpSync(join(scenariosDir(), 'oom-killed'), dir, { recursive: true });
    change(dir);
    try {
      loadScenario(dir);
    } catch (error) {
      if (error instanceof ScenarioError) return error;
      throw error;
    }
    throw new Error('the folder was accepted');
  }
  const messages = (e: ScenarioError) => e.problems.map((p) => p.message);
  const outsideFile = () => {
    const other = mkdtempSync(join(tmpdir(), 'kubelab-outside-'));
    writeFileSync(join(other, 'pod.yaml'), readFileSync(join(scenariosDir(), 'oom-killed', 'issue.yaml')));
    return join(other, 'pod.yaml');
  };

  it('a manifest reached through .., an absolute path or a symbolic link', () => {
    expect(messages(refusedWith((d) => writeFileSync(join(d, 'scenario.yaml'), original.replace('issue: issue.yaml', 'issue: ../x/issue.yaml')))))
      .toEqual(['manifest ../x/issue.yaml must be a file inside its folder (no absolute paths, no ..)']);
    const abs = outsideFile();
    expect(messages(refusedWith((d) => writeFileSync(join(d, 'scenario.yaml'), original.replace('issue: issue.yaml', `issue: ${abs}`)))))
      .toEqual([`manifest ${abs} must be a file inside its folder (no absolute paths, no ..)`]);
    const e = refusedWith((d) => {
      rmSync(join(d, 'issue.yaml'));
      symlinkSync(abs, join(d, 'issue.yaml'));
    });
    expect(e.problems).toEqual([{ file: expect.stringMatching(/scenario\.yaml$/), line: lineOf('issue: issue.yaml'), column: 10, message: `manifest issue.yaml leads outside its folder (a symbolic link to ${realpathSync(abs)})` }]);
  });

  it('a lesson beside scenario.yaml that is a link outside, or a link to itself', () => {
    const other = mkdtempSync(join(tmpdir(), 'kubelab-outside-'));
    writeFileSync(join(other, 'oom-killed.md'), readFileSync(join(lessonsDir(), 'oom-killed.md')));
    expect(messages(refusedWith((d) => symlinkSync(join(other, 'oom-killed.md'), join(d, 'oom-killed.md'))))[0]).toMatch(/^lesson file oom-killed\.md leads outside its folder/);
    expect(messages(refusedWith((d) => symlinkSync('oom-killed.md', join(d, 'oom-killed.md'))))).toEqual(['lesson file oom-killed.md is a symbolic link that leads round in a circle']);
  });

  it('huge, binary and non-UTF-8 files', () => {
    expect(messages(refusedWith((d) => truncateSync(join(d, 'fix.yaml'), 6 * 1024 * 1024)))).toEqual(['manifest fix.yaml is 6144 KiB; kubelab reads files up to 512 KiB']);
    expect(messages(refusedWith((d) => writeFileSync(join(d, 'issue.yaml'), Buffer.from([0x6b, 0x00, 0x01]))))).toEqual(['manifest issue.yaml is not a text file']);
    expect(messages(refusedWith((d) => writeFileSync(join(d, 'scenario.yaml'), Buffer.concat([Buffer.from(original), Buffer.from([0xc3, 0x28])])))))
      .toEqual(['the scenario file scenario.yaml is not UTF-8 text; save it as UTF-8']);
  });

  it('an alias bomb, an alias with no anchor, duplicate keys and nesting too deep for the parser', () => {
    const levels = Array.from({ length: 6 }, (_, i) => `  l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`).join('\n');
    // Pointed at the first alias: l1's line, two below zz:.
    const bomb = refusedWith((d) => writeFileSync(join(d, 'scenario.yaml'), `${original}zz:\n  l0: &l0 [a, b]\n${levels}\n`));
    expect(bomb.problems).toEqual([expect.objectContaining({ line: original.split('\n').length + 2, message: expect.stringContaining('the aliases (*name) expand to too much data') })]);
    expect(refusedWith((d) => writeFileSync(join(d, 'scenario.yaml'), `${original}zz: *nowhere\n`)).problems)
      .toEqual([expect.objectContaining({ line: original.split('\n').length, column: 5, message: 'YAML: the alias *nowhere has no anchor &nowhere before it' })]);
    expect(messages(refusedWith((d) => writeFileSync(join(d, 'scenario.yaml'), `${original}id: again\n`)))[0]).toMatch(/^YAML syntax: Map keys must be unique/);
    const deep = refusedWith((d) => writeFileSync(join(d, 'scenario.yaml'), `${original}zz: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`));
    expect(deep.problems).toEqual([{ file: expect.any(String), line: original.split('\n').length, column: 5 + 64, message: 'YAML: lists or maps inside each other more than 64 levels deep: nested too deeply to read' }]);
  });

  it('a name with an escape sequence in it is shown, not obeyed', () => {
    const e = refusedWith((d) => writeFileSync(join(d, 'scenario.yaml'), `${original}"\\e[2Jzz": 1\n`));
    expect(e.message).toContain('unknown field "\\u001b[2Jzz"');
    expect(e.message).not.toContain('\u001b');
  });
});
