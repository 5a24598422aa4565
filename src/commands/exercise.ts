// kubelab exercise <scenario>: the learner fixes it alone; kubelab grades live on the cluster.
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { plainLearner } from '../plain/learner.js';
import { runExercise } from '../runtime/exercise/run.js';
import { consentQuestion, type InstallConsent } from '../runtime/prepare.js';
import { resolveScenario } from '../scenario/catalog.js';
import type { Scenario } from '../scenario/load.js';
import type { CommandContext } from './context.js';
import { progressStore } from './store.js';
import { interactive, output } from './output.js';

/** The learner's folder for a scenario: --workdir, else the one used last time, else ~/kubelab-exercises/<id>. */
export function workdirFor(ctx: CommandContext, scenario: Scenario): string {
  if (ctx.cli.workdir) return resolve(ctx.cli.workdir);
  return progressStore(ctx).read().scenarios[scenario.id]?.exercise?.workdir ?? join(ctx.settings.workRoot, scenario.id);
}

export function exerciseScenario(id: string): Scenario {
  const scenario = resolveScenario(id);
  if (!scenario.exercise) throw new UsageError(`The scenario ${scenario.id} has no exercise yet.`, `Follow its lesson instead: kubelab start ${scenario.id}`);
  return scenario;
}

export async function run(ctx: CommandContext): Promise<number> {
  const { cli } = ctx;
  const scenario = exerciseScenario(cli.scenario!);
  if (interactive(cli) && !cli.detach) {
    const { loadUi } = await import('../ui/load.js');
    const { runInteractive } = await loadUi(() => import('../ui/run-interactive.js'));
    return runInteractive(ctx, { scenario: scenario.id, mode: 'exercise' });
  }
  // With --json, stdout holds only JSON lines: the prompts go to stderr.
  const learner = plainLearner(process.stdin, cli.json ? process.stderr : process.stdout, { keepDefault: true, demo: false, signal: ctx.signal });
  const consent: InstallConsent = async (...tool) => cli.installMissing || (!cli.detach && learner.confirm(consentQuestion(...tool), false));
  const out = output(ctx);
  const store = progressStore(ctx);
  try {
    const outcome = await runExercise({
      scenario, settings: ctx.settings, learner, emit: out.emit, signal: ctx.signal, consent,
      store, workdir: workdirFor(ctx, scenario), detach: cli.detach, fresh: cli.fresh,
    });
    if (outcome === 'detached' && !cli.json) {
      ctx.write(`\nThe lab is broken and waiting for you. Grade it any time with: kubelab check ${scenario.id}   (hints: kubelab hint ${scenario.id})\n`);
    }
    return outcome === 'fixed' || outcome === 'detached' ? 0 : 1;
  } finally {
    out.finish();
    learner.close();
    await store.flush();
  }
}
