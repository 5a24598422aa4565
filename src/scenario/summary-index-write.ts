// Writes dist/scenario-index.json (npm run build): each scenario that loaded, summarized, with the
// files its load read, stamped, and the loader's own files; summary-index.ts reads it.
import { existsSync, lstatSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { packageRoot } from './paths.js';
import { digestOf, INDEX, loaderDir, loaderFiles, type IndexEntry, type IndexFile, type Source, type Stamped } from './summary-index.js';
import { scenarioSources, summaryOf, type Summarized } from './summary.js';

/** Stamps each source as loadScenario would read it; undefined when one can't be read that way. */
export async function stampSources(sources: Source[]): Promise<Stamped[] | undefined> {
  const stamped: Stamped[] = [];
  for (const source of sources) {
    if (source.absent) {
      if (existsSync(join(source.folder, source.name))) return undefined;
      stamped.push(source);
      continue;
    }
    const sha256 = await digestOf(source.folder, source.name);
    if (sha256 === undefined) return undefined;
    const stat = lstatSync(join(source.folder, source.name));
    stamped.push({ ...source, size: stat.size, mtimeMs: stat.mtimeMs, sha256 });
  }
  return stamped;
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
  return file;
}
