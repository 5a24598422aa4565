// kubelab runs a command inside a pod (kubectl exec) where the evidence lives there (DNS), shows
// the output with the lines that matter, and checks it.
import { matchingLines } from '../../cluster/parse-describe.js';
import { describeCheck, evaluate, execKey, type ExecOutcome } from '../../engine/checks/index.js';
import type { PodFacts } from '../../engine/facts.js';
import type { CheckSpec, StepSpec } from '../../scenario/schema.js';
import { fetchTarget, type LabContext, type StepOutcome } from '../context.js';
import { reportKubelab } from '../scenario-state.js';

type ExecStep = Extract<StepSpec, { kind: 'exec' }>;

export async function execStep(step: ExecStep, ctx: LabContext): Promise<StepOutcome> {
  const { facts } = await fetchTarget(ctx, step.target);
  if (facts.kind !== 'pod' || !facts.exists) return { ok: false, blocking: true, reason: `there is no pod ${facts.name} to run ${step.command.join(' ')} in` };
  const result = await ctx.kubectl.exec(facts.name, facts.containerName, step.command);
  reportKubelab(ctx.emit, ['exec', facts.name, '--', ...step.command], result);
  if (step.lines.length > 0) {
    const points = matchingLines(`${result.stdout}${result.stderr}`, step.lines);
    ctx.points = points;
    ctx.emit({ type: 'points', points });
  }
  const exec = new Map([[execKey(step.command), { exitCode: result.exitCode, output: `${result.stdout}${result.stderr}` }]]);
  let failed: string | undefined;
  for (const check of step.checks) {
    const r = evaluate(check, { subject: facts, node: ctx.node, exec });
    ctx.emit({ type: 'check', step: step.id, check: describeCheck(check), ok: r.ok, message: r.message, note: r.note, lookAt: r.lookAt });
    failed ??= r.ok ? undefined : r.message;
  }
  return failed === undefined ? { ok: true } : { ok: false, reason: failed };
}

/** Runs the exec checks' commands in a pod and returns their outcomes by command. */
export async function runExecChecks(ctx: Pick<LabContext, 'kubectl'>, pod: PodFacts, checks: CheckSpec[]): Promise<Map<string, ExecOutcome>> {
  const out = new Map<string, ExecOutcome>();
  for (const check of checks) {
    if (check.type !== 'exec' || out.has(execKey(check.command))) continue;
    const result = await ctx.kubectl.exec(pod.name, pod.containerName, check.command);
    out.set(execKey(check.command), { exitCode: result.exitCode, output: `${result.stdout}${result.stderr}` });
  }
  return out;
}
