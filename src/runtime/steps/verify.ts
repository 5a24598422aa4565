// Checks a target against the live cluster once, each check reported on its own.
import { describeCheck, evaluate } from '../../engine/checks/index.js';
import type { StepSpec } from '../../scenario/schema.js';
import type { PodFacts } from '../../engine/facts.js';
import { fetchTarget, type LabContext, type StepOutcome } from '../context.js';
import { runExecChecks } from './exec.js';

type VerifyStep = Extract<StepSpec, { kind: 'verify' }>;

/** The pods a Service's selector picks, for the checks that compare the two. */
export async function selectedPods(ctx: LabContext, selector: Record<string, string>): Promise<PodFacts[]> {
  if (Object.keys(selector).length === 0) return [];
  const pods = (await ctx.kubectl.list('pod')).map((f) => f.facts).filter((f): f is PodFacts => f.kind === 'pod');
  return pods.filter((p) => Object.entries(selector).every(([k, v]) => p.labels[k] === v));
}

export async function verifyStep(step: VerifyStep, ctx: LabContext): Promise<StepOutcome> {
  let failed: string | undefined;
  let lookAt: string | undefined;
  // One read per target: the step's checks grade the object as it was at that moment.
  const fetched = new Map<string, ReturnType<typeof fetchTarget>>();
  for (const check of step.checks) {
    const key = check.on ?? step.target;
    if (!fetched.has(key)) fetched.set(key, fetchTarget(ctx, key));
    const { facts } = await fetched.get(key)!;
    const events = check.type === 'event' && facts.exists ? await ctx.kubectl.events(facts.name, facts.kind === 'pod' ? facts.uid : undefined) : undefined;
    const exec = check.type === 'exec' && facts.kind === 'pod' ? await runExecChecks(ctx, facts, [check]) : undefined;
    const pods = check.type === 'targetPort' && facts.kind === 'service' ? await selectedPods(ctx, facts.selector) : undefined;
    const seen = facts.kind === 'pod' && facts.uid ? ctx.seen?.get(facts.uid) : undefined;
    const result = evaluate(check, { subject: facts, events, node: ctx.node, exec, pods, seen });
    ctx.emit({ type: 'check', step: step.id, check: describeCheck(check), ok: result.ok, message: result.message, note: result.note, lookAt: result.lookAt });
    if (!result.ok && failed === undefined) {
      failed = result.message;
      lookAt = result.lookAt;
    }
  }
  return failed === undefined ? { ok: true } : { ok: false, reason: failed, todo: lookAt ? `Look at: ${lookAt}` : undefined };
}
