// Loads a scenario folder: scenario.yaml validated against the schema, every reference resolved,
// every problem reported with its file, line and column.
import { existsSync, lstatSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from '../vendor/yaml.js';
import type { z } from '../vendor/zod.js';
import { ScenarioError, type ScenarioProblem } from '../errors.js';
import { readInside } from './files.js';
import { parseLesson, type LessonSection } from './lesson.js';
import { checkReferences, manifestObjects, type ManifestObject } from './references.js';
import { positionOf, type Path } from './positions.js';
import { scenarioSchema, type ScenarioSpec } from './schema.js';
import { lessonsDir } from './paths.js';
import { lineColumn, toJS, tooDeep, yamlMessage } from './yaml-data.js';

export interface Scenario extends ScenarioSpec {
  dir: string;
  manifestPaths: Record<string, string>;
  /** The objects each manifest makes (kind and name as the file has them). */
  manifestObjects: Record<string, ManifestObject[]>;
  lessonSections: Map<string, LessonSection>;
}

export function loadScenario(dir: string): Scenario {
  const file = join(dir, 'scenario.yaml');
  if (!existsSync(file)) {
    throw new ScenarioError([{ file: shown(file), line: 1, column: 1, message: 'scenario.yaml not found in this folder' }]);
  }
  const read = readInside(dir, 'scenario.yaml', 'the scenario file');
  if (!read.ok) throw new ScenarioError([{ file: shown(file), line: 1, column: 1, message: read.message }]);
  const source = read.text;
  const counter = new LineCounter();
  const deep = tooDeep(source);
  if (deep) {
    const pos = lineColumn(source, deep.offset);
    throw new ScenarioError([{ file: shown(file), ...pos, message: `YAML: ${deep.message}` }]);
  }
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: true });
  const at = (path: Path, message: string, key?: string): ScenarioProblem => ({ file: shown(file), ...positionOf(doc, counter, path, key), message });

  if (doc.errors.length > 0) {
    throw new ScenarioError(doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      return { file: shown(file), line: pos.line, column: pos.col, message: `YAML syntax: ${yamlMessage(e.message)}` };
    }));
  }
  const value = toJS(doc);
  if (!value.ok) {
    const pos = counter.linePos(value.offset);
    throw new ScenarioError([{ file: shown(file), line: pos.line, column: pos.col, message: value.message }]);
  }
  const parsed = scenarioSchema.safeParse(value.js);
  if (!parsed.success) throw new ScenarioError(parsed.error.issues.flatMap((issue) => describeIssue(issue, at)));

  const spec = parsed.data;
  const problems: ScenarioProblem[] = [];
  const manifests = new Map<string, string>();
  for (const [key, name] of Object.entries(spec.manifests)) {
    const m = readInside(dir, name, 'manifest');
    if (m.ok) manifests.set(key, m.text);
    else problems.push(at(['manifests', key], m.message));
  }
  const found = manifestObjects(spec, manifests, at);
  problems.push(...found.problems, ...checkReferences(spec, found.objects, at));
  const lessonSections = loadLessonSections(spec, dir, at, problems);
  if (problems.length > 0) throw new ScenarioError(problems);

  const manifestPaths = Object.fromEntries(Object.entries(spec.manifests).map(([key, name]) => [key, join(dir, name)]));
  return { ...spec, dir: resolve(dir), manifestPaths, manifestObjects: Object.fromEntries(found.objects), lessonSections };
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

/** The lesson file: beside scenario.yaml (a scenario of your own), else in kubelab's lessons/. */
function loadLessonSections(spec: ScenarioSpec, dir: string, at: At, problems: ScenarioProblem[]): Map<string, LessonSection> {
  const referenced = spec.steps.map((s, i) => [s.lesson, i] as const).filter((e): e is readonly [string, number] => e[0] !== undefined);
  if (spec.lesson === undefined) {
    for (const [, i] of referenced) problems.push(at(['steps', i, 'lesson'], 'the step names a lesson section but the scenario has no lesson file'));
    return new Map();
  }
  // Anything of that name beside scenario.yaml is the scenario's own, a broken or circular link included.
  const read = beside(dir, spec.lesson) ? readInside(dir, spec.lesson, 'lesson file') : readInside(lessonsDir(), spec.lesson, 'lesson file');
  if (!read.ok) {
    problems.push(at(['lesson'], read.ok === false && read.message.endsWith('does not exist') ? `lesson file ${spec.lesson} does not exist beside scenario.yaml or in kubelab's lessons/` : read.message));
    return new Map();
  }
  const sections = parseLesson(read.text);
  for (const [id, i] of referenced) {
    if (!sections.has(id)) problems.push(at(['steps', i, 'lesson'], `lessons/${spec.lesson} has no section {#${id}}`));
  }
  return sections;
}

function beside(dir: string, name: string): boolean {
  try {
    lstatSync(join(dir, name));
    return true;
  } catch {
    return false;
  }
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
