// kubelab run <scenario> --auto: kubelab plays the lesson itself, every step and check reported.
import { autoLearner } from '../runtime/auto-learner.js';
import { runLab } from '../runtime/lab.js';
import type { InstallConsent } from '../runtime/prepare.js';
import { resolveScenario } from '../scenario/catalog.js';
import type { CommandContext } from './context.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenario = resolveScenario(ctx.cli.scenario!);
  const consent: InstallConsent = async () => ctx.cli.installMissing;
  const out = output(ctx, undefined, scenario.lessonSections);
  try {
    const { ok } = await runLab({ scenario, settings: ctx.settings, mode: 'auto', learner: autoLearner(ctx.cli.keep ?? true), emit: out.emit, signal: ctx.signal, consent, fresh: true });
    return ok ? 0 : 1;
  } finally {
    out.finish();
  }
}
