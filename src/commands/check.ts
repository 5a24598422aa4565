// kubelab check: grades the cluster as it is now; exit 0 when fixed, 1 when not.
import { ProgressStore } from '../progress/store.js';
import { gradeCluster } from '../runtime/grade.js';
import { resolveScenario } from '../scenario/catalog.js';
import type { CommandContext } from './context.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenario = resolveScenario(ctx.cli.scenario!);
  const out = output(ctx);
  try {
    const { ok } = await gradeCluster(scenario, ctx.settings, out.emit, ctx.signal, new ProgressStore(ctx.settings.stateDir));
    return ok ? 0 : 1;
  } finally {
    out.finish();
  }
}
