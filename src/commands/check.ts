// kubelab check: grades the cluster as it is now; exit 0 when fixed, 1 when not.
import { gradeCluster } from '../runtime/grade.js';
import { resolveScenario } from '../scenario/catalog.js';
import type { CommandContext } from './context.js';
import { progressStore } from './store.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenario = resolveScenario(ctx.cli.scenario!);
  const out = output(ctx);
  const store = progressStore(ctx);
  try {
    const { ok } = await gradeCluster(scenario, ctx.settings, out.emit, ctx.signal, store);
    return ok ? 0 : 1;
  } finally {
    out.finish();
    await store.flush();
  }
}
