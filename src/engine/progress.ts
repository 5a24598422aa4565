// Folds a run's events into its record: steps, answers, hints, checks. Pure; the summary reads it.
import type { LabEvent } from './events.js';

export interface AnswerRecord {
  step: string;
  given: string;
  correct: boolean;
  attempts: number;
  hints: number;
  revealed?: string;
}

export interface Progress {
  scenario?: string;
  startedAt?: number;
  steps: { id: string; title: string; ok?: boolean; reason?: string }[];
  answers: AnswerRecord[];
  checks: { passed: number; failed: number };
  hintsUsed: number;
}

export const emptyProgress = (): Progress => ({ steps: [], answers: [], checks: { passed: 0, failed: 0 }, hintsUsed: 0 });

export function record(progress: Progress, event: LabEvent): Progress {
  switch (event.type) {
    case 'run.start':
      return { ...emptyProgress(), scenario: event.scenario, startedAt: event.at };
    case 'step.start':
      return { ...progress, steps: [...progress.steps, { id: event.step, title: event.title }] };
    case 'step.done':
      return { ...progress, steps: progress.steps.map((s) => (s.id === event.step ? { ...s, ok: event.ok, reason: event.reason } : s)) };
    case 'check':
      return { ...progress, checks: event.ok ? { ...progress.checks, passed: progress.checks.passed + 1 } : { ...progress.checks, failed: progress.checks.failed + 1 } };
    case 'answer': {
      const hinted = event.hint ? 1 : 0;
      const others = progress.answers.filter((a) => a.step !== event.step);
      const before = progress.answers.find((a) => a.step === event.step);
      const next: AnswerRecord = {
        step: event.step,
        given: event.given,
        correct: event.correct,
        attempts: event.attempt,
        hints: (before?.hints ?? 0) + hinted,
        revealed: event.revealed,
      };
      return { ...progress, answers: [...others, next], hintsUsed: progress.hintsUsed + hinted };
    }
    default:
      return progress;
  }
}

/** Lines for the end of the lesson: what was done, answered and checked, and how long it took. */
export function summaryLines(progress: Progress, now: number): string[] {
  const done = progress.steps.filter((s) => s.ok === true).length;
  const firstTry = progress.answers.filter((a) => a.correct && a.attempts === 1).length;
  const minutes = progress.startedAt === undefined ? 0 : (now - progress.startedAt) / 60_000;
  const lines = [
    `Steps: ${done} of ${progress.steps.length} done`,
    `Questions: ${progress.answers.filter((a) => a.correct).length} of ${progress.answers.length} right (${firstTry} at the first try), ${progress.hintsUsed} hint(s) used`,
  ];
  for (const a of progress.answers) {
    lines.push(`  ${a.correct ? '✓' : '✗'} ${a.step}: ${a.correct ? a.given : `answer was ${a.revealed ?? '?'}`}${a.attempts > 1 ? ` (${a.attempts} tries)` : ''}`);
  }
  lines.push(`Checks on the cluster: ${progress.checks.passed} passed, ${progress.checks.failed} failed`);
  lines.push(`Time: ${minutes < 1 ? `${Math.round(minutes * 60)}s` : `${minutes.toFixed(1)} min`}`);
  return lines;
}
