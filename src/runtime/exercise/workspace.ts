// The learner's workspace: a copy of the broken manifests to edit with their own editor. Files
// the learner already changed are kept as they are; nothing of theirs is overwritten.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LabError } from '../../errors.js';
import type { Scenario } from '../../scenario/load.js';

export interface Workspace {
  dir: string;
  /** The files in the workspace, as names relative to it. */
  files: string[];
  /** Files that were there already, edited by the learner, and left alone. */
  kept: string[];
}

export function workspaceKeys(scenario: Scenario): string[] {
  const ex = scenario.exercise!;
  return ex.workspace ?? (ex.break.length > 0 ? ex.break : ['issue']);
}

export function prepareWorkspace(scenario: Scenario, dir: string): Workspace {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new LabError(`kubelab could not create the workspace ${dir}: ${(error as Error).message}`, 'Choose another folder with --workdir <dir>.');
  }
  const files: string[] = [];
  const kept: string[] = [];
  for (const key of workspaceKeys(scenario)) {
    const source = scenario.manifestPaths[key]!;
    const name = basename(source);
    const dest = join(dir, name);
    files.push(name);
    if (existsSync(dest)) {
      if (readFileSync(dest, 'utf8') !== readFileSync(source, 'utf8')) kept.push(name);
      continue;
    }
    copyFileSync(source, dest);
  }
  return { dir, files, kept };
}

/** Puts the original manifests back; the learner's edited copies are kept beside them as .bak files. */
export function restoreWorkspace(scenario: Scenario, dir: string, now = Date.now()): string[] {
  const backups: string[] = [];
  if (!existsSync(dir)) return backups;
  for (const key of workspaceKeys(scenario)) {
    const source = scenario.manifestPaths[key]!;
    const dest = join(dir, basename(source));
    if (existsSync(dest) && readFileSync(dest, 'utf8') !== readFileSync(source, 'utf8')) {
      const backup = `${dest}.${new Date(now).toISOString().replace(/[:.]/g, '-')}.bak`;
      renameSync(dest, backup);
      backups.push(backup);
    }
    copyFileSync(source, dest);
  }
  return backups;
}
