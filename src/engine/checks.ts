// Typed checks against live facts. A check never throws: it says what it expected and what it saw.
import type { CheckSpec } from '../scenario/schema.js';
import { explainOomExit, type NodeContext } from './exit-codes.js';
import { latestTermination, type EventFact, type PodFacts } from './facts.js';

export interface CheckResult {
  ok: boolean;
  /** One line for the person: what was checked and what was found. */
  message: string;
  /** Extra explanation, e.g. why an OOM kill exited 1 here. */
  note?: string;
  /** Where to look when it failed. */
  lookAt?: string;
}

export interface CheckContext {
  pod: PodFacts;
  events?: EventFact[];
  node?: NodeContext;
}

export function describeCheck(check: CheckSpec): string {
  switch (check.type) {
    case 'exists': return check.equals ? 'the pod exists' : 'the pod is gone';
    case 'phase': return `phase is ${check.equals}`;
    case 'waitingReason': return `waiting reason is ${check.oneOf.join(' or ')}`;
    case 'terminated': return `terminated with reason ${check.reason}${check.exitCode === undefined ? '' : ` and exit code ${check.exitCode}`}`;
    case 'ready': return check.equals ? 'the container is ready' : 'the container is not ready';
    case 'restartCount': return check.equals === undefined ? `at least ${check.atLeast} restart(s)` : `${check.equals} restarts`;
    case 'limit': return `${check.resource} limit is ${check.equals}`;
    case 'event': return `an event with reason ${check.reason}`;
  }
}

export function evaluate(check: CheckSpec, ctx: CheckContext): CheckResult {
  const { pod } = ctx;
  if (check.type === 'exists') {
    const ok = pod.exists === check.equals;
    return { ok, message: ok ? `pod ${pod.name} ${check.equals ? 'exists' : 'is gone'}` : `expected pod ${pod.name} to ${check.equals ? 'exist' : 'be gone'}` };
  }
  if (!pod.exists) {
    return { ok: false, message: `expected ${describeCheck(check)}, but pod ${pod.name} does not exist`, lookAt: 'kubectl get pods' };
  }
  switch (check.type) {
    case 'phase':
      return compare(`phase ${check.equals}`, pod.phase ?? 'unknown', check.equals === pod.phase, 'STATUS in kubectl get pod');
    case 'waitingReason': {
      const reason = pod.state?.kind === 'waiting' ? pod.state.reason ?? 'none' : `not waiting (${pod.state?.kind ?? 'no state'})`;
      return compare(`waiting reason ${check.oneOf.join(' or ')}`, reason, check.oneOf.includes(reason), 'State: Waiting / Reason in kubectl describe pod');
    }
    case 'terminated':
      return evaluateTermination(check, ctx);
    case 'ready':
      return compare(check.equals ? 'ready' : 'not ready', pod.ready ? 'ready' : 'not ready', pod.ready === check.equals, 'READY in kubectl get pod');
    case 'restartCount': {
      const ok = check.equals !== undefined ? pod.restartCount === check.equals : pod.restartCount >= (check.atLeast ?? 0);
      return compare(describeCheck(check), `${pod.restartCount} restart(s)`, ok, 'RESTARTS in kubectl get pod');
    }
    case 'limit': {
      const actual = pod.limits[check.resource] ?? 'no limit';
      return compare(`${check.resource} limit ${check.equals}`, actual, actual === check.equals, 'Limits in kubectl describe pod');
    }
    case 'event': {
      const match = (ctx.events ?? []).find((e) => e.reason === check.reason && (check.messageIncludes === undefined || e.message.includes(check.messageIncludes)));
      return match
        ? { ok: true, message: `event ${match.reason}: ${match.message}` }
        : { ok: false, message: `expected an event with reason ${check.reason}, found none`, lookAt: 'Events at the end of kubectl describe pod' };
    }
  }
}

function compare(expected: string, actual: string, ok: boolean, lookAt: string): CheckResult {
  return ok ? { ok, message: `${expected}: yes` } : { ok, message: `expected ${expected}, got ${actual}`, lookAt };
}

function evaluateTermination(check: Extract<CheckSpec, { type: 'terminated' }>, ctx: CheckContext): CheckResult {
  const last = latestTermination(ctx.pod);
  if (!last) {
    return {
      ok: false,
      message: `expected ${check.reason}, but the container has not terminated yet (state: ${ctx.pod.status})`,
      lookAt: 'Last State in kubectl describe pod',
    };
  }
  if (last.reason !== check.reason) {
    const hint = check.reason === 'OOMKilled' && last.exitCode === 137
      ? 'Exit 137 without OOMKilled means a SIGKILL from elsewhere, or containerd missed the OOM event: check kubectl logs --previous and the node\'s dmesg.'
      : undefined;
    return {
      ok: false,
      message: `expected ${check.reason}, got ${last.reason} (exit code ${last.exitCode})`,
      note: hint,
      lookAt: 'Last State, Reason and Exit Code in kubectl describe pod, and kubectl logs --previous',
    };
  }
  if (check.exitCode === undefined) return { ok: true, message: `${last.reason} (exit code ${last.exitCode})` };
  if (last.exitCode === check.exitCode) {
    return { ok: true, message: `${last.reason} with exit code ${last.exitCode}, as the lesson says`, note: reasonNote(check.reason, last.exitCode, ctx) };
  }
  if (check.alsoAccept?.includes(last.exitCode)) {
    return { ok: true, message: `${last.reason} with exit code ${last.exitCode} (the lesson shows ${check.exitCode})`, note: reasonNote(check.reason, last.exitCode, ctx) };
  }
  return {
    ok: false,
    message: `expected exit code ${check.exitCode}, got ${last.exitCode} (reason ${last.reason})`,
    lookAt: 'Exit Code in kubectl describe pod',
  };
}

function reasonNote(reason: string, exitCode: number, ctx: CheckContext): string | undefined {
  return reason === 'OOMKilled' ? explainOomExit(exitCode, ctx.node ?? {}) : undefined;
}
