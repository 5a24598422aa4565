// Generated scenario folders through the loader (1,000) and through kubelab validate (50): nothing
// but a ScenarioError comes out, every refusal names file:line:column and what is wrong, and a
// path that leaves the folder (.., an absolute path, a symbolic link) is refused by name.
import { execa } from 'execa';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { cliPath } from '../helpers/cli.js';
import { mutation, writeCase, writeOutside, type Expected, type Mutation } from '../helpers/scenario-fuzz.js';

const root = mkdtempSync(join(tmpdir(), 'kubelab-fuzz-'));
const outside = join(root, 'outside');
writeOutside(outside);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const STACK = /^\s+at .+[:(]\d+:\d+\)?$/m;

/** One to three mutations; at most one path escape, and no other edit of the file it replaces. */
const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 }).filter((list) => {
  const escapes = list.filter((m): m is Extract<Mutation, { kind: 'escape' }> => m.kind === 'escape');
  if (escapes.length > 1) return false;
  const field = escapes[0]?.field;
  const replaced = field === 'lesson' ? 'lesson' : `${field}.yaml`;
  return !list.some((m) => 'file' in m && m.file === replaced);
});

/** A refusal is certain for one mutation, and for several unless one deletes a field or scribbles over the bytes. */
const mustRefuse = (list: Mutation[], expected: Expected) =>
  expected.refused && (list.length === 1 || !list.some((m) => m.kind === 'delete-key' || m.kind === 'noise'));

type Outcome = { ok: true } | { ok: false; error: ScenarioError };

function load(dir: string): Outcome {
  try {
    loadScenario(dir);
    return { ok: true };
  } catch (error) {
    if (error instanceof ScenarioError) return { ok: false, error };
    throw new Error(`not a ScenarioError: ${(error as Error)?.stack ?? String(error)}`);
  }
}

function checkRefusal(error: ScenarioError, dir: string, list: Mutation[], expected: Expected): void {
  const where = JSON.stringify(list).slice(0, 300);
  expect(error.problems.length, where).toBeGreaterThan(0);
  for (const p of error.problems) {
    expect(p.file, where).toMatch(/\S/);
    expect(p.message, where).toMatch(/\S/);
    expect(CONTROL.test(p.message), `${where}: ${JSON.stringify(p.message)}`).toBe(false);
    expect(Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.column) && p.column >= 1, where).toBe(true);
  }
  expect(error.message, where).not.toMatch(STACK);
  expect(error.message.split('\n').length, where).toBeLessThanOrEqual(22);
  const scenarioLines = readFileSync(join(dir, 'scenario.yaml')).toString().split('\n').length;
  for (const p of error.problems.filter((x) => x.file.endsWith('scenario.yaml'))) expect(p.line, where).toBeLessThanOrEqual(scenarioLines);
  if (list.length > 1) return;
  for (const want of expected.problems) {
    const found = error.problems.find((p) => want.message.test(p.message) && (want.line === undefined || p.line === want.line));
    expect(found, `${where}: wanted ${want.message}${want.line ? ` at line ${want.line}` : ''}, got ${JSON.stringify(error.problems.slice(0, 3))}`).toBeDefined();
  }
}

// Counted over the tests below and printed once, for the report.
const count = { loader: 0, refused: 0, cli: 0, cliRefused: 0, kinds: new Map<string, number>() };
afterAll(() => {
  console.log(`scenario fuzz: ${count.loader} generated folders through the loader (${count.refused} refused, ${count.loader - count.refused} accepted, 0 crashes), ${count.cli} through kubelab validate (${count.cliRefused} refused with exit 2); mutations: ${[...count.kinds].map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

// 4 x 250 folders, so that each test stays well inside the time limit on a busy machine.
describe.each([1, 2, 3, 4])('generated scenario folders, batch %i of 4', (batch) => {
  it('the loader refuses each broken one with file:line:column and a reason, and never crashes', () => {
    let refused = 0;
    let n = 0;
    fc.assert(fc.property(mutations, (list) => {
      const dir = join(root, `case-${batch}-${n++}`);
      const expected = writeCase(dir, outside, list);
      for (const m of list) count.kinds.set(m.kind, (count.kinds.get(m.kind) ?? 0) + 1);
      const started = Date.now();
      try {
        const outcome = load(dir);
        expect(Date.now() - started, 'a folder takes well under two seconds').toBeLessThan(2000);
        if (outcome.ok) {
          expect(mustRefuse(list, expected), `accepted: ${JSON.stringify(list).slice(0, 300)}`).toBe(false);
          return;
        }
        refused++;
        checkRefusal(outcome.error, dir, list, expected);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }), { numRuns: 250 });
    expect(refused).toBeGreaterThan(200);
    count.loader += n;
    count.refused += refused;
  });

  it('kubelab validate: exit 2 and file:line:column lines for a broken folder, 0 for a valid one, never a stack trace', async () => {
    const cases = fc.sample(mutations, { numRuns: batch === 1 ? 14 : 12 }).map((list, i) => {
      const dir = join(root, `cli-${batch}-${i}`);
      const expected = writeCase(dir, outside, list);
      return { dir, list, expected, outcome: load(dir) };
    });
    for (const c of cases) for (const m of c.list) count.kinds.set(m.kind, (count.kinds.get(m.kind) ?? 0) + 1);
    const results: Awaited<ReturnType<typeof validate>>[] = [];
    for (let i = 0; i < cases.length; i += 2) results.push(...(await Promise.all(cases.slice(i, i + 2).map((c) => validate(c.dir)))));
    cases.forEach((c, i) => {
      const r = results[i]!;
      const where = JSON.stringify(c.list).slice(0, 200);
      expect(r.stderr, where).not.toContain('hit a bug');
      expect(`${r.stdout}${r.stderr}`, where).not.toMatch(STACK);
      if (c.outcome.ok) {
        expect(r.exitCode, where).toBe(0);
        expect(r.stdout, where).toContain('is valid');
        return;
      }
      expect(r.exitCode, `${where}\n${r.stderr}`).toBe(2);
      expect(r.stderr, where).toContain('The scenario is not valid:');
      const first = c.outcome.error.problems[0]!;
      expect(r.stderr, where).toContain(`:${first.line}:${first.column}: ${first.message}`);
      expect(r.stderr, where).toContain('Fix the lines above, then run the command again.');
    });
    count.cli += cases.length;
    count.cliRefused += cases.filter((c) => !c.outcome.ok).length;
  });
});

function validate(dir: string) {
  return execa(process.execPath, [cliPath, 'validate', dir], { reject: false, cwd: dir, env: { PATH: '/usr/bin:/bin', HOME: dir, NO_COLOR: '1', CI: 'true' }, extendEnv: false, timeout: 30_000 });
}
