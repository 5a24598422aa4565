// The shipped scenarios as the build loaded and validated them (dist/scenario-loaded/<id>.json,
// beside dist/scenario-index.json), so a lab starts without parsing YAML and running the schema: on
// these machines a first parse of one scenario.yaml and its validation took 100 ms or more. A kept
// scenario is used only while the index trusts it: the loader and every file the scenario was read
// from unchanged (the same size and time, or else the same content). Anything else loads in full.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { digestInside } from './files.js';
import type { LessonSection } from './lesson.js';
import type { Scenario } from './load.js';
import { entryFor, fromRoot, INDEX, indexFile, stampHolds, type Stamped } from './summary-index.js';

/** A scenario as JSON: its folder and manifest paths relative to that folder, the lesson's sections as pairs. */
export interface KeptScenario extends Omit<Scenario, 'dir' | 'manifestPaths' | 'lessonSections'> {
  manifestPaths: Record<string, string>;
  lessonSections: [string, LessonSection][];
}

export const LOADED_DIR = fileURLToPath(new URL('../scenario-loaded/', import.meta.url));

export function keptForm(s: Scenario): KeptScenario {
  const { dir, manifestPaths, lessonSections, ...rest } = s;
  return { ...rest, manifestPaths: Object.fromEntries(Object.entries(manifestPaths).map(([key, path]) => [key, relative(dir, path)])), lessonSections: [...lessonSections] };
}

/** Keeps each scenario the build loaded (npm run build, after the index): the folder is written afresh. */
export function writeKept(scenarios: Scenario[], folder = LOADED_DIR): void {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const s of scenarios) writeFileSync(`${folder}${s.id}.json`, `${JSON.stringify(keptForm(s))}\n`);
}

/** The scenario with id `id` in `dir`, as the build loaded it, if nothing it was loaded from has changed. */
export function keptScenario(dir: string, id: string, folder = LOADED_DIR, index = INDEX): Scenario | undefined {
  if (!trustedEntrySync(dir, id, index)) return undefined;
  let kept: KeptScenario;
  try {
    kept = JSON.parse(readFileSync(`${folder}${id}.json`, 'utf8')) as KeptScenario;
  } catch {
    return undefined;
  }
  if (kept.id !== id) return undefined;
  const { manifestPaths, lessonSections, ...rest } = kept;
  return {
    ...rest,
    dir,
    manifestPaths: Object.fromEntries(Object.entries(manifestPaths).map(([key, name]) => [key, join(dir, name)])),
    lessonSections: new Map(lessonSections),
  };
}

/** Whether the index's loader files are unchanged, decided once per process and index file. */
const loaderHolds = new Map<string, boolean>();

/** Whether the index holds `id` for `dir`, with the loader and every file it was read from unchanged. */
export function trustedEntrySync(dir: string, id: string, file = INDEX): boolean {
  const index = indexFile(file);
  if (!index) return false;
  if (!loaderHolds.has(file)) loaderHolds.set(file, unchangedSync(fromRoot(index.loader)));
  const found = loaderHolds.get(file) ? entryFor(index, dir, id) : undefined;
  return found !== undefined && unchangedSync(found.sources);
}

/** summary-index's unchanged(), without awaiting: the same size and time, or else the same content. */
export function unchangedSync(stamps: Stamped[]): boolean {
  return stamps.every((s) => stampHolds(s) ?? digestInside(s.folder, s.name) === s.sha256);
}
