// Checks on a pod's state as the API reports it: phase, waiting reason, terminations, restarts.
import { explainOomExit } from '../exit-codes.js';
import { latestTermination, type PodFacts, type Termination } from '../facts.js';
import { compare, type CheckContext, type CheckDefs, type CheckResult, type Of } from './result.js';

const POD = ['pod'] as const;
const pod = (ctx: CheckContext) => ctx.subject as PodFacts;

export const podStateChecks: CheckDefs<'exists' | 'phase' | 'waitingReason' | 'terminated' | 'ready' | 'restartCount' | 'scheduled' | 'event'> = {
  exists: {
    kinds: ['pod', 'service', 'pvc', 'deployment', 'node'],
    describe: (c) => (c.equals ? 'it exists' : 'it is gone'),
    evaluate: (c, ctx) => {
      const s = ctx.subject;
      const ok = s.exists === c.equals;
      const what = `${s.kind} ${s.name}`;
      return { ok, message: ok ? `${what} ${c.equals ? 'exists' : 'is gone'}` : `expected ${what} to ${c.equals ? 'exist' : 'be gone'}`, lookAt: ok ? undefined : `kubectl get ${s.kind}` };
    },
  },
  phase: {
    kinds: POD,
    describe: (c) => `phase is ${c.equals}`,
    evaluate: (c, ctx) => compare(`phase ${c.equals}`, pod(ctx).phase ?? 'unknown', c.equals === pod(ctx).phase, 'STATUS in kubectl get pod'),
  },
  waitingReason: {
    kinds: POD,
    describe: (c) => `waiting reason is ${c.oneOf.join(' or ')}`,
    evaluate: (c, ctx) => {
      const p = pod(ctx);
      const reason = p.state?.kind === 'waiting' ? p.state.reason ?? 'none' : `not waiting (${p.state?.kind ?? 'no state'})`;
      return compare(`waiting reason ${c.oneOf.join(' or ')}`, reason, c.oneOf.includes(reason), 'State: Waiting / Reason in kubectl describe pod');
    },
  },
  terminated: {
    kinds: POD,
    describe: (c) => `terminated with reason ${c.reason}${c.exitCode === undefined ? '' : ` and exit code ${c.exitCode}`}`,
    evaluate: evaluateTermination,
  },
  ready: {
    kinds: POD,
    describe: (c) => (c.equals ? 'the container is ready' : 'the container is not ready'),
    evaluate: (c, ctx) => compare(c.equals ? 'ready' : 'not ready', pod(ctx).ready ? 'ready' : 'not ready', pod(ctx).ready === c.equals, 'READY in kubectl get pod'),
  },
  restartCount: {
    kinds: POD,
    describe: (c) => (c.equals === undefined ? `at least ${c.atLeast} restart(s)` : `${c.equals} restarts`),
    evaluate: (c, ctx) => {
      const p = pod(ctx);
      const ok = c.equals !== undefined ? p.restartCount === c.equals : p.restartCount >= (c.atLeast ?? 0);
      const last = latestTermination(p);
      const why = !ok && last ? `, last stopped with ${last.reason} (exit code ${last.exitCode})` : '';
      return compare(c.equals === undefined ? `at least ${c.atLeast} restart(s)` : `${c.equals} restarts`, `${p.restartCount} restart(s)${why}`, ok, 'RESTARTS in kubectl get pod, Last State in kubectl describe pod');
    },
  },
  scheduled: {
    kinds: POD,
    describe: (c) => (c.equals ? 'the pod is scheduled to a node' : 'the pod is not scheduled'),
    evaluate: (c, ctx) => {
      const p = pod(ctx);
      const scheduled = p.conditions.PodScheduled === 'True';
      const actual = scheduled ? `scheduled to ${p.nodeName ?? 'a node'}` : `not scheduled${p.scheduledMessage ? `: ${p.scheduledMessage}` : ''}`;
      return compare(c.equals ? 'scheduled to a node' : 'not scheduled', actual, scheduled === c.equals, 'Events (FailedScheduling) in kubectl describe pod');
    },
  },
  event: {
    kinds: ['pod', 'service', 'pvc', 'deployment', 'node'],
    describe: (c) => `an event with reason ${c.reason}`,
    evaluate: (c, ctx) => {
      const match = (ctx.events ?? []).find((e) => e.reason === c.reason && (c.messageIncludes === undefined || e.message.includes(c.messageIncludes)));
      return match
        ? { ok: true, message: `event ${match.reason}: ${match.message}` }
        : { ok: false, message: `expected an event with reason ${c.reason}${c.messageIncludes ? ` saying "${c.messageIncludes}"` : ''}, found none`, lookAt: 'Events at the end of kubectl describe, or kubectl get events' };
    },
  },
};

function evaluateTermination(check: Of<'terminated'>, ctx: CheckContext): CheckResult {
  const p = pod(ctx);
  const last = latestTermination(p);
  if (!last) {
    return { ok: false, message: `expected ${check.reason}, but the container has not terminated yet (state: ${p.status})`, lookAt: 'Last State in kubectl describe pod' };
  }
  if (last.reason !== check.reason) {
    const earlier = lostOomEvent(check, last, ctx.seen);
    if (earlier) return earlier;
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
  const note = check.reason === 'OOMKilled' ? explainOomExit(last.exitCode, ctx.node ?? {}) : undefined;
  if (check.exitCode === undefined) return { ok: true, message: `${last.reason} (exit code ${last.exitCode})` };
  if (last.exitCode === check.exitCode) return { ok: true, message: `${last.reason} with exit code ${last.exitCode}, as the lesson says`, note };
  if (check.alsoAccept?.includes(last.exitCode)) {
    return { ok: true, message: `${last.reason} with exit code ${last.exitCode} (the lesson shows ${check.exitCode})`, note };
  }
  return { ok: false, message: `expected exit code ${check.exitCode}, got ${last.exitCode} (reason ${last.reason})`, lookAt: 'Exit Code in kubectl describe pod' };
}

/**
 * On cgroup v1 the runtime learns of an OOM kill from an event that can lose the race with the
 * container's exit on a busy node: the kill is then reported as a plain Error with exit code 1.
 * When kubelab saw this same pod OOMKilled earlier, the latest restart's Error is that lost event,
 * not another cause, and the evidence holds; the message says so instead of failing the learner.
 */
function lostOomEvent(check: Of<'terminated'>, last: Termination, seen: readonly Termination[] | undefined): CheckResult | undefined {
  if (check.reason !== 'OOMKilled' || last.reason !== 'Error' || last.exitCode !== 1) return undefined;
  const killed = seen?.find((t) => t.reason === 'OOMKilled');
  if (!killed) return undefined;
  if (check.exitCode !== undefined && killed.exitCode !== check.exitCode && !check.alsoAccept?.includes(killed.exitCode)) return undefined;
  return {
    ok: true,
    message: `OOMKilled (exit code ${killed.exitCode}) earlier; the latest restart shows Error with exit code 1`,
    note: 'kubelab saw this pod OOMKilled while following it. The runtime learns of an OOM kill from a kernel event that can arrive after the container has already exited; on a busy node it then reports the kill as a plain Error. The kernel still killed it: its OOM counter on the node says so.',
  };
}
