// Runs a scenario's lesson from preflight to summary, resuming where the learner stopped. IO lives
// here and in cluster/; decisions in engine/.
import { Kind } from '../cluster/kind.js';
import { CommandFailed } from '../cluster/command-failed.js';
import { Interrupted } from '../errors.js';
import { explainClusterFailure, type ClusterFailure } from '../engine/cluster-failure.js';
import { stamped, stopSignal, type Emit, type LabEvent, type RunMode } from '../engine/events.js';
import { lessonScore, withScenario } from '../engine/learner-progress.js';
import { emptyProgress, record, summaryLines, type Progress } from '../engine/progress.js';
import type { ProgressStore } from '../progress/store.js';
import type { Scenario } from '../scenario/load.js';
import type { StepSpec } from '../scenario/schema.js';
import type { Settings } from '../settings.js';
import type { ClusterPhase } from './cluster-up.js';
import type { LabContext, Learner, StepOutcome } from './context.js';
import type { InstallConsent } from './prepare.js';
import { clearForStart, setupScenario, sweepClusterLeftovers } from './scenario-state.js';
import { clusterFailure } from './cluster-health.js';
import { openSession } from './session.js';
import { commandStep, questionStep } from './steps/ask.js';
import { execStep } from './steps/exec.js';
import { kernelStep } from './steps/kernel.js';
import { applyStep, deleteStep, diffStep, readStep } from './steps/show.js';
import { verifyStep } from './steps/verify.js';
import { watchStep } from './steps/watch.js';
import { LiveViews } from './live-views.js';

export interface RunOptions {
  scenario: Scenario;
  settings: Settings;
  mode: Extract<RunMode, 'learn' | 'auto' | 'demo'>;
  learner: Learner;
  emit: Emit;
  signal: AbortSignal;
  consent: InstallConsent;
  /** Where the learner's progress is kept; none for unattended runs. */
  store?: ProgressStore;
  /** Begin again even if the lesson stopped part-way before. */
  fresh?: boolean;
}

/** Steps that only show or ask: done once, they are not repeated on resume. State-changing steps are replayed. */
const REPLAYED: ReadonlySet<StepSpec['kind']> = new Set(['apply', 'delete', 'watch']);

export async function runLab(options: RunOptions): Promise<{ ok: boolean }> {
  const { scenario, settings, signal, store } = options;
  const saved = options.fresh ? undefined : store?.read().scenarios[scenario.id]?.lesson;
  const resumeAt = saved?.status === 'in-progress' && saved.stepIndex > 0 && saved.stepIndex < scenario.steps.length ? saved.stepIndex : 0;
  let progress: Progress = resumeAt > 0 && saved ? saved.run : emptyProgress();
  let stepIndex = resumeAt;
  let savedAt = Date.now();
  const save = (status: 'in-progress' | 'done') => {
    if (!store) return;
    const now = Date.now();
    const elapsed = (now - savedAt) / 1000;
    savedAt = now;
    store.update((all) => withScenario(all, scenario.id, (r) => ({
      ...r,
      lesson: {
        status, stepIndex, run: progress, updatedAt: now,
        seconds: (resumeAt > 0 || r.lesson?.status === 'in-progress' ? r.lesson?.seconds ?? 0 : 0) + elapsed,
        score: status === 'done' ? lessonScore(progress) : undefined,
      },
    })));
  };
  // Stamped here, so the run's record (and the summary's time) sees when each event happened.
  const emit: Emit = stamped((event: LabEvent) => {
    if (!(resumeAt > 0 && event.type === 'run.start')) progress = record(progress, event);
    options.emit(event);
  });
  const phase: ClusterPhase = { state: 'none' };
  const views = new LiveViews();
  try {
    emit({ type: 'run.start', scenario: scenario.id, title: scenario.title, mode: options.mode, cluster: settings.clusterName });
    const session = await openSession(settings, emit, signal, options.consent, phase, scenario);
    const ctx: LabContext = {
      scenario, settings, kubectl: session.kubectl, docker: session.tools.docker, learner: options.learner, emit, signal, points: [], node: session.node, views,
    };
    if (resumeAt === 0) {
      await clearForStart(ctx, settings, session.look);
      save('in-progress');
    } else {
      if (settings.mode === 'kind') await sweepClusterLeftovers(ctx, session.look?.ok ? session.look.read.nodes : undefined);
      emit({ type: 'resume', step: scenario.steps[resumeAt]!.id, index: resumeAt, skipped: scenario.steps.slice(0, resumeAt).filter((s) => !REPLAYED.has(s.kind)).map((s) => s.id) });
    }
    await setupScenario(ctx);
    const { ok, down } = await runSteps(ctx, resumeAt, (next) => {
      stepIndex = next;
      save('in-progress');
    });
    if (down) {
      // Nothing was learned past this point: no summary, no question about keeping a cluster that is gone.
      save('in-progress');
      emit({ type: 'run.end', ok: false, passed: progress.checks.passed, failed: progress.checks.failed + 1, seconds: (Date.now() - (progress.startedAt ?? Date.now())) / 1000, cluster: settings.clusterName, clusterState: `${down.what} ${down.remedy}` });
      return { ok: false };
    }
    emit({ type: 'summary', lines: summaryLines(progress, Date.now()), points: scenario.summary });
    save(ok ? 'done' : 'in-progress');
    if (scenario.scope === 'cluster' && scenario.setup.length > 0) {
      emit({ type: 'notice', level: 'info', text: `The node still carries what this lab set on it (${scenario.setup.map((s) => s.kubectl.join(' ')).join('; ')}). kubelab undoes it when the next lab starts, or now with: kubelab reset ${scenario.id}` });
    }
    const keep = await options.learner.keepCluster();
    // A shared cluster is never kubelab's to delete.
    if (!keep && settings.mode === 'kind') {
      await new Kind(session.tools.kind, settings, signal).delete((line) => emit({ type: 'cluster.progress', line }));
      phase.state = 'none';
    }
    const failed = progress.checks.failed + progress.steps.filter((s) => s.ok === false).length;
    emit({
      type: 'run.end', ok, passed: progress.checks.passed, failed, seconds: (Date.now() - (progress.startedAt ?? Date.now())) / 1000,
      cluster: settings.clusterName, clusterState: keep || settings.mode === 'existing' ? keptMessage(settings, scenario.id) : 'The lab cluster was deleted.',
    });
    return { ok };
  } catch (error) {
    if (error instanceof Interrupted || signal.aborted) {
      emit({ type: 'interrupted', by: stopSignal(signal), clusterState: interruptedMessage(settings, phase, scenario.id) });
      throw new Interrupted();
    }
    throw error;
  } finally {
    views.closeAll();
  }
}

export interface StepsResult {
  ok: boolean;
  /** Set when the run stopped because the cluster went away (Docker stopped, the node died or froze). */
  down?: ClusterFailure;
}

/** Plays the steps from `from`; on resume the earlier state-changing steps are replayed first, quietly. */
export async function runSteps(ctx: LabContext, from: number, onDone: (next: number) => void): Promise<StepsResult> {
  const steps = ctx.scenario.steps;
  for (const step of steps.slice(0, from)) {
    if (!REPLAYED.has(step.kind)) continue;
    const outcome = await runStep(step, ctx);
    if (!outcome.ok && outcome.blocking) {
      const down = outcome.failure && (await clusterFailure(outcome.failure, ctx.settings, ctx.docker, `kubelab start ${ctx.scenario.id} picks up at step ${from + 1}`));
      ctx.emit({ type: 'step.done', step: step.id, ok: false, reason: `restoring the lab before resuming: ${down?.what ?? outcome.reason}`, todo: down?.remedy ?? 'Start over with kubelab start --fresh.' });
      return { ok: false, down: down?.down ? down : undefined };
    }
  }
  let allOk = true;
  for (const [index, step] of steps.entries()) {
    if (index < from) continue;
    ctx.emit({ type: 'step.start', step: step.id, kind: step.kind, index, total: steps.length, title: step.title, text: step.text, lesson: step.lesson, notes: step.notes });
    let outcome = await runStep(step, ctx);
    for (let retries = 0; outcome.failure && retries < 2; retries++) {
      const down = await clusterFailure(outcome.failure, ctx.settings, ctx.docker, `kubelab start ${ctx.scenario.id} picks up at step ${index + 1}`);
      if (down?.down) {
        ctx.emit({ type: 'step.done', step: step.id, ok: false, reason: down.what, todo: down.remedy });
        return { ok: false, down };
      }
      // The cluster is there but kubectl got no answer in time: offer to try the step again.
      const again = outcome.failure.result.timedOut || down !== undefined;
      if (!again || !(await ctx.learner.confirm?.(`${down?.what ?? 'kubectl did not answer in time.'} Try this step again?`, true))) break;
      ctx.emit({ type: 'notice', level: 'info', text: `Trying "${step.title}" again` });
      outcome = await runStep(step, ctx);
    }
    if (outcome.nodeDown) {
      const { dockerUp, ...node } = outcome.nodeDown;
      const down = explainClusterFailure({ dockerUp, node, nodeName: ctx.settings.nodeContainer, clusterName: ctx.settings.clusterName }, `kubelab start ${ctx.scenario.id} picks up at step ${index + 1}`);
      ctx.emit({ type: 'step.done', step: step.id, ok: false, reason: down.what, todo: down.remedy });
      return { ok: false, down };
    }
    // Something to read: the person says when they are done with it.
    if (outcome.ok && (step.kind === 'read' || step.kind === 'diff')) await ctx.learner.proceed(step);
    ctx.emit({ type: 'step.done', step: step.id, ok: outcome.ok, reason: outcome.reason, todo: outcome.todo });
    if (!outcome.ok) allOk = false;
    if (!outcome.ok && outcome.blocking) return { ok: false };
    onDone(index + 1);
  }
  return { ok: allOk };
}

/** Steps that only read the cluster: a pod watch kept open by an earlier watch step still tells the truth through them. */
const READS_ONLY: ReadonlySet<StepSpec['kind']> = new Set(['read', 'command', 'question', 'verify', 'kernel', 'diff']);

/** Runs one step; a kubectl call that failed becomes the step's failure with what to do. */
export async function runStep(step: StepSpec, ctx: LabContext): Promise<StepOutcome> {
  if (!READS_ONLY.has(step.kind)) ctx.views?.closeAll();
  try {
    switch (step.kind) {
      case 'read': return readStep(step, ctx);
      case 'apply': return await applyStep(step, ctx);
      case 'watch': return await watchStep(step, ctx);
      case 'command': return await commandStep(step, ctx);
      case 'question': return await questionStep(step, ctx);
      case 'verify': return await verifyStep(step, ctx);
      case 'diff': return diffStep(step, ctx);
      case 'delete': return await deleteStep(step, ctx);
      case 'exec': return await execStep(step, ctx);
      case 'kernel': return await kernelStep(step, ctx);
    }
  } catch (error) {
    if (error instanceof CommandFailed) {
      return { ok: false, blocking: true, reason: error.message, todo: 'Check that the cluster is up: kubelab doctor, then kubelab start to try again.', failure: error };
    }
    throw error;
  }
}

function keptMessage(settings: Settings, scenario: string): string {
  if (settings.mode === 'existing') {
    return `Your namespace ${settings.namespace} keeps this lab's objects. Grade it: kubelab check ${scenario} --kubeconfig ${settings.kubeconfig}. Clear it: kubelab reset ${scenario} --kubeconfig ${settings.kubeconfig}.`;
  }
  return `The cluster "${settings.clusterName}" is still running. Look around: kubectl --kubeconfig ${settings.kubeconfig} --context ${settings.context} get pods (or kubelab shell). Grade it: kubelab check ${scenario}. Remove it: kubelab down.`;
}

function interruptedMessage(settings: Settings, phase: ClusterPhase, scenario: string): string {
  if (settings.mode === 'existing') return `Stopped. Your namespace ${settings.namespace} keeps this lab's objects; pick up where you stopped with kubelab start ${scenario} --kubeconfig ${settings.kubeconfig}.`;
  switch (phase.state) {
    case 'none': return `Stopped before any cluster was created; nothing was left behind. Start again with kubelab start ${scenario}.`;
    case 'creating': return `Stopped while kind was creating the cluster "${settings.clusterName}". Remove what it left with kubelab down, then start again with kubelab start ${scenario}.`;
    case 'ready': return `The cluster "${settings.clusterName}" is still running, with this lab's objects in it (context ${settings.context} in ${settings.kubeconfig}). Pick up where you stopped with kubelab start ${scenario}, or remove it with: kubelab down`;
  }
}
