// kubelab (the menu) and kubelab start: the lesson in the terminal UI, or plain lines read from stdin.
// In a terminal the first frame is painted before the UI's modules load, so it shows at once.
import { ProgressStore } from '../progress/store.js';
import { paintFor } from '../plain/paint.js';
import { scenarioSummaries, scenarioSummary } from '../scenario/listing.js';
import { paintFirstFrame, type FirstFrame } from '../ui/first-frame.js';
import { lessonFrame, menuFrame } from '../ui/first-frames.js';
import { loadUi } from '../ui/load.js';
import type { CommandContext } from './context.js';
import { interactive } from './interactive.js';

export async function run(ctx: CommandContext): Promise<number> {
  if (!interactive(ctx.cli)) {
    const { runPlain } = await import('./start-plain.js');
    return runPlain(ctx);
  }
  const frame = await firstFrame(ctx);
  const { runInteractive } = await loadUi(() => import('../ui/run-interactive.js'));
  return runInteractive(ctx, undefined, frame);
}

async function firstFrame(ctx: CommandContext): Promise<FirstFrame | undefined> {
  const paint = paintFor({ isTTY: true });
  // The colours ink would use, and its pointer (figures' choice: ASCII only on the Linux console).
  const color = paint.bold('x') !== 'x';
  if (process.platform === 'win32') return undefined;
  if (ctx.cli.command === 'menu') {
    const lines = menuFrame(await scenarioSummaries(), new ProgressStore(ctx.settings.stateDir).read(), color, process.env.TERM === 'linux' ? '>' : '❯');
    return paintFirstFrame(process.stdout, process.stdin, lines);
  }
  const summary = await scenarioSummary(ctx.cli.scenario!);
  if (!summary) return undefined;
  return paintFirstFrame(process.stdout, process.stdin, lessonFrame(summary, ctx.cli.demo ? 'demo' : 'learn', ctx.settings.clusterName, paint));
}
