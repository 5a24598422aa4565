// kubelab list: the scenarios, the ones played end to end first, with the learner's progress.
import { ProgressStore } from '../progress/store.js';
import { progressLine } from '../engine/learner-progress.js';
import { scenarioLine, scenarioSummaries } from '../scenario/listing.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenarios = await scenarioSummaries();
  const progress = new ProgressStore(ctx.settings.stateDir).read();
  if (ctx.cli.json) {
    for (const s of scenarios) {
      ctx.write(`${JSON.stringify({ id: s.id, title: s.title, steps: s.stepCount, minutes: s.minutes, preview: s.preview, exercise: s.exercise, scope: s.scope, progress: progressLine(progress.scenarios[s.id], s.stepCount) })}\n`);
    }
    return 0;
  }
  ctx.write(`${scenarios.map((s) => `${scenarioLine(s)}  ${ctx.paint.dim(progressLine(progress.scenarios[s.id], s.stepCount))}`).join('\n')}\n\n`);
  ctx.write('Start one: kubelab start <id> (the lesson) or kubelab exercise <id> (fix it yourself).\n');
  return 0;
}
