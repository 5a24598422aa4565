// kubelab test: plays each scenario's lesson unattended and its exercise with its fix, on one cluster.
import { runSelfTestReport } from './test-report.js';
import { allScenarios, resolveScenario } from '../scenario/catalog.js';
import { selfTest } from '../runtime/self-test.js';
import type { InstallConsent } from '../runtime/prepare.js';
import type { CommandContext } from './context.js';
import { output } from './output.js';
import { plainReporter } from '../plain/reporter.js';

const QUIET_PARALLEL: ReadonlySet<string> = new Set(['step.start', 'step.done', 'kubectl', 'pod', 'object', 'manifest', 'points', 'question', 'answer', 'check', 'diff', 'criteria', 'brief', 'summary', 'evidence', 'exercise.end', 'run.start', 'run.end', 'notice']);

export async function run(ctx: CommandContext): Promise<number> {
  const scenarios = ctx.cli.all ? allScenarios() : ctx.cli.rest.map(resolveScenario);
  const consent: InstallConsent = async () => ctx.cli.installMissing;
  const parallel = ctx.cli.parallel ?? 1;
  // Steps of scenarios played at once would interleave: plain output keeps to each scenario's result.
  const lines = !ctx.cli.json && parallel > 1 ? plainReporter(ctx.write, ctx.paint, new Map(), false) : undefined;
  let own = true; // the command's own run.start and run.end pass; the scenarios' do not
  const out = output(ctx, lines && ((e) => (QUIET_PARALLEL.has(e.type) && !(own && (e.type === 'run.start' || e.type === 'run.end')) ? undefined : lines(e))));
  const started = Date.now();
  out.emit({ type: 'run.start', scenario: scenarios.length === 1 ? scenarios[0]!.id : 'all', title: `kubelab test: ${scenarios.map((s) => s.id).join(', ')}`, mode: 'auto', cluster: ctx.settings.clusterName });
  own = false;
  try {
    const results = await selfTest({ scenarios, settings: ctx.settings, emit: out.emit, signal: ctx.signal, consent, parallel });
    const failed = results.filter((r) => !r.ok);
    own = true;
    out.emit({
      type: 'run.end', ok: failed.length === 0, passed: results.length - failed.length, failed: failed.length, seconds: (Date.now() - started) / 1000, cluster: ctx.settings.clusterName,
      clusterState: runSelfTestReport(results),
    });
    return failed.length === 0 ? 0 : 1;
  } finally {
    out.finish();
  }
}
