// What a list of scenarios shows (kubelab list, progress, the menu) and the files a scenario's load
// reads, stamped, so a summary kept from an earlier load is trusted only while they are unchanged.
import { existsSync, lstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readInside } from './files.js';
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

// Loaded only when a file's size or time changed: most runs never need it.
const sha256 = (text: string): string => (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(text).digest('hex');

/** Stamps each source as loadScenario would read it; undefined when one can't be read that way. */
export function stampSources(sources: Source[]): Stamped[] | undefined {
  const stamped: Stamped[] = [];
  for (const source of sources) {
    if (source.absent) {
      if (existsSync(join(source.folder, source.name))) return undefined;
      stamped.push(source);
      continue;
    }
    const read = readInside(source.folder, source.name, 'file');
    if (!read.ok) return undefined;
    const stat = lstatSync(join(source.folder, source.name));
    stamped.push({ ...source, size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(read.text) });
  }
  return stamped;
}

/** True while every stamped file is as it was: the same size and time, or else the same content read the same way. */
export function unchanged(stamps: Stamped[]): boolean {
  return stamps.every((s) => {
    const path = join(s.folder, s.name);
    if (s.absent) return !existsSync(path);
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return false;
    }
    if (stat.size === s.size && stat.mtimeMs === s.mtimeMs) return true;
    const read = readInside(s.folder, s.name, 'file');
    return read.ok && sha256(read.text) === s.sha256;
  });
}
