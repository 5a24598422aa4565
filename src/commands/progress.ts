// kubelab progress: per scenario, how far the lesson got and how the exercise went.
import { progressLine } from '../engine/learner-progress.js';
import { ProgressStore } from '../progress/store.js';
import { scenarioSummaries } from '../scenario/listing.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext): Promise<number> {
  const store = new ProgressStore(ctx.settings.stateDir);
  const progress = store.read();
  if (ctx.cli.json) {
    ctx.write(`${JSON.stringify({ file: store.file, ...progress })}\n`);
    return 0;
  }
  const scenarios = await scenarioSummaries();
  const done = scenarios.filter((s) => progress.scenarios[s.id]?.lesson?.status === 'done' || progress.scenarios[s.id]?.exercise?.status === 'fixed').length;
  ctx.write(`${ctx.paint.bold('Your progress')} (${done} of ${scenarios.length} scenarios done; kept in ${store.file})\n`);
  for (const s of scenarios) {
    const r = progress.scenarios[s.id];
    const minutes = ((r?.lesson?.seconds ?? 0) + (r?.exercise?.seconds ?? 0)) / 60;
    ctx.write(`  ${s.id.padEnd(36)}${progressLine(r, s.stepCount)}${minutes >= 0.1 ? ctx.paint.dim(` · ${minutes.toFixed(1)} min`) : ''}\n`);
  }
  return 0;
}
