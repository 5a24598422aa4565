// How a command talks: the terminal UI or plain lines (decided once), JSON lines with --json, a
// report file with --report and a recording with --record, all fed by the same stamped events.
import { relative } from 'node:path';
import { stamped, type Emit } from '../engine/events.js';
import { jsonReporter, plainReporter } from '../plain/reporter.js';
import { startRecording } from '../record/recording.js';
import { shellWord } from '../record/shell-word.js';
import { reportSink, type ReportSink } from '../report/index.js';
import type { LessonSection } from '../scenario/lesson.js';
import type { CommandContext } from './context.js';

export { inCi, interactive } from './interactive.js';

export interface Output {
  emit: Emit;
  /** Writes the report, if one was asked for, and says where. */
  finish(): void;
}

/** The event sink of a command: its UI (or plain/JSON lines) plus the report, every event stamped with its time. */
export function output(ctx: CommandContext, ui?: Emit, lesson: Map<string, LessonSection> = new Map(), notes = false): Output {
  // Recording starts before anything is shown, so the UI's first frame is in it.
  const recording = ctx.cli.record ? startRecording({ file: ctx.cli.record, version: ctx.version, said: saidRecording }) : undefined;
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  const shown = ui ?? (ctx.cli.json ? jsonReporter(ctx.write) : plainReporter(ctx.write, ctx.paint, lesson, notes, width));
  const sink: ReportSink | undefined = ctx.cli.report ? reportSink(ctx.cli.report, ctx.version) : undefined;
  // A process that ends without reaching finish() (a reader that went away) still leaves its report.
  let finished = false;
  if (sink) process.once('exit', () => finished || void sink.write());
  const emit = stamped((event) => {
    sink?.emit(event);
    recording?.emit(event);
    shown(event);
  });
  return {
    emit,
    finish() {
      finished = true;
      if (recording) {
        try {
          recording.finish();
        } catch (error) {
          process.stderr.write(`kubelab could not write the recording ${ctx.cli.record}: ${(error as Error).message}\n`);
        }
      }
      if (!sink) return;
      process.stderr.write(`Report written to ${sink.write()}\n`);
    },
  };
}

function saidRecording(path: string): void {
  const near = relative(process.cwd(), path);
  const name = shellWord(near.startsWith('..') ? path : near);
  process.stderr.write(`Recording written to ${path} (play it: asciinema play ${name}; a handout: kubelab handout ${name})\n`);
}
