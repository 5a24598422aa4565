// Follows a target pod through a kubectl watch until the step's checks hold (for a stable window,
// if the step asks for one), or its timeout passes and kubelab says what the pod does instead.
import { CommandFailed } from '../../cluster/command-failed.js';
import { containerRunning } from '../../cluster/docker.js';
import { evaluate, describeCheck, type CheckResult } from '../../engine/checks.js';
import { diagnose } from '../../engine/diagnose.js';
import { parseDuration, formatSeconds } from '../../engine/durations.js';
import { latestTermination, type PodFacts } from '../../engine/facts.js';
import type { StepSpec } from '../../scenario/schema.js';
import { scaled } from '../../settings.js';
import type { LabContext, StepOutcome } from '../context.js';

type WatchStep = Extract<StepSpec, { kind: 'watch' }>;

const sameView = (a: PodFacts | undefined, b: PodFacts) =>
  a !== undefined && a.exists === b.exists && a.status === b.status && a.readyText === b.readyText && a.restartCount === b.restartCount &&
  latestTermination(a)?.finishedAt === latestTermination(b)?.finishedAt;

export async function watchStep(step: WatchStep, ctx: LabContext): Promise<StepOutcome> {
  const target = ctx.scenario.targets[step.target]!;
  const timeoutMs = scaled(ctx.settings, parseDuration(step.timeout));
  const stableMs = step.stableFor ? scaled(ctx.settings, parseDuration(step.stableFor)) : 0;
  const { pod, results, timedOut } = await follow(step, ctx, timeoutMs, stableMs);

  if (timedOut) {
    const events = pod?.exists ? await ctx.kubectl.events(target.name) : [];
    const failing = results.find((r) => !r.ok);
    const { doing, todo } = diagnose(pod, events);
    const waited = stableMs > 0 && results.every((r) => r.ok) ? `it did not stay that way for ${step.stableFor}` : `after ${formatSeconds(timeoutMs)}`;
    return { ok: false, blocking: true, reason: `${failing?.message ?? 'the pod did not settle'} ${waited}: ${doing}`, todo };
  }
  step.until.forEach((check, i) => {
    const r = results[i]!;
    ctx.emit({ type: 'check', step: step.id, check: describeCheck(check), ok: r.ok, message: r.message, note: r.note });
  });
  const last = pod && latestTermination(pod);
  if (pod && last && step.until.some((c) => c.type === 'terminated')) {
    ctx.emit({ type: 'evidence', target: step.target, pod: pod.name, reason: last.reason, exitCode: last.exitCode, restarts: pod.restartCount });
    return nodeStillUp(ctx);
  }
  return { ok: true };
}

/** An OOM kill can take a kind node down with it on some hosts (kind#3169); say so instead of hanging. */
async function nodeStillUp(ctx: LabContext): Promise<StepOutcome> {
  if (!ctx.docker) return { ok: true };
  const running = await containerRunning(ctx.docker, ctx.settings.nodeContainer, ctx.signal);
  if (running === false) {
    return {
      ok: false,
      blocking: true,
      reason: 'the kind node container stopped after the OOM kill: the host killed the whole node, not just the pod',
      todo: 'This is a known kind problem on hosts with an older systemd. Run kubelab down, then kubelab start to try again.',
    };
  }
  return { ok: true };
}

interface Followed {
  pod?: PodFacts;
  results: CheckResult[];
  timedOut: boolean;
}

function follow(step: WatchStep, ctx: LabContext, timeoutMs: number, stableMs: number): Promise<Followed> {
  const target = ctx.scenario.targets[step.target]!;
  return new Promise((resolve, reject) => {
    let pod: PodFacts | undefined;
    let results: CheckResult[] = [];
    let stableTimer: NodeJS.Timeout | undefined;
    let settled = false;
    let watch = start();
    const timer = setTimeout(() => finish(() => resolve({ pod, results, timedOut: true })), timeoutMs);

    /** Ends the step once: timers cleared, the watch stopped, then the outcome. */
    function finish(outcome: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(stableTimer);
      watch.stop();
      outcome();
    }
    function onPod(next: PodFacts): void {
      if (settled) return;
      if (!sameView(pod, next)) {
        const last = latestTermination(next);
        ctx.emit({
          type: 'pod', target: step.target, pod: next.name, exists: next.exists, phase: next.phase, status: next.status,
          ready: next.readyText, restarts: next.restartCount, lastState: last && { reason: last.reason, exitCode: last.exitCode },
        });
      }
      const restarted = pod !== undefined && next.restartCount > pod.restartCount;
      pod = next;
      results = step.until.map((check) => evaluate(check, { pod: next, node: ctx.node }));
      const allOk = results.every((r) => r.ok);
      const done = () => finish(() => resolve({ pod, results, timedOut: false }));
      if (allOk && stableMs === 0) done();
      else if (allOk && stableTimer === undefined) stableTimer = setTimeout(done, stableMs);
      else if (!allOk && stableTimer !== undefined) {
        clearTimeout(stableTimer);
        stableTimer = undefined;
        if (restarted) ctx.emit({ type: 'notice', level: 'warn', text: `${next.name} restarted during the ${step.stableFor} window; watching again` });
      }
    }
    function start() {
      const w = ctx.kubectl.watchPod(target.name, target.container, onPod);
      w.done.then(
        (result) => {
          if (settled || result.stopped) return;
          if (result.exitCode !== 0) finish(() => reject(new CommandFailed(`watching pod ${target.name}`, result)));
          else watch = start(); // the API server ends watches now and then; pick it up again
        },
        (error: unknown) => finish(() => reject(error)),
      );
      return w;
    }
  });
}
