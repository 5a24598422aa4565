// The shipped scenarios as lists show them, without parsing and validating each one when the build's
// index still holds it (see summary-index.ts); a scenario that changed since is loaded in full, so
// a broken one is reported exactly as loading it reports it.
import { existsSync, readdirSync } from 'node:fs';
import { sep } from 'node:path';
import { scenariosDir } from './paths.js';
import { indexedSummary } from './summary-index.js';
import type { ScenarioSummary } from './summary.js';

/** The shipped scenarios' ids: the folders under scenarios/ that hold a scenario.yaml. */
export function scenarioIds(): string[] {
  const dir = scenariosDir();
  return readdirSync(dir)
    .filter((name) => existsSync(`${dir}${name}${sep}scenario.yaml`))
    .sort();
}

// scenariosDir() ends with a separator: the folders are made without path.join, which is slow on its first calls.
const folderOf = (id: string) => `${scenariosDir()}${id}`;

/** Every shipped scenario's summary, the ones played end to end first. */
export async function scenarioSummaries(): Promise<ScenarioSummary[]> {
  const all: ScenarioSummary[] = [];
  for (const id of scenarioIds()) {
    const dir = folderOf(id);
    all.push((await indexedSummary(dir, id)) ?? (await loadedSummary(dir)));
  }
  return [...all.filter((s) => !s.preview), ...all.filter((s) => s.preview)];
}

/** One scenario's summary: from the index when it holds it, else from a full load. */
export async function scenarioSummary(id: string): Promise<ScenarioSummary | undefined> {
  if (!scenarioIds().includes(id)) return undefined;
  const dir = folderOf(id);
  return (await indexedSummary(dir, id)) ?? loadedSummary(dir);
}

/** A full load's summary: the parser and the schema are loaded only when it comes to that. */
async function loadedSummary(dir: string): Promise<ScenarioSummary> {
  const [{ loadScenario }, { summaryOf }] = await Promise.all([import('./load.js'), import('./summary.js')]);
  return summaryOf(loadScenario(dir));
}

export function scenarioLine(s: { id: string; title: string; preview: boolean }): string {
  return `${s.id.padEnd(26)}${s.title}${s.preview ? '  (preview)' : ''}`;
}
