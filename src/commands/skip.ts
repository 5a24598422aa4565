// kubelab skip <scenario>: kubelab applies the reference fix; the exercise counts as skipped.
import { LabError } from '../errors.js';
import { existingLab } from '../runtime/existing.js';
import { updateExercise } from '../runtime/exercise/record.js';
import { applySolution } from '../runtime/exercise/skip.js';
import type { CommandContext } from './context.js';
import { progressStore } from './store.js';
import { confirmed } from './ask.js';
import { exerciseScenario } from './exercise.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenario = exerciseScenario(ctx.cli.scenario!);
  const kubectl = await existingLab(ctx.settings, ctx.signal);
  if (!kubectl) throw new LabError(`There is no lab cluster "${ctx.settings.clusterName}" to apply the fix to.`, `Start the exercise first: kubelab exercise ${scenario.id}`);
  if (!(await confirmed(ctx, `Skip ${scenario.id}: kubelab applies the fix for you and the exercise counts as skipped. Go ahead?`))) return 1;
  const out = output(ctx);
  await applySolution({ scenario, kubectl, emit: out.emit });
  const store = progressStore(ctx);
  const record = updateExercise(store, scenario.id, (r) => ({ ...r, status: 'skipped' }));
  await store.flush();
  out.emit({ type: 'exercise.end', scenario: scenario.id, outcome: 'skipped', seconds: record.seconds, hints: record.hintsShown, attempts: record.attempts });
  ctx.write(`Applied. Read why it works: kubelab solution ${scenario.id} --yes\n`);
  return 0;
}
