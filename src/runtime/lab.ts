// Runs a scenario from preflight to summary. IO lives here and in cluster/; decisions in engine/.
import { Kind } from '../cluster/kind.js';
import { CommandFailed } from '../cluster/command-failed.js';
import { Interrupted } from '../errors.js';
import type { Emit, LabEvent } from '../engine/events.js';
import { emptyProgress, record, summaryLines } from '../engine/progress.js';
import type { Scenario } from '../scenario/load.js';
import type { StepSpec } from '../scenario/schema.js';
import type { Settings } from '../settings.js';
import { clusterUp, type ClusterPhase } from './cluster-up.js';
import type { LabContext, Learner, StepOutcome } from './context.js';
import { prepare, type InstallConsent } from './prepare.js';
import { commandStep, questionStep } from './steps/ask.js';
import { applyStep, deleteStep, diffStep, readStep } from './steps/show.js';
import { verifyStep } from './steps/verify.js';
import { watchStep } from './steps/watch.js';

export interface RunOptions {
  scenario: Scenario;
  settings: Settings;
  mode: 'learn' | 'auto' | 'demo';
  learner: Learner;
  emit: Emit;
  signal: AbortSignal;
  consent: InstallConsent;
}

export async function runLab(options: RunOptions): Promise<{ ok: boolean }> {
  const { scenario, settings, signal } = options;
  let progress = emptyProgress();
  const emit: Emit = (event: LabEvent) => {
    progress = record(progress, event);
    options.emit(event);
  };
  const phase: ClusterPhase = { state: 'none' };
  try {
    emit({ type: 'run.start', scenario: scenario.id, title: scenario.title, mode: options.mode, cluster: settings.clusterName, at: Date.now() });
    const checked = await prepare(settings, emit, signal, options.consent);
    const tools = { kind: checked.tools.kind!, kubectl: checked.tools.kubectl!, docker: checked.tools.docker };
    const { kubectl, serverMinor } = await clusterUp(settings, tools, emit, signal, phase);
    const ctx: LabContext = {
      scenario, settings, kubectl, docker: tools.docker, learner: options.learner, emit, signal, points: [],
      node: { cgroupVersion: checked.docker.cgroupVersion, serverMinor },
    };
    await resetScenario(ctx);
    const ok = await runSteps(ctx);
    emit({ type: 'summary', lines: summaryLines(progress, Date.now()), points: scenario.summary });
    const keep = await options.learner.keepCluster();
    if (!keep) {
      await new Kind(tools.kind, settings, signal).delete((line) => emit({ type: 'cluster.progress', line }));
      phase.state = 'none';
    }
    const failed = progress.checks.failed + progress.steps.filter((s) => s.ok === false).length;
    emit({
      type: 'run.end', ok, passed: progress.checks.passed, failed, seconds: (Date.now() - (progress.startedAt ?? Date.now())) / 1000,
      cluster: settings.clusterName, clusterState: keep ? keptMessage(settings, scenario.id) : 'The lab cluster was deleted.',
    });
    return { ok };
  } catch (error) {
    if (error instanceof Interrupted || signal.aborted) {
      emit({ type: 'interrupted', clusterState: interruptedMessage(settings, phase) });
      throw new Interrupted();
    }
    throw error;
  }
}

/** Leftovers from an earlier run of this scenario would make apply a no-op: remove them first. */
async function resetScenario(ctx: LabContext): Promise<void> {
  for (const { manifest } of ctx.scenario.cleanup) {
    await ctx.kubectl.deleteManifest(ctx.scenario.manifestPaths[manifest]!);
  }
}

async function runSteps(ctx: LabContext): Promise<boolean> {
  const steps = ctx.scenario.steps;
  let allOk = true;
  for (const [index, step] of steps.entries()) {
    ctx.emit({ type: 'step.start', step: step.id, kind: step.kind, index, total: steps.length, title: step.title, text: step.text, lesson: step.lesson, notes: step.notes });
    const outcome = await runStep(step, ctx);
    // Something to read: the person says when they are done with it.
    if (outcome.ok && (step.kind === 'read' || step.kind === 'diff')) await ctx.learner.proceed(step);
    ctx.emit({ type: 'step.done', step: step.id, ok: outcome.ok, reason: outcome.reason, todo: outcome.todo });
    if (!outcome.ok) allOk = false;
    if (!outcome.ok && outcome.blocking) return false;
  }
  return allOk;
}

async function runStep(step: StepSpec, ctx: LabContext): Promise<StepOutcome> {
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
    }
  } catch (error) {
    if (error instanceof CommandFailed) {
      return { ok: false, blocking: true, reason: error.message, todo: 'Check that the cluster is up: kubelab doctor, then kubelab start to try again.' };
    }
    throw error;
  }
}

function keptMessage(settings: Settings, scenario: string): string {
  return `The cluster "${settings.clusterName}" is still running. Look around: kubectl --kubeconfig ${settings.kubeconfig} --context ${settings.context} get pods. Grade it: kubelab check ${scenario}. Remove it: kubelab down.`;
}

function interruptedMessage(settings: Settings, phase: ClusterPhase): string {
  switch (phase.state) {
    case 'none': return 'Stopped before any cluster was created; nothing was left behind.';
    case 'creating': return `Stopped while kind was creating the cluster "${settings.clusterName}". Remove what it left with: kubelab down`;
    case 'ready': return `The cluster "${settings.clusterName}" is still running, with this lab's pods in it (context ${settings.context} in ${settings.kubeconfig}). Continue later with kubelab start, or remove it with: kubelab down`;
  }
}
