// The plain reporter: readable lines for pipes, CI logs and screen readers, or JSON lines with --json.
import type { Emit, LabEvent } from '../engine/events.js';
import type { LessonSection } from '../scenario/lesson.js';
import { formatEvent } from './format.js';
import type { Paint } from './paint.js';

export function jsonReporter(write: (line: string) => void): Emit {
  return (event) => write(`${JSON.stringify(event)}\n`);
}

export function plainReporter(write: (line: string) => void, paint: Paint, lesson: Map<string, LessonSection>, showNotes: boolean): Emit {
  let shownSection: string | undefined;
  return (event: LabEvent) => {
    const lines = formatEvent(event, paint, showNotes);
    if (event.type === 'step.start' && event.lesson && event.lesson !== shownSection) {
      const section = lesson.get(event.lesson);
      shownSection = event.lesson;
      if (section) lines.splice(2, 0, paint.dim(`── lesson: ${section.title}`), ...section.body.split('\n').map((l) => paint.dim(`   ${l}`)));
    }
    if (lines.length > 0) write(`${lines.join('\n')}\n`);
  };
}
