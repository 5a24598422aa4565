// What a list of scenarios shows (kubelab list, progress, the menu), and which files a scenario's
// load reads (the build stamps them; summary-index.ts trusts a kept summary while they are unchanged).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lessonsDir } from './paths.js';
import type { Source } from './summary-index.js';

export interface ScenarioSummary {
  id: string;
  title: string;
  stepCount: number;
  minutes?: number;
  preview: boolean;
  exercise: boolean;
  scope: 'namespace' | 'cluster';
  /** A lab that changes the node: the kubectl calls that take its marks off again (run before other labs start). */
  nodeUndo?: string[][];
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
  cleanup: readonly ({ manifest: string } | { kubectl: string[] })[];
}

export function summaryOf(s: Summarized): ScenarioSummary {
  const undo = s.scope === 'cluster' ? s.cleanup.flatMap((c) => ('kubectl' in c ? [c.kubectl] : [])) : [];
  return { id: s.id, title: s.title, stepCount: s.steps.length, minutes: s.minutes, preview: s.preview, exercise: s.exercise !== undefined, scope: s.scope, ...(undo.length > 0 ? { nodeUndo: undo } : {}) };
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
