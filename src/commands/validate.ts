// kubelab validate <dir>: checks a scenario folder without a cluster; problems as file:line:column.
import { resolve } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenario = loadScenario(resolve(ctx.cli.scenario!));
  const summary = {
    id: scenario.id, steps: scenario.steps.length, targets: Object.keys(scenario.targets), manifests: Object.values(scenario.manifests),
    exercise: scenario.exercise !== undefined, lessonSections: scenario.lessonSections.size, scope: scenario.scope,
  };
  if (ctx.cli.json) ctx.write(`${JSON.stringify({ valid: true, ...summary })}\n`);
  else {
    ctx.write(`${ctx.paint.ok('✓')} ${scenario.id} is valid: ${summary.steps} steps, targets ${summary.targets.join(', ')}, manifests ${summary.manifests.join(', ')}, ${summary.exercise ? 'with an exercise' : 'no exercise yet'}, ${summary.lessonSections} lesson section(s).\n`);
    ctx.write(`Next: kubelab test ${ctx.cli.scenario} (plays it on the lab cluster)\n`);
  }
  return 0;
}
