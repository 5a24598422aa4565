// The scenario summaries as the build last validated them (dist/scenario-index.json, written by
// npm run build), so kubelab list and the menu need not parse and validate every scenario. An entry
// counts only while the files its scenario was loaded from, and the loader itself, are unchanged.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from './paths.js';
import type { ScenarioSummary } from './summary.js';

export interface Source {
  folder: string;
  name: string;
  /** A file whose absence the load depended on. */
  absent?: true;
}

/** A file as it was read: its size and time (a quick test), and its content's digest (the sure one). */
export interface Stamped extends Source {
  size?: number;
  mtimeMs?: number;
  sha256?: string;
}

export interface IndexEntry {
  summary: ScenarioSummary;
  /** The files loadScenario read, their folders relative to the package root. */
  sources: Stamped[];
}

export interface IndexFile {
  /** The compiled scenario loader the entries were loaded with (this module's folder). */
  loader: Stamped[];
  entries: Record<string, IndexEntry>;
}

/** Beside the compiled modules: dist/scenario-index.json. Run from the sources, there is none. */
export const INDEX = fileURLToPath(new URL('../scenario-index.json', import.meta.url));
export const loaderDir = () => fileURLToPath(new URL('.', import.meta.url));
export const loaderFiles = () => readdirSync(loaderDir()).filter((n) => n.endsWith('.js')).sort();

// The root ends with a separator: relative folders are joined to it without path.resolve (slow on its first calls).
export const fromRoot = (stamps: Stamped[]) => stamps.map((s) => ({ ...s, folder: isAbsolute(s.folder) ? s.folder : `${packageRoot()}${s.folder}` }));

const parsed = new Map<string, IndexFile | null>();
/** The index file as the build wrote it, read once per process; null when it is missing, unreadable, or was written for other loader files. */
export function indexFile(file: string): IndexFile | null {
  if (!parsed.has(file)) {
    let index: IndexFile | null;
    try {
      index = JSON.parse(readFileSync(file, 'utf8')) as IndexFile;
      if (index.loader.map((s) => s.name).join('\n') !== loaderFiles().join('\n')) index = null;
    } catch {
      index = null;
    }
    parsed.set(file, index);
  }
  return parsed.get(file)!;
}

/** The index's entry for the scenario in `dir`, and the files it was read from (their folders absolute). */
export function entryFor(index: IndexFile | null | undefined, dir: string, id: string): { entry: IndexEntry; sources: Stamped[] } | undefined {
  const entry = index?.entries[id];
  if (!entry) return undefined;
  const sources = fromRoot(entry.sources);
  return sources[0]?.folder === dir ? { entry, sources } : undefined;
}

const trusted = new Map<string, Promise<IndexFile | null>>();
function readIndex(file: string): Promise<IndexFile | null> {
  if (!trusted.has(file)) trusted.set(file, trustedIndex(file));
  return trusted.get(file)!;
}

async function trustedIndex(file: string): Promise<IndexFile | null> {
  const index = indexFile(file);
  return index && (await unchanged(fromRoot(index.loader))) ? index : null;
}

/** The kept summary of the scenario in `dir`, if its files are as they were when the build loaded it. */
export async function indexedSummary(dir: string, id: string, file = INDEX): Promise<ScenarioSummary | undefined> {
  const found = entryFor(await readIndex(file), dir, id);
  return found && (await unchanged(found.sources)) ? found.entry.summary : undefined;
}

/** A file's text read the way loadScenario reads it, and its digest; loaded only when a file's size or time changed, which most runs never see. */
export async function digestOf(folder: string, name: string): Promise<string | undefined> {
  return (await import('./files.js')).digestInside(folder, name);
}

/** Whether a stamped file is as it was by its size and time: true, false, or undefined when only its content can tell. */
export function stampHolds(s: Stamped): boolean | undefined {
  // Folders are absolute and names relative inside them (loadScenario refuses others): path.join is not needed, and is slow on its first calls.
  const path = `${s.folder}${sep}${s.name}`;
  if (s.absent) return !existsSync(path);
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return false;
  return stat.size === s.size && stat.mtimeMs === s.mtimeMs ? true : undefined;
}

/** True while every stamped file is as it was: the same size and time, or else the same content read the same way. */
export async function unchanged(stamps: Stamped[]): Promise<boolean> {
  for (const s of stamps) {
    const holds = stampHolds(s);
    if (holds === false) return false;
    if (holds === undefined && (await digestOf(s.folder, s.name)) !== s.sha256) return false;
  }
  return true;
}
