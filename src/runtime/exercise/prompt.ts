// kubelab's prompt during an exercise: kubectl (reads and the writes a fix needs, no shell, only
// the lab), and the exercise's own words: hint, solution, skip, check, quit.
import { parseKubectlLine } from '../../engine/command-line.js';
import type { ProgressStore } from '../../progress/store.js';
import type { LabContext } from '../context.js';
import type { LiveGrader } from './grader.js';
import { hintsLeft, nextHint, solutionEvent } from './help.js';
import { readExercise, updateExercise } from './record.js';
import { PROMPT_HELP } from './prompt-help.js';
import { applySolution } from './skip.js';

export type PromptEnd = 'skipped' | 'stopped';


export interface PromptOptions {
  ctx: LabContext;
  store: ProgressStore;
  workdir: string;
  grader: LiveGrader;
  signal: AbortSignal;
}

export async function promptLoop(options: PromptOptions): Promise<PromptEnd> {
  const { ctx, store, signal } = options;
  const id = ctx.scenario.id;
  const read = ctx.learner.exerciseLine;
  if (!read) return new Promise<PromptEnd>(() => undefined);
  for (;;) {
    const line = await read.call(ctx.learner, signal);
    if (signal.aborted) return 'stopped';
    if (line === undefined) {
      // The input ended (a pipe, a script): the learner may work elsewhere, so grading goes on.
      ctx.emit({ type: 'notice', level: 'info', text: `No more input here; kubelab keeps grading until the fix holds. Ctrl+C stops it; kubelab check ${id} grades from anywhere.` });
      return new Promise<PromptEnd>(() => undefined);
    }
    const word = line.trim();
    if (word === '') continue;
    if (['q', 'quit', 'exit'].includes(word)) return 'stopped';
    if (['?', 'help'].includes(word)) {
      ctx.emit({ type: 'notice', level: 'info', text: PROMPT_HELP });
    } else if (['h', 'hint'].includes(word)) {
      const { event, record } = nextHint(ctx.scenario, readExercise(store, id));
      updateExercise(store, id, () => record);
      ctx.emit(event);
    } else if (word === 'solution') {
      const left = hintsLeft(ctx.scenario, readExercise(store, id));
      if (left > 0 && !(await confirm(ctx, `The solution comes after the hints, and ${left} hint(s) are left (h). Show the solution anyway?`))) continue;
      updateExercise(store, id, (r) => ({ ...r, solutionSeen: true }));
      ctx.emit(solutionEvent(ctx.scenario));
    } else if (word === 'skip') {
      if (!(await confirm(ctx, 'Skip: kubelab applies the fix for you and the exercise counts as skipped. Go ahead?'))) continue;
      await applySolution(ctx);
      return 'skipped';
    } else if (word === 'check') {
      const items = options.grader.current();
      for (const item of items) ctx.emit({ type: 'check', step: 'exercise', check: item.name, ok: item.ok, message: item.message, note: item.ok ? undefined : item.note, lookAt: item.ok ? undefined : item.lookAt });
    } else {
      const parsed = parseKubectlLine(word, { write: true, namespace: ctx.settings.mode === 'existing' ? ctx.settings.namespace : undefined });
      if (!parsed.ok) {
        ctx.emit({ type: 'rejected', line: word, message: word.startsWith('kubectl') ? parsed.message : `${parsed.message} Or: ${PROMPT_HELP}` });
        continue;
      }
      const result = await ctx.kubectl.learner(parsed.argv, options.workdir);
      ctx.emit({ type: 'kubectl', by: ctx.learner.by, argv: ['kubectl', ...parsed.argv], exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr });
    }
  }
}

async function confirm(ctx: LabContext, question: string): Promise<boolean> {
  return ctx.learner.confirm ? ctx.learner.confirm(question, false) : true;
}
