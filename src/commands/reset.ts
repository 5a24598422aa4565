// kubelab reset <scenario>|--all: the scenario starts over: its objects leave the cluster, the
// workspace gets the original manifests back (edits kept as .bak), and its progress is cleared.
import { emptyLearnerProgress } from '../engine/learner-progress.js';
import { existingLab } from '../runtime/existing.js';
import { restoreWorkspace } from '../runtime/exercise/workspace.js';
import { resetScenario } from '../runtime/scenario-state.js';
import { allScenarios, resolveScenario } from '../scenario/catalog.js';
import type { CommandContext } from './context.js';
import { progressStore } from './store.js';
import { confirmed } from './ask.js';
import { workdirFor } from './exercise.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenarios = ctx.cli.all ? allScenarios() : [resolveScenario(ctx.cli.scenario!)];
  const what = ctx.cli.all ? 'every scenario' : scenarios[0]!.id;
  if (!(await confirmed(ctx, `Reset ${what}: remove its objects from the lab cluster and clear its progress?`))) return 1;
  const store = progressStore(ctx);
  const kubectl = await existingLab(ctx.settings, ctx.signal);
  const out = output(ctx);
  for (const scenario of scenarios) {
    if (kubectl) await resetScenario({ scenario, kubectl, emit: out.emit });
    if (scenario.exercise) {
      const backups = restoreWorkspace(scenario, workdirFor(ctx, scenario));
      for (const b of backups) ctx.write(`  your edited copy is kept as ${b}\n`);
    }
    store.update((all) => {
      const { [scenario.id]: _gone, ...rest } = all.scenarios;
      return { ...all, scenarios: rest };
    });
  }
  if (ctx.cli.all) store.write(emptyLearnerProgress());
  await store.flush();
  ctx.write(`Reset ${what}${kubectl ? '' : ' (no lab cluster was running, so only your progress and workspace)'}.\n`);
  return 0;
}
