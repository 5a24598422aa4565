// How a command talks: the terminal UI or plain lines (decided once), JSON lines with --json, and a
// report file with --report, all fed by the same stamped events.
import type { Cli } from '../args.js';
import { stamped, type Emit } from '../engine/events.js';
import { jsonReporter, plainReporter } from '../plain/reporter.js';
import { reportSink, type ReportSink } from '../report/index.js';
import type { LessonSection } from '../scenario/lesson.js';
import type { CommandContext } from './context.js';

/** CI the way ink itself decides it (a set CI or CONTINUOUS_INTEGRATION, unless 0 or false). */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some((key) => key in env && env[key] !== '0' && env[key] !== 'false');
}

export function interactive(cli: Cli): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true && !inCi(process.env) && !cli.plain && !cli.json && !cli.auto;
}

export interface Output {
  emit: Emit;
  /** Writes the report, if one was asked for, and says where. */
  finish(): void;
}

/** The event sink of a command: its UI (or plain/JSON lines) plus the report, every event stamped with its time. */
export function output(ctx: CommandContext, ui?: Emit, lesson: Map<string, LessonSection> = new Map(), notes = false): Output {
  const shown = ui ?? (ctx.cli.json ? jsonReporter(ctx.write) : plainReporter(ctx.write, ctx.paint, lesson, notes));
  const sink: ReportSink | undefined = ctx.cli.report ? reportSink(ctx.cli.report, ctx.version) : undefined;
  const emit = stamped((event) => {
    sink?.emit(event);
    shown(event);
  });
  return {
    emit,
    finish() {
      if (!sink) return;
      const path = sink.write();
      if (!ctx.cli.json) process.stderr.write(`Report written to ${path}\n`);
    },
  };
}
