// Typed checks against live facts. A check never throws: it says what it expected and what it saw.
// Each family of checks lives in its own file; this one picks the definition by type.
import type { CheckSpec, CheckType } from '../../scenario/schema-checks.js';
import { execChecks } from './exec.js';
import { kernelChecks } from './kernel.js';
import { objectChecks } from './objects.js';
import { podSpecChecks } from './pod-spec.js';
import { podStateChecks } from './pod-state.js';
import type { CheckContext, CheckDef, CheckDefs, CheckResult } from './result.js';
import { tolerationChecks } from './tolerations.js';

export type { CheckContext, CheckResult, ExecOutcome } from './result.js';
export { execKey } from './exec.js';

const DEFS: CheckDefs<CheckType> = { ...podStateChecks, ...podSpecChecks, ...objectChecks, ...execChecks, ...tolerationChecks, ...kernelChecks };

const defOf = (check: CheckSpec) => DEFS[check.type] as CheckDef<CheckType>;

export function describeCheck(check: CheckSpec): string {
  return defOf(check).describe(check as never);
}

/** The kinds of object a check can look at (the loader refuses a check on anything else). */
export function checkKinds(check: CheckSpec): readonly string[] {
  return defOf(check).kinds;
}

export function evaluate(check: CheckSpec, ctx: CheckContext): CheckResult {
  const def = defOf(check);
  const s = ctx.subject;
  if (!def.kinds.includes(s.kind)) return { ok: false, message: `a ${check.type} check does not apply to a ${s.kind} (scenario error)` };
  if (!s.exists && check.type !== 'exists') {
    return { ok: false, message: `expected ${def.describe(check as never)}, but ${s.kind} ${s.name} does not exist`, lookAt: `kubectl get ${s.kind}` };
  }
  const result = def.evaluate(check as never, ctx);
  return !result.ok && check.why ? { ...result, note: result.note ? `${check.why} ${result.note}` : check.why } : result;
}
