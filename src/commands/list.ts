// kubelab list: the scenarios, the ones played end to end first, with the learner's progress.
import { ProgressStore } from '../progress/store.js';
import { progressLine } from '../engine/learner-progress.js';
import { allScenarios, scenarioLine } from '../scenario/catalog.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenarios = allScenarios();
  const progress = new ProgressStore(ctx.settings.stateDir).read();
  if (ctx.cli.json) {
    for (const s of scenarios) {
      ctx.write(`${JSON.stringify({ id: s.id, title: s.title, steps: s.steps.length, minutes: s.minutes, preview: s.preview, exercise: s.exercise !== undefined, scope: s.scope, progress: progressLine(progress.scenarios[s.id], s.steps.length) })}\n`);
    }
    return 0;
  }
  ctx.write(`${scenarios.map((s) => `${scenarioLine(s)}  ${ctx.paint.dim(progressLine(progress.scenarios[s.id], s.steps.length))}`).join('\n')}\n\n`);
  ctx.write('Start one: kubelab start <id> (the lesson) or kubelab exercise <id> (fix it yourself).\n');
  return 0;
}
