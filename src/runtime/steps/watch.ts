// Follows a target through kubectl watches until the step's checks hold (for a stable window, if
// the step asks for one), or its timeout passes and kubelab says what the object does instead.
import { CommandFailed } from '../../cluster/command-failed.js';
import { containerRunning } from '../../cluster/docker.js';
import { evaluate, describeCheck, type CheckResult } from '../../engine/checks/index.js';
import { diagnose } from '../../engine/diagnose.js';
import { parseDuration, formatSeconds } from '../../engine/durations.js';
import type { LabEvent } from '../../engine/events.js';
import { absentPod, latestTermination, type ObjectFacts, type PodFacts, type Termination } from '../../engine/facts.js';
import type { LiveView } from '../live-views.js';
import { summarize } from '../../engine/summarize.js';
import type { StepSpec } from '../../scenario/schema.js';
import { scaled } from '../../settings.js';
import { rememberTermination, type LabContext, type StepOutcome } from '../context.js';
import { probeApi } from '../api-probe.js';
import { follow } from '../follow.js';

type WatchStep = Extract<StepSpec, { kind: 'watch' }>;

export async function watchStep(step: WatchStep, ctx: LabContext): Promise<StepOutcome> {
  const timeoutMs = scaled(ctx.settings, parseDuration(step.timeout));
  const stableMs = step.stableFor ? scaled(ctx.settings, parseDuration(step.stableFor)) : 0;
  const { subject, results, timedOut } = await watchUntil(step, ctx, timeoutMs, stableMs);

  if (timedOut) {
    const failing = results.find((r) => !r.ok);
    const waited = stuck(step, subject) ? 'and it will not get there by itself' : stableMs > 0 && results.length > 0 && results.every((r) => r.ok) ? `it did not stay that way for ${step.stableFor}` : `after ${formatSeconds(timeoutMs)}`;
    const doing = await whatItDoes(ctx, subject);
    return { ok: false, blocking: true, reason: `${failing?.message ?? 'it did not settle'} ${waited}: ${doing.doing}`, todo: doing.todo };
  }
  step.until.forEach((check, i) => {
    const r = results[i]!;
    ctx.emit({ type: 'check', step: step.id, check: describeCheck(check), ok: r.ok, message: r.message, note: r.note });
  });
  const pod = subject?.kind === 'pod' ? subject : undefined;
  const wanted = step.until.find((c) => c.type === 'terminated');
  const last = pod && evidenceOf(pod, wanted?.type === 'terminated' ? wanted.reason : undefined, ctx.seen?.get(pod.uid ?? ''));
  if (pod && last && wanted) {
    ctx.emit({ type: 'evidence', target: step.target, pod: pod.name, reason: last.reason, exitCode: last.exitCode, restarts: pod.restartCount });
    return nodeStillUp(ctx);
  }
  return { ok: true };
}

/** The termination that answers the step: the latest, or the one with the wanted reason kubelab saw before the runtime lost it. */
function evidenceOf(pod: PodFacts, reason: string | undefined, seen: readonly Termination[] | undefined): Termination | undefined {
  const last = latestTermination(pod);
  if (!last || reason === undefined || last.reason === reason) return last;
  return [...(seen ?? [])].reverse().find((t) => t.reason === reason) ?? last;
}

/** Waiting states a pod does not leave by itself: no point waiting out the timeout, unless the step is about them. */
const STUCK = new Set(['ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError', 'ErrImageNeverPull']);

function stuck(step: WatchStep, subject: ObjectFacts | undefined): boolean {
  if (subject?.kind !== 'pod' || subject.state?.kind !== 'waiting' || !STUCK.has(subject.state.reason ?? '')) return false;
  return !step.until.some((c) => c.type === 'waitingReason' || c.type === 'exists');
}

async function whatItDoes(ctx: LabContext, subject: ObjectFacts | undefined): Promise<{ doing: string; todo: string }> {
  if (subject === undefined || subject.kind === 'pod') {
    const pod = subject as PodFacts | undefined;
    const events = pod?.exists ? await ctx.kubectl.events(pod.name, pod.uid) : [];
    return diagnose(pod, events);
  }
  return { doing: `${subject.kind} ${subject.name} is ${summarize(subject)}`, todo: `Read kubectl describe ${subject.kind} ${subject.name}.` };
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

interface Watched {
  subject?: ObjectFacts;
  results: CheckResult[];
  timedOut: boolean;
}

/** What the live area shows for the target: a pod line, or a one-line summary of another object. */
function viewEvent(key: string, subject: ObjectFacts): LabEvent {
  if (subject.kind !== 'pod') return { type: 'object', target: key, kind: subject.kind, name: subject.name, summary: summarize(subject) };
  const last = latestTermination(subject);
  return {
    type: 'pod', target: key, pod: subject.name, exists: subject.exists, phase: subject.phase, status: subject.status,
    ready: subject.readyText, restarts: subject.restartCount, lastState: last && { reason: last.reason, exitCode: last.exitCode },
  };
}

function watchUntil(step: WatchStep, ctx: LabContext, timeoutMs: number, stableMs: number): Promise<Watched> {
  const target = ctx.scenario.targets[step.target]!;
  return new Promise((resolve, reject) => {
    let subject: ObjectFacts | undefined;
    let shown = '';
    let results: CheckResult[] = [];
    let stableTimer: NodeJS.Timeout | undefined;
    let settled = false;
    let keep: (() => void) | undefined;
    const timer = setTimeout(() => finish(() => resolve({ subject, results, timedOut: true })), timeoutMs);
    const api = probeApi(ctx.kubectl, ctx.settings, (error) => finish(() => reject(error)));

    /** Ends the step once: timers cleared, the watches stopped (or kept, when the step got what it waited for), then the outcome. */
    function finish(outcome: () => void, held = false): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(stableTimer);
      api.stop();
      if (held && keep && ctx.views) keep();
      else stop();
      outcome();
    }
    function onFacts(next: ObjectFacts): void {
      if (settled) return;
      const view = viewEvent(step.target, next);
      const { at: _at, ...comparable } = view;
      const key = JSON.stringify(comparable);
      if (key !== shown) {
        shown = key;
        ctx.emit(view);
      }
      const restarted = subject?.kind === 'pod' && next.kind === 'pod' && next.restartCount > subject.restartCount;
      subject = next;
      rememberTermination(ctx, next);
      const seen = next.kind === 'pod' && next.uid ? ctx.seen?.get(next.uid) : undefined;
      results = step.until.map((check) => evaluate(check, { subject: next, node: ctx.node, seen }));
      if (stuck(step, next)) return finish(() => resolve({ subject, results, timedOut: true }));
      const allOk = results.every((r) => r.ok);
      const done = () => finish(() => resolve({ subject, results, timedOut: false }), true);
      if (allOk && stableMs === 0) done();
      else if (allOk && stableTimer === undefined) stableTimer = setTimeout(done, stableMs);
      else if (!allOk && stableTimer !== undefined) {
        clearTimeout(stableTimer);
        stableTimer = undefined;
        if (restarted) ctx.emit({ type: 'notice', level: 'warn', text: `${next.name} restarted during the ${step.stableFor} window; watching again` });
      }
    }

    let stop: () => void;
    if (target.kind === 'pod') {
      // One pod by name: a single watch, picked up again when the API server ends it. Once the step
      // is done it stays open for the steps that read the pod next (ctx.views), until one changes things.
      const view: LiveView = { facts: absentPod(target.name), alive: true };
      let watch = start();
      stop = () => watch.stop();
      keep = () => ctx.views?.adopt(step.target, view, () => {
        view.alive = false;
        watch.stop();
      });
      function start() {
        const w = ctx.kubectl.watchPod(view.facts.name, target.kind === 'pod' ? target.container : undefined, (facts, raw) => {
          view.facts = facts;
          view.raw = raw;
          onFacts(facts);
        });
        w.done.then(
          (result) => {
            if (settled) {
              view.alive = false;
              return;
            }
            if (result.stopped) return;
            if (result.exitCode !== 0) finish(() => reject(new CommandFailed(`watching pod ${target.kind === 'pod' ? target.name : ''}`, result)));
            else watch = start();
          },
          (error: unknown) => finish(() => reject(error)),
        );
        return w;
      }
    } else {
      const follower = follow(ctx.kubectl, ctx.scenario, { pods: false, targets: [step.target] }, (state) => {
        const facts = state.targets.get(step.target);
        if (facts) onFacts(facts);
      });
      stop = () => follower.stop();
      follower.failed.catch((error: unknown) => finish(() => reject(error)));
    }
  });
}
