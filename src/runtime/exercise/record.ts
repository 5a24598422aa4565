// Updates to the persisted exercise record, in one place for exercise, check, hint, solution and skip.
import { exerciseScore, withScenario, type ExerciseRecord } from '../../engine/learner-progress.js';
import type { ProgressStore } from '../../progress/store.js';

export const emptyExercise = (now: number): ExerciseRecord => ({ status: 'open', attempts: 0, hintsShown: 0, solutionSeen: false, startedAt: now, seconds: 0, updatedAt: now });

export function readExercise(store: ProgressStore, id: string): ExerciseRecord | undefined {
  return store.read().scenarios[id]?.exercise;
}

/** Applies a change to the scenario's exercise record (creating it) and keeps its score current. */
export function updateExercise(store: ProgressStore, id: string, change: (record: ExerciseRecord) => ExerciseRecord): ExerciseRecord {
  let out: ExerciseRecord | undefined;
  store.update((all) => withScenario(all, id, (r) => {
    const next = change(r.exercise ?? emptyExercise(Date.now()));
    out = { ...next, updatedAt: Date.now(), score: exerciseScore(next) };
    return { ...r, exercise: out };
  }));
  return out!;
}
