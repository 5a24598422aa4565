// kubelab exercise: breaks the lab, gives the learner the brief and a workspace, then grades live
// while they work (at kubelab's prompt or in their own terminal) until the fix holds.
import { basename } from 'node:path';
import { CommandFailed } from '../../cluster/command-failed.js';
import { Interrupted } from '../../errors.js';
import { stopSignal, type Emit } from '../../engine/events.js';
import type { ProgressStore } from '../../progress/store.js';
import type { Scenario } from '../../scenario/load.js';
import type { Settings } from '../../settings.js';
import type { ClusterPhase } from '../cluster-up.js';
import type { LabContext, Learner } from '../context.js';
import type { InstallConsent } from '../prepare.js';
import { applyManifest, clearForStart, resetScenario, setupScenario } from '../scenario-state.js';
import { clusterFailure } from '../cluster-health.js';
import { openSession, type Session } from '../session.js';
import { liveGrader } from './grader.js';
import { promptLoop, type PromptEnd } from './prompt.js';
import { readExercise, updateExercise } from './record.js';
import { prepareWorkspace } from './workspace.js';

export interface ExerciseOptions {
  scenario: Scenario;
  settings: Settings;
  learner: Learner;
  emit: Emit;
  signal: AbortSignal;
  consent: InstallConsent;
  store: ProgressStore;
  /** The learner's folder for this exercise. */
  workdir: string;
  detach: boolean;
  fresh: boolean;
  /** A session already open (kubelab test plays many on one cluster): no new preflight, no kubeconfig rewrite. */
  session?: Session;
  /** Runs after the lab is broken and before the learner starts (kubelab test checks the broken state here). */
  beforeFix?: (ctx: LabContext) => Promise<void>;
}

export type ExerciseOutcome = 'fixed' | 'skipped' | 'stopped' | 'detached';

export async function runExercise(options: ExerciseOptions): Promise<ExerciseOutcome> {
  const { scenario, settings, signal, store } = options;
  const spec = scenario.exercise!;
  const started = Date.now();
  const emit = options.emit;
  const phase: ClusterPhase = { state: 'none' };
  let docker: string | undefined;
  try {
    emit({ type: 'run.start', scenario: scenario.id, title: scenario.title, mode: 'exercise', cluster: settings.clusterName });
    const session = options.session ?? (await openSession(settings, emit, signal, options.consent, phase, scenario));
    docker = session.tools.docker;
    const ctx: LabContext = { scenario, settings, kubectl: session.kubectl, docker: session.tools.docker, learner: options.learner, emit, signal, points: [], node: session.node };
    const before = readExercise(store, scenario.id);
    const resuming = !options.fresh && before?.status === 'open';
    if (resuming) {
      emit({ type: 'notice', level: 'info', text: `Picking up your open exercise (${before.attempts} attempt(s), ${before.hintsShown} hint(s) so far); the cluster is left as you had it. To break it again: kubelab exercise ${scenario.id} --fresh` });
    } else {
      // kubelab test (a session passed in) clears other labs' marks once for all it plays: here only this lab's own.
      await (options.session ? resetScenario(ctx) : clearForStart(ctx, settings));
      await setupScenario(ctx);
      for (const key of spec.break) await applyManifest(ctx, key);
    }
    const workspace = prepareWorkspace(scenario, options.workdir);
    if (workspace.kept.length > 0) emit({ type: 'notice', level: 'info', text: `Kept your edited ${workspace.kept.join(', ')} in ${workspace.dir} (kubelab reset ${scenario.id} restores the originals).` });
    updateExercise(store, scenario.id, (r) => (resuming ? { ...r, workdir: workspace.dir } : { ...r, status: 'open', attempts: 0, hintsShown: 0, solutionSeen: false, startedAt: started, seconds: 0, workdir: workspace.dir }));
    emit({
      type: 'brief', scenario: scenario.id, symptom: spec.brief.symptom, fixed: spec.brief.fixed, workdir: workspace.dir, files: workspace.files,
      kubeconfig: settings.kubeconfig, context: settings.context, namespace: settings.namespace, stableFor: spec.stableFor,
    });
    if (options.detach) return 'detached';
    await options.beforeFix?.(ctx);

    const initialPods = (await ctx.kubectl.list('pod')).map((p) => (p.facts.kind === 'pod' ? p.facts.uid ?? p.facts.name : ''));
    const grader = liveGrader({
      scenario, settings, kubectl: ctx.kubectl, node: ctx.node, emit, initialPods,
      onAttempt: (pod) => {
        updateExercise(store, scenario.id, (r) => ({ ...r, attempts: r.attempts + 1 }));
        emit({ type: 'notice', level: 'info', text: `New attempt: pod ${pod}` });
      },
    });
    const promptStop = new AbortController();
    const prompt = promptLoop({ ctx, store, workdir: workspace.dir, grader, signal: promptStop.signal });
    let end: PromptEnd | 'fixed';
    try {
      end = await Promise.race([grader.fixed.then(() => 'fixed' as const), prompt]);
    } finally {
      grader.stop();
      promptStop.abort();
    }
    const outcome: ExerciseOutcome = end === 'fixed' ? 'fixed' : end;
    const seconds = (Date.now() - started) / 1000;
    const record = updateExercise(store, scenario.id, (r) => ({
      ...r,
      status: outcome === 'fixed' ? 'fixed' : outcome === 'skipped' ? 'skipped' : r.status,
      seconds: r.seconds + seconds,
    }));
    emit({ type: 'exercise.end', scenario: scenario.id, outcome, seconds, hints: record.hintsShown, attempts: record.attempts });
    const ok = outcome === 'fixed';
    emit({
      type: 'run.end', ok, passed: ok ? grader.current().length : grader.current().filter((i) => i.ok).length, failed: ok ? 0 : grader.current().filter((i) => !i.ok).length,
      seconds, cluster: settings.clusterName, clusterState: endMessage(outcome, scenario.id, record.score),
    });
    return outcome;
  } catch (error) {
    if (error instanceof Interrupted || signal.aborted) {
      emit({ type: 'interrupted', by: stopSignal(signal), clusterState: `Your exercise is still open and the cluster is as you left it. Come back with kubelab exercise ${scenario.id}, grade it with kubelab check ${scenario.id}.` });
      throw new Interrupted();
    }
    if (error instanceof CommandFailed) {
      const down = await clusterFailure(error, settings, docker, `kubelab exercise ${scenario.id} picks it up again`);
      const failure = down ?? { what: error.message, remedy: error.remedy };
      const record = readExercise(store, scenario.id);
      emit({ type: 'exercise.end', scenario: scenario.id, outcome: 'stopped', seconds: (Date.now() - started) / 1000, hints: record?.hintsShown ?? 0, attempts: record?.attempts ?? 0 });
      emit({ type: 'run.end', ok: false, passed: 0, failed: 1, seconds: (Date.now() - started) / 1000, cluster: settings.clusterName, clusterState: `${failure.what} ${failure.remedy} Your exercise stays open.` });
      return 'stopped';
    }
    throw error;
  }
}

function endMessage(outcome: ExerciseOutcome, id: string, score?: number): string {
  switch (outcome) {
    case 'fixed': return `Fixed: every criterion held for the whole window. Score ${score ?? 0}/100. Next: kubelab list, or try it again with kubelab exercise ${id} --fresh.`;
    case 'skipped': return `Skipped: kubelab applied the fix; the exercise counts as skipped. Read it: kubelab solution ${id}.`;
    default: return `The exercise is still open; the cluster is as you left it. Come back with kubelab exercise ${id}, or grade it any time with kubelab check ${id}.`;
  }
}

export const manifestName = (scenario: Scenario, key: string): string => basename(scenario.manifestPaths[key]!);
