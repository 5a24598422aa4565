// Checks a target against the live cluster once, each check reported on its own.
import { describeCheck, evaluate } from '../../engine/checks/index.js';
import type { StepSpec } from '../../scenario/schema.js';
import { fetchTarget, type LabContext, type StepOutcome } from '../context.js';
import { runExecChecks } from './exec.js';

type VerifyStep = Extract<StepSpec, { kind: 'verify' }>;

export async function verifyStep(step: VerifyStep, ctx: LabContext): Promise<StepOutcome> {
  let failed: string | undefined;
  let lookAt: string | undefined;
  for (const check of step.checks) {
    const { facts } = await fetchTarget(ctx, check.on ?? step.target);
    const events = check.type === 'event' && facts.exists ? await ctx.kubectl.events(facts.name) : undefined;
    const exec = check.type === 'exec' && facts.kind === 'pod' ? await runExecChecks(ctx, facts, [check]) : undefined;
    const result = evaluate(check, { subject: facts, events, node: ctx.node, exec });
    ctx.emit({ type: 'check', step: step.id, check: describeCheck(check), ok: result.ok, message: result.message, note: result.note, lookAt: result.lookAt });
    if (!result.ok && failed === undefined) {
      failed = result.message;
      lookAt = result.lookAt;
    }
  }
  return failed === undefined ? { ok: true } : { ok: false, reason: failed, todo: lookAt ? `Look at: ${lookAt}` : undefined };
}
