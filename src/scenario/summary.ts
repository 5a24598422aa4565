// What a list of scenarios shows (kubelab list, progress, the menu) and the files a scenario's load
// reads, stamped, so a summary kept from an earlier load is trusted only while they are unchanged.
import { existsSync, lstatSync } from 'node:fs';
import { join, sep } from 'node:path';
import { lessonsDir } from './paths.js';

export interface ScenarioSummary {
  id: string;
  title: string;
  stepCount: number;
  minutes?: number;
  preview: boolean;
  exercise: boolean;
  scope: 'namespace' | 'cluster';
}

/** The fields of a loaded scenario a summary needs (a Scenario has them all). */
export interface Summarized {
  id: string;
  title: string;
  steps: readonly unknown[];
  minutes?: number;
  preview: boolean;
  exercise?: unknown;
  scope: 'namespace' | 'cluster';
  manifests: Record<string, string>;
  lesson?: string;
}

export function summaryOf(s: Summarized): ScenarioSummary {
  return { id: s.id, title: s.title, stepCount: s.steps.length, minutes: s.minutes, preview: s.preview, exercise: s.exercise !== undefined, scope: s.scope };
}

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

/** The files loadScenario reads for this scenario; a lesson found in kubelab's lessons/ also depends on none being beside scenario.yaml. */
export function scenarioSources(dir: string, s: Pick<Summarized, 'manifests' | 'lesson'>): Source[] {
  const sources: Source[] = [{ folder: dir, name: 'scenario.yaml' }, ...Object.values(s.manifests).map((name) => ({ folder: dir, name }))];
  if (s.lesson !== undefined) {
    if (existsSync(join(dir, s.lesson))) sources.push({ folder: dir, name: s.lesson });
    else sources.push({ folder: dir, name: s.lesson, absent: true }, { folder: lessonsDir(), name: s.lesson });
  }
  return sources;
}

/** A file's text read the way loadScenario reads it, and its digest; loaded only when a file's size or time changed, which most runs never see. */
async function digestOf(folder: string, name: string): Promise<string | undefined> {
  const [{ readInside }, { createHash }] = await Promise.all([import('./files.js'), import('node:crypto')]);
  const read = readInside(folder, name, 'file');
  return read.ok ? createHash('sha256').update(read.text).digest('hex') : undefined;
}

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

/** True while every stamped file is as it was: the same size and time, or else the same content read the same way. */
export async function unchanged(stamps: Stamped[]): Promise<boolean> {
  for (const s of stamps) {
    // Folders are absolute and names relative inside them (loadScenario refuses others): path.join is not needed, and is slow on its first calls.
    const path = `${s.folder}${sep}${s.name}`;
    if (s.absent) {
      if (existsSync(path)) return false;
      continue;
    }
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return false;
    if (stat.size === s.size && stat.mtimeMs === s.mtimeMs) continue;
    if ((await digestOf(s.folder, s.name)) !== s.sha256) return false;
  }
  return true;
}
