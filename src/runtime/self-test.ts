// kubelab test: the author's self-test. Each scenario's lesson is played unattended, then its
// exercise: the broken state must fail the criteria, and the reference fix must pass them. One
// cluster, reset between scenarios; every failure names the scenario, the step and the check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stamped, type Emit, type LabEvent } from '../engine/events.js';
import { ProgressStore } from '../progress/store.js';
import type { Scenario } from '../scenario/load.js';
import type { Settings } from '../settings.js';
import { autoExerciser, autoLearner } from './auto-learner.js';
import type { ClusterPhase } from './cluster-up.js';
import type { LabContext } from './context.js';
import { runExercise } from './exercise/run.js';
import { runStep, runSteps } from './lab.js';
import { LiveViews } from './live-views.js';
import type { InstallConsent } from './prepare.js';
import { snapshotGrade } from './grade.js';
import { resetScenario, setupScenario, sweepClusterLeftovers } from './scenario-state.js';
import { openSession, type Session } from './session.js';
import { Kubectl } from '../cluster/kubectl.js';
import { LabError } from '../errors.js';

type Result = Extract<LabEvent, { type: 'test.result' }>;

export interface SelfTestOptions {
  scenarios: Scenario[];
  settings: Settings;
  emit: Emit;
  signal: AbortSignal;
  consent: InstallConsent;
  /** How many scenarios play at once, each in a namespace of its own (cluster-scoped ones play alone, after). */
  parallel?: number;
}

export async function selfTest(options: SelfTestOptions): Promise<Result[]> {
  const { settings, signal } = options;
  const parallel = Math.max(1, options.parallel ?? 1);
  if (parallel > 1 && settings.mode === 'existing') throw new LabError('kubelab test --parallel needs namespaces of its own, which a shared cluster\'s kubeconfig may not create.', 'Leave out --parallel.');
  const phase: ClusterPhase = { state: 'none' };
  const session = await openSession(settings, options.emit, signal, options.consent, phase);
  const results: Result[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'kubelab-test-'));
  const runnable = options.scenarios.filter((scenario) => {
    if (scenario.scope === 'cluster' && settings.mode === 'existing') {
      options.emit({ type: 'notice', level: 'warn', text: `${scenario.id} changes the whole cluster, so it is not played in a namespace of a shared cluster; skipped.` });
      return false;
    }
    return true;
  });
  // Other labs' marks on the node (a taint an interrupted run left) are cleared once, here; each
  // scenario then resets only its own objects and marks, so the ones playing at once leave each
  // other's alone.
  if (settings.mode === 'kind' && runnable.length > 0) await sweepClusterLeftovers({ scenario: runnable[0]!, kubectl: session.kubectl, emit: options.emit });
  const one = async (scenario: Scenario, own: Settings) => {
    const report = (result: Result) => {
      results.push(result);
      options.emit(result);
      const where = result.ok ? '' : `${result.failedStep ?? ''}${result.failedCheck ? `: ${result.failedCheck}` : ''}`;
      options.emit({ type: 'check', step: `${scenario.id}/${result.part}`, check: `${scenario.id} ${result.part}`, ok: result.ok, message: result.ok ? `${scenario.id} ${result.part} passed` : `${scenario.id} ${result.part} failed at ${where}: ${result.reason ?? ''}` });
    };
    const kubectl = own === settings ? session.kubectl : new Kubectl(session.tools.kubectl, own, signal);
    const ctx: LabContext = { scenario, settings: own, kubectl, docker: session.tools.docker, node: session.node, learner: autoLearner(true), emit: options.emit, signal, points: [] };
    report(await lessonPart(ctx));
    if (scenario.exercise) report(await exercisePart(ctx, options, { ...session, kubectl }, join(scratch, scenario.id)));
    await resetScenario(ctx);
  };
  try {
    if (parallel === 1) {
      for (const scenario of runnable) await one(scenario, settings);
    } else {
      // Scenarios that share the node at once, each in its own namespace; then the ones that change it for everyone, alone.
      const queue = runnable.filter(sharesTheNode);
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const own = { ...settings, namespace: `kubelab-test-${next.id}`.slice(0, 63) };
          await session.kubectl.call(['create', 'namespace', own.namespace]);
          try {
            await one(next, own);
          } finally {
            await session.kubectl.call(['delete', 'namespace', own.namespace, '--wait=false']);
          }
        }
      };
      await Promise.all(Array.from({ length: parallel }, () => worker()));
      for (const scenario of runnable.filter((s) => !sharesTheNode(s))) await one(scenario, settings);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return results;
}

/**
 * Whether a scenario can play beside others on one node: a namespace's objects can, and so can a
 * cluster-wide lab whose only mark on the node is a label (no other lab selects on it). A taint
 * keeps every other lab's new pods off the node: that lab plays alone.
 */
export function sharesTheNode(scenario: Pick<Scenario, 'scope' | 'setup'>): boolean {
  return scenario.scope === 'namespace' || scenario.setup.every((call) => call.kubectl[0] === 'label');
}

/** The lesson unattended; timing from the issue's apply to the failure seen. */
async function lessonPart(base: LabContext): Promise<Result> {
  const started = Date.now();
  const seen = timings(base.scenario);
  let failedStep: string | undefined;
  let failedCheck: string | undefined;
  let reason: string | undefined;
  // The watches a lab keeps open for the steps that read next, as in a learner's run.
  const views = new LiveViews();
  const ctx: LabContext = {
    ...base,
    views,
    emit: stamped((event) => {
      seen.feed(event);
      if (event.type === 'check' && !event.ok) failedCheck ??= `${event.check}: ${event.message}`;
      if (event.type === 'step.done' && !event.ok && failedStep === undefined) {
        failedStep = event.step;
        reason = event.reason;
      }
      base.emit(event);
    }),
  };
  ctx.emit({ type: 'run.start', scenario: base.scenario.id, title: base.scenario.title, mode: 'auto', cluster: base.settings.clusterName });
  await resetScenario(ctx);
  await setupScenario(ctx);
  const { ok } = await runSteps(ctx, 0, () => undefined).finally(() => views.closeAll());
  return {
    type: 'test.result', scenario: base.scenario.id, part: 'lesson', ok: ok && failedStep === undefined, seconds: (Date.now() - started) / 1000,
    failedStep, failedCheck: ok ? undefined : failedCheck, reason, failureSeenSeconds: seen.failureSeen(),
  };
}

/** The exercise with its reference fix: the broken state must fail the criteria first, the fix must pass them. */
async function exercisePart(base: LabContext, options: SelfTestOptions, session: Session, workdir: string): Promise<Result> {
  const scenario = base.scenario;
  const started = Date.now();
  let fixAppliedAt: number | undefined;
  let healthyAt: number | undefined;
  let brokenVerdict: string | undefined;
  const emit: Emit = stamped((event) => {
    if (event.type === 'kubectl' && event.argv.includes('apply') && fixAppliedAt === undefined && brokenVerdict !== undefined) fixAppliedAt = event.at;
    if (event.type === 'criteria' && event.holding && healthyAt === undefined && fixAppliedAt !== undefined) healthyAt = event.at;
    options.emit(event);
  });
  const store = new ProgressStore(join(workdir, 'state'));
  const timeout = new AbortController();
  const onAbort = () => timeout.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  // Scaled for the stand-ins, but never under a minute: starting processes takes real time.
  const timer = setTimeout(() => timeout.abort(), Math.max(60_000, 10 * 60_000 * options.settings.timeScale));
  try {
    const outcome = await runExercise({
      scenario, settings: base.settings, session, learner: autoExerciser(scenario), emit, signal: timeout.signal, consent: options.consent, store,
      workdir: join(workdir, 'work'), detach: false, fresh: true,
      beforeFix: async (ctx) => {
        // Let the failure show first (the lesson's own watches on the broken objects), then grade it.
        for (const step of failureWatches(scenario)) {
          const outcome = await runStep(step, ctx);
          if (!outcome.ok) throw new SelfTestFailure(step.id, outcome.reason ?? 'the failure did not show');
        }
        const items = await snapshotGrade(scenario, ctx.kubectl, ctx.node);
        if (items.every((i) => i.ok)) throw new SelfTestFailure('exercise', 'the broken state already passes every criterion: the exercise would grade a non-fix as fixed');
        brokenVerdict = items.find((i) => !i.ok)!.message;
      },
    });
    const ok = outcome === 'fixed';
    return {
      type: 'test.result', scenario: scenario.id, part: 'exercise', ok, seconds: (Date.now() - started) / 1000,
      failedStep: ok ? undefined : 'exercise', reason: ok ? undefined : `the reference fix did not pass (${outcome})`,
      healthySeconds: fixAppliedAt !== undefined && healthyAt !== undefined ? (healthyAt - fixAppliedAt) / 1000 : undefined,
    };
  } catch (error) {
    if (error instanceof SelfTestFailure) {
      return { type: 'test.result', scenario: scenario.id, part: 'exercise', ok: false, seconds: (Date.now() - started) / 1000, failedStep: error.step, reason: error.message };
    }
    if (timeout.signal.aborted && !options.signal.aborted) {
      return { type: 'test.result', scenario: scenario.id, part: 'exercise', ok: false, seconds: (Date.now() - started) / 1000, failedStep: 'exercise', reason: 'the reference fix did not hold within 10 minutes' };
    }
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

class SelfTestFailure extends Error {
  constructor(readonly step: string, message: string) {
    super(message);
  }
}

/** The lesson's watches on objects the exercise breaks: they show the failure before the fix. */
function failureWatches(scenario: Scenario) {
  const broken = new Set(scenario.exercise!.break);
  return scenario.steps.filter((s): s is Extract<typeof s, { kind: 'watch' }> => {
    if (s.kind !== 'watch' || s.goal) return false;
    const target = scenario.targets[s.target];
    return target !== undefined && 'manifest' in target && target.manifest !== undefined && broken.has(target.manifest);
  });
}

/** From the first apply of the issue to the end of the first watch that saw the failure. */
function timings(scenario: Scenario) {
  let applied: number | undefined;
  let seen: number | undefined;
  const watchIds = new Set(scenario.steps.filter((s) => s.kind === 'watch' && !s.goal).map((s) => s.id));
  return {
    feed(event: LabEvent) {
      if (event.type === 'kubectl' && event.by === 'kubelab' && event.argv[1] === 'apply' && applied === undefined) applied = event.at;
      if (event.type === 'step.done' && event.ok && watchIds.has(event.step) && seen === undefined) seen = event.at;
    },
    failureSeen: () => (applied !== undefined && seen !== undefined ? (seen - applied) / 1000 : undefined),
  };
}
