// The scenario summaries as the build last validated them (dist/scenario-index.json, written by
// npm run build), so kubelab list and the menu need not parse and validate every scenario. An entry
// counts only while the files its scenario was loaded from, and the loader itself, are unchanged.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './paths.js';
import { scenarioSources, stampSources, summaryOf, unchanged, type ScenarioSummary, type Stamped, type Summarized } from './summary.js';

interface IndexEntry {
  summary: ScenarioSummary;
  /** The files loadScenario read, their folders relative to the package root. */
  sources: Stamped[];
}

interface IndexFile {
  /** The compiled scenario loader the entries were loaded with (this module's folder). */
  loader: Stamped[];
  entries: Record<string, IndexEntry>;
}

/** Beside the compiled modules: dist/scenario-index.json. Run from the sources, there is none. */
const INDEX = fileURLToPath(new URL('../scenario-index.json', import.meta.url));
const loaderDir = () => fileURLToPath(new URL('.', import.meta.url));
const loaderFiles = () => readdirSync(loaderDir()).filter((n) => n.endsWith('.js')).sort();

// The root ends with a separator: relative folders are joined to it without path.resolve (slow on its first calls).
const fromRoot = (stamps: Stamped[]) => stamps.map((s) => ({ ...s, folder: isAbsolute(s.folder) ? s.folder : `${packageRoot()}${s.folder}` }));

const cache = new Map<string, Promise<IndexFile | null>>();
function readIndex(file: string): Promise<IndexFile | null> {
  if (!cache.has(file)) cache.set(file, trustedIndex(file));
  return cache.get(file)!;
}

async function trustedIndex(file: string): Promise<IndexFile | null> {
  let index: IndexFile;
  try {
    index = JSON.parse(readFileSync(file, 'utf8')) as IndexFile;
  } catch {
    return null;
  }
  const sameLoader = index.loader.map((s) => s.name).join('\n') === loaderFiles().join('\n') && (await unchanged(fromRoot(index.loader)));
  return sameLoader ? index : null;
}

/** The kept summary of the scenario in `dir`, if its files are as they were when the build loaded it. */
export async function indexedSummary(dir: string, id: string, file = INDEX): Promise<ScenarioSummary | undefined> {
  const entry = (await readIndex(file))?.entries[id];
  if (!entry) return undefined;
  const sources = fromRoot(entry.sources);
  if (sources[0]?.folder !== dir) return undefined;
  return (await unchanged(sources)) ? entry.summary : undefined;
}

/** Writes the index from scenarios that loaded without a problem (npm run build). */
export async function writeSummaryIndex(scenarios: (Summarized & { dir: string })[], file = INDEX): Promise<string> {
  const root = packageRoot();
  // Inside the package, relative to it (the index moves with the package); elsewhere (tests), as is.
  const toRoot = (stamps: Stamped[]) => stamps.map((s) => {
    const inside = relative(root, s.folder);
    return { ...s, folder: inside.startsWith('..') || isAbsolute(inside) ? s.folder : inside };
  });
  const entries: Record<string, IndexEntry> = {};
  for (const s of scenarios) {
    const sources = await stampSources(scenarioSources(s.dir, s));
    if (sources) entries[s.id] = { summary: summaryOf(s), sources: toRoot(sources) };
  }
  const loader = await stampSources(loaderFiles().map((name) => ({ folder: loaderDir(), name })));
  if (!loader) throw new Error('the scenario loader could not be read');
  writeFileSync(file, `${JSON.stringify({ loader: toRoot(loader), entries } satisfies IndexFile)}\n`);
  cache.delete(file);
  return file;
}
