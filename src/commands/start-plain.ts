// kubelab start without a terminal: the lesson in plain lines, the learner's replies read from stdin.
import { plainLearner } from '../plain/learner.js';
import { runLab } from '../runtime/lab.js';
import { consentQuestion, type InstallConsent } from '../runtime/prepare.js';
import { resolveScenario } from '../scenario/catalog.js';
import { scenarioLine, scenarioSummaries } from '../scenario/listing.js';
import type { CommandContext } from './context.js';
import { progressStore } from './store.js';
import { output } from './output.js';

export async function runPlain(ctx: CommandContext): Promise<number> {
  const { cli } = ctx;
  if (cli.command === 'menu') {
    ctx.write(`${(await scenarioSummaries()).map(scenarioLine).join('\n')}\n\nStart one: kubelab start <id>, or kubelab exercise <id>. This is not a terminal, so there is no menu.\n`);
    return 0;
  }
  const scenario = resolveScenario(cli.scenario!);
  // With --json, stdout holds only JSON lines: the prompts go to stderr.
  const learner = plainLearner(process.stdin, cli.json ? process.stderr : process.stdout, { keepDefault: true, demo: cli.demo, signal: ctx.signal });
  const consent: InstallConsent = async (...tool) => cli.installMissing || learner.confirm(consentQuestion(...tool), false);
  const out = output(ctx, undefined, scenario.lessonSections, cli.demo);
  const store = progressStore(ctx);
  try {
    const { ok } = await runLab({
      scenario, settings: ctx.settings, mode: cli.demo ? 'demo' : 'learn', learner, emit: out.emit, signal: ctx.signal, consent,
      store, fresh: cli.fresh,
    });
    return ok ? 0 : 1;
  } finally {
    out.finish();
    learner.close();
    await store.flush();
  }
}
