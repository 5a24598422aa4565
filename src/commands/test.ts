// kubelab test: plays each scenario's lesson unattended and its exercise with its fix, on one cluster.
import { runSelfTestReport } from './test-report.js';
import { allScenarios, resolveScenario } from '../scenario/catalog.js';
import { selfTest } from '../runtime/self-test.js';
import type { InstallConsent } from '../runtime/prepare.js';
import type { CommandContext } from './context.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenarios = ctx.cli.all ? allScenarios() : ctx.cli.rest.map(resolveScenario);
  const consent: InstallConsent = async () => ctx.cli.installMissing;
  const out = output(ctx);
  const started = Date.now();
  out.emit({ type: 'run.start', scenario: scenarios.length === 1 ? scenarios[0]!.id : 'all', title: `kubelab test: ${scenarios.map((s) => s.id).join(', ')}`, mode: 'auto', cluster: ctx.settings.clusterName });
  try {
    const results = await selfTest({ scenarios, settings: ctx.settings, emit: out.emit, signal: ctx.signal, consent });
    const failed = results.filter((r) => !r.ok);
    out.emit({
      type: 'run.end', ok: failed.length === 0, passed: results.length - failed.length, failed: failed.length, seconds: (Date.now() - started) / 1000, cluster: ctx.settings.clusterName,
      clusterState: runSelfTestReport(results),
    });
    return failed.length === 0 ? 0 : 1;
  } finally {
    out.finish();
  }
}
