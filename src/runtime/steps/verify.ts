// Checks a target against the live cluster once, each check reported on its own.
import { describeCheck, evaluate } from '../../engine/checks.js';
import type { StepSpec } from '../../scenario/schema.js';
import type { LabContext, StepOutcome } from '../context.js';

type VerifyStep = Extract<StepSpec, { kind: 'verify' }>;

export async function verifyStep(step: VerifyStep, ctx: LabContext): Promise<StepOutcome> {
  const target = ctx.scenario.targets[step.target]!;
  const pod = await ctx.kubectl.pod(target.name, target.container);
  const events = step.checks.some((c) => c.type === 'event') ? await ctx.kubectl.events(target.name) : undefined;
  let failed: string | undefined;
  let lookAt: string | undefined;
  for (const check of step.checks) {
    const result = evaluate(check, { pod, events, node: ctx.node });
    ctx.emit({ type: 'check', step: step.id, check: describeCheck(check), ok: result.ok, message: result.message, note: result.note, lookAt: result.lookAt });
    if (!result.ok && failed === undefined) {
      failed = result.message;
      lookAt = result.lookAt;
    }
  }
  return failed === undefined ? { ok: true } : { ok: false, reason: failed, todo: lookAt ? `Look at: ${lookAt}` : undefined };
}
