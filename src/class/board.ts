// The instructor's board, from what the watches saw: each learner's progress (their ConfigMap) and,
// graded with the instructor's credentials, the pods in their namespace. Pure.
import { parseDuration } from '../engine/durations.js';
import { gradeExercise, heldFor } from '../engine/exercise.js';
import type { PodFacts } from '../engine/facts.js';
import type { LearnerProgress, ScenarioRecord } from '../engine/learner-progress.js';
import type { Scenario } from '../scenario/load.js';

export type LearnerStatus = 'not started' | 'in progress' | 'stuck' | 'done' | 'fixed' | 'skipped';

export interface LearnerRow {
  learner: string;
  namespace: string;
  scenario?: string;
  mode?: 'lesson' | 'exercise';
  stepsDone: number;
  stepsTotal: number;
  currentStep?: string;
  status: LearnerStatus;
  hints: number;
  /** The exercise's criteria graded now; `held`: the workload has run for the stable window with no restart. */
  criteria?: { ok: number; total: number; held: boolean };
  /** Minutes since the learner last made progress. */
  idleMinutes?: number;
}

export interface LearnerInput {
  learner: string;
  namespace: string;
  progress?: LearnerProgress;
  pods: PodFacts[];
}

/** The scenario the learner touched last, and how far they got with it. */
function latest(progress: LearnerProgress | undefined): { id: string; record: ScenarioRecord; at: number } | undefined {
  let best: { id: string; record: ScenarioRecord; at: number } | undefined;
  for (const [id, record] of Object.entries(progress?.scenarios ?? {})) {
    const at = Math.max(record.lesson?.updatedAt ?? 0, record.exercise?.updatedAt ?? 0);
    if (!best || at > best.at) best = { id, record, at };
  }
  return best;
}

export function boardRow(input: LearnerInput, scenarios: Map<string, Scenario>, now: number, stuckMinutes: number, focus?: string): LearnerRow {
  const last = latest(input.progress);
  const id = focus ?? last?.id;
  const scenario = id ? scenarios.get(id) : undefined;
  const base = { learner: input.learner, namespace: input.namespace, scenario: id, stepsDone: 0, stepsTotal: scenario?.steps.length ?? 0, hints: 0 };
  const record = id ? input.progress?.scenarios[id] : undefined;
  const criteria = scenario?.exercise ? gradeExercise(scenario.exercise, { pods: input.pods, targets: new Map(), exec: new Map() }) : undefined;
  const graded = criteria && { ok: criteria.filter((c) => c.ok).length, total: criteria.length, held: heldFor(scenario!.exercise!.workload, input.pods, parseDuration(scenario!.exercise!.stableFor), now) };
  const idleMinutes = last ? (now - last.at) / 60_000 : undefined;
  const hints = (record?.lesson?.run.hintsUsed ?? 0) + (record?.exercise?.hintsShown ?? 0);
  // No record of theirs (a learner who fixed it with kubectl alone, or ran kubelab unattended): their
  // steps are unknown, not zero.
  if (!record) return { ...base, stepsTotal: 0, status: graded && allHeld(graded) ? 'done' : 'not started', criteria: graded };
  const exerciseNewer = (record.exercise?.updatedAt ?? 0) >= (record.lesson?.updatedAt ?? 0);
  if (record.exercise && exerciseNewer) {
    const e = record.exercise;
    const status: LearnerStatus = e.status === 'fixed' ? 'fixed' : e.status === 'skipped' ? 'skipped' : (idleMinutes ?? 0) > stuckMinutes ? 'stuck' : 'in progress';
    return { ...base, mode: 'exercise', status, hints, criteria: graded, idleMinutes, stepsDone: graded?.ok ?? 0, stepsTotal: graded?.total ?? 0, currentStep: e.status === 'open' ? `${e.attempts} attempt(s)` : undefined };
  }
  const l = record.lesson!;
  const status: LearnerStatus = l.status === 'done' ? 'done' : (idleMinutes ?? 0) > stuckMinutes ? 'stuck' : 'in progress';
  // A finished lesson counts every step, whichever step its record last pointed at.
  return { ...base, mode: 'lesson', status, hints, criteria: graded, idleMinutes, stepsDone: l.status === 'done' ? base.stepsTotal : l.stepIndex, currentStep: l.status === 'done' ? undefined : scenario?.steps[l.stepIndex]?.title };
}

export function boardSummary(rows: LearnerRow[]): Record<LearnerStatus, number> {
  const counts: Record<LearnerStatus, number> = { 'not started': 0, 'in progress': 0, stuck: 0, done: 0, fixed: 0, skipped: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}

/** Every criterion holds now, and has for the stable window. */
const allHeld = (c: NonNullable<LearnerRow['criteria']>): boolean => c.total > 0 && c.ok === c.total && c.held;

/** Passed: the lesson done or the exercise fixed, or (graded by the instructor) every criterion holding for the stable window. */
export const passed = (row: LearnerRow): boolean => row.status === 'done' || row.status === 'fixed' || (row.criteria !== undefined && allHeld(row.criteria));
