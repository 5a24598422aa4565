// Hints in tiers, the solution after them, and skip: what each gives, and what it records.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { diffLines } from '../../engine/diff.js';
import type { LabEvent } from '../../engine/events.js';
import { emptyExercise } from './record.js';
import type { ExerciseRecord } from '../../engine/learner-progress.js';
import type { Scenario } from '../../scenario/load.js';

type HintEvent = Extract<LabEvent, { type: 'hint' }>;
type SolutionEvent = Extract<LabEvent, { type: 'solution' }>;

/** The next hint: one tier further each time, the last one again once all are shown. */
export function nextHint(scenario: Scenario, record: ExerciseRecord | undefined): { event: HintEvent; record: ExerciseRecord } {
  const hints = scenario.exercise!.hints;
  const base = record ?? emptyExercise(Date.now());
  const tier = Math.min(base.hintsShown + 1, hints.length);
  return {
    event: { type: 'hint', scenario: scenario.id, tier, of: hints.length, text: hints[tier - 1]! },
    record: { ...base, hintsShown: Math.max(base.hintsShown, tier) },
  };
}

/** How many hints are still unread before the solution. */
export function hintsLeft(scenario: Scenario, record: ExerciseRecord | undefined): number {
  return scenario.exercise!.hints.length - (record?.hintsShown ?? 0);
}

/** The reference fix: its files, and the diff from the broken manifest to it. */
export function solutionEvent(scenario: Scenario): SolutionEvent {
  const ex = scenario.exercise!;
  const files = ex.solution.map((key) => ({ name: basename(scenario.manifestPaths[key]!), text: readFileSync(scenario.manifestPaths[key]!, 'utf8') }));
  const from = ex.break[0] ?? 'issue';
  const to = ex.solution[0]!;
  const diff = scenario.manifestPaths[from] && from !== to
    ? { from: basename(scenario.manifestPaths[from]), to: basename(scenario.manifestPaths[to]!), lines: diffLines(readFileSync(scenario.manifestPaths[from], 'utf8'), readFileSync(scenario.manifestPaths[to]!, 'utf8')) }
    : undefined;
  return { type: 'solution', scenario: scenario.id, files, diff };
}
