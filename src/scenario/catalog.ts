// Finds scenarios: an id under scenarios/, or a path to a scenario folder.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { keptScenario } from './loaded-cache.js';
import { loadScenario, type Scenario } from './load.js';
import { scenarioIds, scenarioSummaries } from './listing.js';
import { scenariosDir } from './paths.js';

export { scenarioIds, scenarioLine } from './listing.js';

export function resolveScenario(ref: string): Scenario {
  const looksLikePath = ref.includes('/') || ref.startsWith('.');
  if (looksLikePath) {
    const dir = resolve(ref);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(`No scenario folder at ${ref}.`, 'Give a folder that holds a scenario.yaml, or an id from kubelab list.');
    }
    return loadScenario(dir);
  }
  const ids = scenarioIds();
  if (!ids.includes(ref)) {
    throw new UsageError(`There is no scenario called "${ref}".`, `Known scenarios: ${ids.join(', ')}. Run kubelab list to see them.`);
  }
  return shipped(ref);
}

/** A shipped scenario: as the build kept it while its files are unchanged, else loaded from them. */
function shipped(id: string): Scenario {
  const dir = join(scenariosDir(), id);
  return keptScenario(dir, id) ?? loadScenario(dir);
}

/** Every shipped scenario, the ones played end to end first. */
export function allScenarios(): Scenario[] {
  const all = scenarioIds().map(shipped);
  return [...all.filter((s) => !s.preview), ...all.filter((s) => s.preview)];
}

/** The kubectl calls that take the node-changing labs' marks off the node (a taint, a label), each lab's in its order; from their summaries. */
export async function nodeUndoCalls(): Promise<{ id: string; calls: string[][] }[]> {
  return (await scenarioSummaries()).flatMap((s) => (s.nodeUndo ? [{ id: s.id, calls: s.nodeUndo }] : []));
}
