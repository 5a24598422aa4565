// The plain reporter: readable lines for pipes, CI logs and screen readers, or JSON lines with --json.
import type { Emit, LabEvent } from '../engine/events.js';
import type { LessonSection } from '../scenario/lesson.js';
import { formatEvent } from './format.js';
import type { Paint } from './paint.js';
import { fitLines } from './wrap.js';

export function jsonReporter(write: (line: string) => void): Emit {
  return (event) => write(`${JSON.stringify(event)}\n`);
}

/** `width`: the terminal's columns, to break long lines between words; undefined for a pipe or a file. */
export function plainReporter(write: (line: string) => void, paint: Paint, lesson: Map<string, LessonSection>, showNotes: boolean, width?: number): Emit {
  let shownSection: string | undefined;
  // `kubelab check` grades an exercise as its criteria, then one check per criterion (for --json and
  // the reports): on these lines the criteria have said it already. (A learner's own `check` at the
  // exercise prompt is an answer, and always shown.)
  let checkRun = false;
  let criteriaShown = new Set<string>();
  return (event: LabEvent) => {
    if (event.type === 'run.start') checkRun = event.mode === 'check';
    if (event.type === 'criteria') criteriaShown = new Set(event.items.map((i) => i.message));
    else if (checkRun && event.type === 'check' && event.step === 'exercise' && criteriaShown.has(event.message)) return;
    const lines = formatEvent(event, paint, showNotes);
    if (event.type === 'step.start' && event.lesson && event.lesson !== shownSection) {
      const section = lesson.get(event.lesson);
      shownSection = event.lesson;
      if (section) lines.splice(2, 0, paint.dim(`── lesson: ${section.title}`), ...section.body.split('\n').map((l) => paint.dim(`   ${l}`)));
    }
    if (lines.length > 0) write(`${fitLines(lines, width).join('\n')}\n`);
  };
}
