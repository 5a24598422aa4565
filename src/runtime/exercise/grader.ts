// Grades an exercise live: follows the cluster through watches, re-grades on every change, runs
// the exec criteria every few seconds, and finishes when everything holds for the stable window.
import type { ExecOutcome } from '../../engine/checks/index.js';
import { execKey } from '../../engine/checks/index.js';
import { parseDuration } from '../../engine/durations.js';
import type { CriterionState, Emit } from '../../engine/events.js';
import { execNeeds, gradeExercise, StableWindow, workloadPods } from '../../engine/exercise.js';
import type { NodeContext } from '../../engine/exit-codes.js';
import type { Kubectl } from '../../cluster/kubectl.js';
import type { Scenario } from '../../scenario/load.js';
import { scaled, type Settings } from '../../settings.js';
import { probeApi } from '../api-probe.js';
import { follow, type FollowedState } from '../follow.js';

export interface LiveGrader {
  /** Resolves when every criterion and guard has held for the stable window. */
  fixed: Promise<void>;
  /** The criteria as they stand now. */
  current(): CriterionState[];
  stop(): void;
}

export interface GraderOptions {
  scenario: Scenario;
  settings: Settings;
  kubectl: Kubectl;
  node: NodeContext;
  emit: Emit;
  /** Called for each workload pod that was not there at the start: a fix the learner tried. */
  onAttempt: (pod: string) => void;
  /** The uids of the pods there when grading began. */
  initialPods: string[];
}

/** The named targets the criteria and guards look at with `on`. */
export function criteriaTargets(scenario: Scenario): string[] {
  const ex = scenario.exercise!;
  return [...new Set([...ex.criteria, ...ex.guards].map((c) => c.on).filter((k): k is string => k !== undefined))];
}

export function liveGrader(options: GraderOptions): LiveGrader {
  const { scenario, kubectl, emit } = options;
  const spec = scenario.exercise!;
  const stableMs = scaled(options.settings, parseDuration(spec.stableFor));
  const window = new StableWindow(stableMs);
  const exec = new Map<string, Map<string, ExecOutcome>>();
  const seenPods = new Set<string>(options.initialPods);
  let items: CriterionState[] = [];
  let shown = '';
  let latest: FollowedState = { pods: [], targets: new Map() };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  let resolveFixed: () => void = () => undefined;
  let rejectFixed: (error: unknown) => void = () => undefined;
  const fixed = new Promise<void>((resolve, reject) => {
    resolveFixed = resolve;
    rejectFixed = reject;
  });

  function regrade(): void {
    if (stopped) return;
    const now = Date.now();
    items = gradeExercise(spec, { pods: latest.pods, targets: latest.targets, exec, node: options.node });
    const since = window.update(items.every((i) => i.ok), now);
    const pods = workloadPods(spec.workload, latest.pods).map((p) => p.name);
    const view = JSON.stringify({ items, since, pods });
    if (view !== shown) {
      shown = view;
      emit({ type: 'criteria', items, holding: since !== undefined, heldSeconds: since === undefined ? 0 : (now - since) / 1000, stableSeconds: stableMs / 1000, pods });
    }
    clearTimeout(timer);
    if (window.done(now)) finish();
    else if (since !== undefined) timer = setTimeout(regrade, window.remaining(now) + 5);
  }

  function finish(): void {
    stop();
    resolveFixed();
  }

  function stop(): void {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(poll);
    api.stop();
    follower.stop();
  }

  const api = probeApi(kubectl, options.settings, (error) => {
    if (stopped) return;
    stop();
    rejectFixed(error);
  });

  const follower = follow(kubectl, scenario, { pods: true, targets: criteriaTargets(scenario) }, (state) => {
    latest = state;
    for (const pod of workloadPods(spec.workload, state.pods)) {
      const id = pod.uid ?? pod.name;
      if (!seenPods.has(id)) options.onAttempt(pod.name);
      seenPods.add(id);
    }
    regrade();
  });
  follower.failed.catch((error: unknown) => {
    if (stopped) return;
    stop();
    rejectFixed(error);
  });

  // exec criteria can't be watched: run them every few seconds while their pods run.
  const hasExec = [...spec.criteria, ...spec.guards].some((c) => c.type === 'exec' && c.on === undefined);
  async function runExec(): Promise<void> {
    if (stopped) return;
    for (const need of execNeeds(spec, latest.pods)) {
      const result = await kubectl.exec(need.pod, need.container, need.command, 15_000).catch(() => undefined);
      if (stopped || !result) return;
      const outcomes = exec.get(need.pod) ?? new Map<string, ExecOutcome>();
      outcomes.set(execKey(need.command), { exitCode: result.exitCode, output: `${result.stdout}${result.stderr}` });
      exec.set(need.pod, outcomes);
    }
    regrade();
    poll = setTimeout(() => void runExec(), scaled(options.settings, 3000));
  }
  if (hasExec) poll = setTimeout(() => void runExec(), 0);

  return { fixed, current: () => items, stop };
}
