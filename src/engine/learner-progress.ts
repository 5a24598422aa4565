// A learner's record across sessions: per scenario, the lesson (where it stopped, answers, hints)
// and the exercise (attempts, hints, solution seen, outcome), with time and a score. Pure.
import type { Progress } from './progress.js';

export const PROGRESS_SCHEMA_VERSION = 1;

export interface LessonRecord {
  status: 'in-progress' | 'done';
  /** The index of the first step not yet done. */
  stepIndex: number;
  run: Progress;
  seconds: number;
  updatedAt: number;
  score?: number;
}

export interface ExerciseRecord {
  status: 'open' | 'fixed' | 'skipped';
  /** Fixes tried: new workload pods seen, and kubelab check runs. */
  attempts: number;
  hintsShown: number;
  solutionSeen: boolean;
  workdir?: string;
  startedAt: number;
  seconds: number;
  updatedAt: number;
  score?: number;
}

export interface ScenarioRecord {
  lesson?: LessonRecord;
  exercise?: ExerciseRecord;
}

export interface LearnerProgress {
  schemaVersion: number;
  scenarios: Record<string, ScenarioRecord>;
}

export const emptyLearnerProgress = (): LearnerProgress => ({ schemaVersion: PROGRESS_SCHEMA_VERSION, scenarios: {} });

/** A lesson's score out of 100: each question counts fully at the first try, half later, nothing revealed. */
export function lessonScore(run: Progress): number {
  if (run.answers.length === 0) return run.steps.every((s) => s.ok !== false) ? 100 : 0;
  const points = run.answers.reduce((sum, a) => sum + (a.correct ? (a.attempts === 1 ? 1 : 0.5) : 0), 0);
  return Math.round((100 * points) / run.answers.length);
}

/** An exercise's score out of 100: fixed alone is 100, each hint costs 10 (down to 50), seeing the solution caps it at 50, skipped is 0. */
export function exerciseScore(record: Pick<ExerciseRecord, 'status' | 'hintsShown' | 'solutionSeen'>): number | undefined {
  if (record.status === 'skipped') return 0;
  if (record.status !== 'fixed') return undefined;
  const afterHints = Math.max(50, 100 - 10 * record.hintsShown);
  return record.solutionSeen ? Math.min(50, afterHints) : afterHints;
}

export function withScenario(progress: LearnerProgress, id: string, update: (record: ScenarioRecord) => ScenarioRecord): LearnerProgress {
  return { ...progress, scenarios: { ...progress.scenarios, [id]: update(progress.scenarios[id] ?? {}) } };
}

/** One line per scenario for kubelab progress and the menu. */
export function progressLine(record: ScenarioRecord | undefined, totalSteps: number): string {
  if (!record) return 'not started';
  const parts: string[] = [];
  const l = record.lesson;
  if (l) parts.push(l.status === 'done' ? `lesson done (${l.score ?? 0}/100)` : `lesson at step ${l.stepIndex + 1} of ${totalSteps}`);
  const e = record.exercise;
  if (e) {
    const hints = e.hintsShown > 0 ? `, ${e.hintsShown} hint(s)` : '';
    parts.push(e.status === 'fixed' ? `exercise fixed (${e.score ?? 0}/100${hints})` : e.status === 'skipped' ? 'exercise skipped' : `exercise open, ${e.attempts} attempt(s)${hints}`);
  }
  return parts.length > 0 ? parts.join(' · ') : 'not started';
}
