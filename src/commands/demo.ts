// kubelab demo <scenario>: presenter mode for a room; --prepare gets everything ready beforehand.
import { UsageError } from '../errors.js';
import { resolveScenario } from '../scenario/catalog.js';
import type { CommandContext } from './context.js';
import { interactive, output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenario = resolveScenario(ctx.cli.scenario!);
  if (ctx.cli.prepare) {
    const { prepareDemo } = await import('../runtime/demo/prepare.js');
    const out = output(ctx);
    try {
      const ready = await prepareDemo({ scenario, settings: ctx.settings, emit: out.emit, signal: ctx.signal, consent: async () => ctx.cli.installMissing });
      return ready ? 0 : 1;
    } finally {
      out.finish();
    }
  }
  if (!interactive(ctx.cli)) {
    throw new UsageError('kubelab demo needs a terminal: the presenter drives it with keys.', `For an unattended run: kubelab run ${scenario.id} --auto; to rehearse in plain lines: kubelab start ${scenario.id} --demo --plain`);
  }
  const { loadUi } = await import('../ui/load.js');
  const { runDemoUi } = await loadUi(() => import('../ui/demo/run-demo.js'));
  return runDemoUi(ctx, scenario);
}
