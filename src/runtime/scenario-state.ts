// Puts a scenario's objects on the cluster and takes them off again: reset, setup, apply, and the
// replay that rebuilds the state a step needs (resume, and a demo going back).
import { basename } from 'node:path';
import type { ExecResult } from '../cluster/exec.js';
import type { Kubectl } from '../cluster/kubectl.js';
import type { Emit } from '../engine/events.js';
import { workloadPods } from '../engine/exercise.js';
import type { PodFacts } from '../engine/facts.js';
import { clusterScopedScenarios } from '../scenario/catalog.js';
import type { Scenario } from '../scenario/load.js';
import type { Settings } from '../settings.js';

export interface StateContext {
  scenario: Scenario;
  kubectl: Kubectl;
  emit: Emit;
}

export function reportKubelab(emit: Emit, argv: string[], result: ExecResult): void {
  emit({ type: 'kubectl', by: 'kubelab', argv: ['kubectl', ...argv], exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr });
}

/**
 * Leftovers from an earlier run would make apply a no-op: every object the scenario can make is
 * removed, and so are the pods a learner made for its exercise (they run its workload, whatever
 * their names), which would otherwise count against the next attempt.
 */
export async function resetScenario(ctx: StateContext): Promise<void> {
  const { scenario, kubectl } = ctx;
  // The manifests' deletes, the scenario's own undo calls (in their order) and the sweep of the
  // learner's pods touch different objects: all at once, each a kubectl of its own.
  const manifests = scenario.cleanup.flatMap((entry) => ('manifest' in entry ? [kubectl.deleteManifest(scenario.manifestPaths[entry.manifest]!)] : []));
  const calls = (async () => {
    for (const entry of scenario.cleanup) if ('kubectl' in entry) await kubectl.call(entry.kubectl);
  })();
  await Promise.all([...manifests, calls, deleteLearnerPods(ctx)]);
}

/** The pods running the exercise's workload that no manifest of the scenario names (those go with their manifest's delete). */
async function deleteLearnerPods(ctx: StateContext): Promise<void> {
  const workload = ctx.scenario.exercise?.workload;
  if (!workload) return;
  const named = new Set(Object.values(ctx.scenario.targets).flatMap((t) => (t.kind === 'pod' ? [t.name] : [])));
  const pods = (await ctx.kubectl.list('pod')).map((f) => f.facts).filter((f): f is PodFacts => f.kind === 'pod' && !named.has(f.name));
  await Promise.all(workloadPods(workload, pods).map((pod) => ctx.kubectl.deletePodNow(pod.name)));
}

/** The scenario's own kubectl calls before the issue is applied (a taint on the node, a label). */
export async function setupScenario(ctx: StateContext): Promise<void> {
  for (const { kubectl } of ctx.scenario.setup) {
    const result = await ctx.kubectl.call(kubectl);
    reportKubelab(ctx.emit, kubectl, result);
  }
}

export async function applyManifest(ctx: StateContext, key: string): Promise<ExecResult> {
  const file = ctx.scenario.manifestPaths[key]!;
  const result = await ctx.kubectl.apply(file);
  reportKubelab(ctx.emit, ['apply', '-f', basename(file)], result);
  return result;
}

export async function deleteManifest(ctx: StateContext, key: string): Promise<ExecResult> {
  const file = ctx.scenario.manifestPaths[key]!;
  const result = await ctx.kubectl.deleteManifest(file);
  reportKubelab(ctx.emit, ['delete', '-f', basename(file), '--grace-period=0', '--force', '--ignore-not-found'], result);
  return result;
}

/**
 * A cluster-scoped scenario stopped part-way leaves its mark on the node (a taint, a label) that
 * would silently break the next lab: its undo calls run before any other lab starts.
 */
export async function sweepClusterLeftovers(ctx: StateContext, scenarios: Scenario[]): Promise<void> {
  const others = scenarios.filter((other) => other.scope === 'cluster' && other.id !== ctx.scenario.id);
  // Each scenario's undo calls in their order; different scenarios' at once.
  await Promise.all(others.map(async (other) => {
    for (const entry of other.cleanup) if ('kubectl' in entry) await ctx.kubectl.call(entry.kubectl);
  }));
}

/** Before a lab starts on its own kind cluster: the node cleared of other labs' marks and this lab's objects removed, at once. */
export async function clearForStart(ctx: StateContext, settings: Settings): Promise<void> {
  await Promise.all([settings.mode === 'kind' ? clusterScopedScenarios().then((all) => sweepClusterLeftovers(ctx, all)) : undefined, resetScenario(ctx)]);
}
