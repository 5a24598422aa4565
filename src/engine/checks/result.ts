// What every check returns, and the shared shape of a check's definition.
import type { CheckSpec, CheckType } from '../../scenario/schema-checks.js';
import type { NodeContext } from '../exit-codes.js';
import type { EventFact, ObjectFacts, ObjectKind, PodFacts, Termination } from '../facts.js';
import type { KernelFacts } from '../kernel.js';

export interface CheckResult {
  ok: boolean;
  /** One line for the person: what was checked and what was found. */
  message: string;
  /** Extra explanation, e.g. why an OOM kill exited 1 here, or why a guard matters. */
  note?: string;
  /** Where to look when it failed. */
  lookAt?: string;
}

/** The outcome of a command run inside a pod for an exec check. */
export interface ExecOutcome {
  exitCode: number;
  output: string;
}

export interface CheckContext {
  subject: ObjectFacts;
  events?: EventFact[];
  node?: NodeContext;
  /** exec checks: what the command gave, keyed by the command joined with spaces. */
  exec?: Map<string, ExecOutcome>;
  /** targetPort checks: the pods a Service selects. */
  pods?: PodFacts[];
  /** kernel checks: the pod's memory cgroup as the node's kernel holds it. */
  kernel?: KernelFacts;
  /** terminated checks: this pod's earlier terminations, as kubelab saw them while following it. */
  seen?: readonly Termination[];
}

export type Of<T extends CheckType> = Extract<CheckSpec, { type: T }>;

export interface CheckDef<T extends CheckType> {
  /** The kinds of object the check can look at. */
  kinds: readonly ObjectKind[];
  describe(check: Of<T>): string;
  evaluate(check: Of<T>, ctx: CheckContext): CheckResult;
}

export type CheckDefs<T extends CheckType> = { [K in T]: CheckDef<K> };

export function compare(expected: string, actual: string, ok: boolean, lookAt: string): CheckResult {
  return ok ? { ok, message: `${expected}: yes` } : { ok, message: `expected ${expected}, got ${actual}`, lookAt };
}
