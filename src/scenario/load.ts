// Loads a scenario folder: scenario.yaml validated against the schema, every reference resolved,
// every problem reported with its file, line and column.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ScenarioError, type ScenarioProblem } from '../errors.js';
import { parseLesson, type LessonSection } from './lesson.js';
import { positionOf, type Path } from './positions.js';
import { scenarioSchema, type ScenarioSpec } from './schema.js';
import { lessonsDir } from './paths.js';

export interface Scenario extends ScenarioSpec {
  dir: string;
  manifestPaths: Record<string, string>;
  lessonSections: Map<string, LessonSection>;
}

export function loadScenario(dir: string): Scenario {
  const file = join(dir, 'scenario.yaml');
  if (!existsSync(file)) {
    throw new ScenarioError([{ file: shown(file), line: 1, column: 1, message: 'scenario.yaml not found in this folder' }]);
  }
  const source = readFileSync(file, 'utf8');
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: true });
  const at = (path: Path, message: string, key?: string): ScenarioProblem => ({ file: shown(file), ...positionOf(doc, counter, path, key), message });

  if (doc.errors.length > 0) {
    throw new ScenarioError(doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      return { file: shown(file), line: pos.line, column: pos.col, message: `YAML syntax: ${e.message.split('\n')[0]}` };
    }));
  }
  const parsed = scenarioSchema.safeParse(doc.toJS());
  if (!parsed.success) throw new ScenarioError(parsed.error.issues.flatMap((issue) => describeIssue(issue, at)));

  const spec = parsed.data;
  const problems = checkReferences(spec, dir, at);
  const lessonSections = loadLessonSections(spec, at, problems);
  if (problems.length > 0) throw new ScenarioError(problems);

  const manifestPaths = Object.fromEntries(Object.entries(spec.manifests).map(([key, name]) => [key, join(dir, name)]));
  return { ...spec, dir: resolve(dir), manifestPaths, lessonSections };
}

type At = (path: Path, message: string, key?: string) => ScenarioProblem;

function describeIssue(issue: z.core.$ZodIssue, at: At): ScenarioProblem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => at(path, `unknown field "${key}"`, key));
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return [at(path, `${issue.discriminator} must be one of the known values (${issue.message})`)];
  }
  const where = path.length > 0 ? `${path.join('.')}: ` : '';
  return [at(path, `${where}${issue.message}`)];
}

function checkReferences(spec: ScenarioSpec, dir: string, at: At): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const podNames = new Map<string, Set<string>>();
  for (const [key, name] of Object.entries(spec.manifests)) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      problems.push(at(['manifests', key], `manifest file ${name} does not exist beside scenario.yaml`));
      continue;
    }
    const docs = parseAllDocuments(readFileSync(path, 'utf8'));
    const names = new Set<string>();
    for (const d of Array.isArray(docs) ? docs : []) {
      if (d.errors.length > 0) problems.push(at(['manifests', key], `${name} is not valid YAML: ${d.errors[0]?.message.split('\n')[0]}`));
      const obj = d.toJS() as { kind?: string; metadata?: { name?: string } } | null;
      if (obj?.kind === 'Pod' && obj.metadata?.name) names.add(obj.metadata.name);
    }
    podNames.set(key, names);
  }
  const manifest = (path: Path, key: string) => {
    if (!(key in spec.manifests)) problems.push(at(path, `no manifest named "${key}" (known: ${Object.keys(spec.manifests).join(', ')})`));
  };
  const target = (path: Path, key: string) => {
    if (!(key in spec.targets)) problems.push(at(path, `no target named "${key}" (known: ${Object.keys(spec.targets).join(', ')})`));
  };
  for (const [key, t] of Object.entries(spec.targets)) {
    if (t.manifest === undefined) continue;
    manifest(['targets', key, 'manifest'], t.manifest);
    const names = podNames.get(t.manifest);
    if (names && !names.has(t.name)) {
      problems.push(at(['targets', key, 'name'], `pod "${t.name}" is not in ${spec.manifests[t.manifest]} (it has: ${[...names].join(', ') || 'no pods'})`));
    }
  }
  const seen = new Set<string>();
  spec.steps.forEach((step, i) => {
    if (seen.has(step.id)) problems.push(at(['steps', i, 'id'], `step id "${step.id}" is used twice`));
    seen.add(step.id);
    if ('manifest' in step) manifest(['steps', i, 'manifest'], step.manifest);
    if ('target' in step) target(['steps', i, 'target'], step.target);
    if (step.kind === 'diff') {
      manifest(['steps', i, 'from'], step.from);
      manifest(['steps', i, 'to'], step.to);
    }
  });
  spec.cleanup.forEach((c, i) => manifest(['cleanup', i, 'manifest'], c.manifest));
  return problems;
}

function loadLessonSections(spec: ScenarioSpec, at: At, problems: ScenarioProblem[]): Map<string, LessonSection> {
  const referenced = spec.steps.map((s, i) => [s.lesson, i] as const).filter((e): e is readonly [string, number] => e[0] !== undefined);
  if (spec.lesson === undefined) {
    for (const [, i] of referenced) problems.push(at(['steps', i, 'lesson'], 'the step names a lesson section but the scenario has no lesson file'));
    return new Map();
  }
  const path = join(lessonsDir(), spec.lesson);
  if (!existsSync(path)) {
    problems.push(at(['lesson'], `lesson file lessons/${spec.lesson} does not exist`));
    return new Map();
  }
  const sections = parseLesson(readFileSync(path, 'utf8'));
  for (const [id, i] of referenced) {
    if (!sections.has(id)) problems.push(at(['steps', i, 'lesson'], `lessons/${spec.lesson} has no section {#${id}}`));
  }
  return sections;
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
