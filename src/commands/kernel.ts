// kubelab kernel: the scenario's container under plain `docker run --memory`, no Kubernetes.
import { kernelRun } from '../runtime/kernel-run.js';
import { resolveScenario } from '../scenario/catalog.js';
import type { CommandContext } from './context.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenario = resolveScenario(ctx.cli.scenario!);
  const out = output(ctx);
  try {
    const { event, ok } = await kernelRun(scenario, ctx.settings, ctx.cli.oomGroup, ctx.signal);
    out.emit(event);
    return ok ? 0 : 1;
  } finally {
    out.finish();
  }
}
