// Puts a scenario's objects on the cluster and takes them off again: reset, setup, apply, and the
// replay that rebuilds the state a step needs (resume, and a demo going back).
import { basename } from 'node:path';
import type { ExecResult } from '../cluster/exec.js';
import type { Kubectl } from '../cluster/kubectl.js';
import type { Emit } from '../engine/events.js';
import { workloadPods } from '../engine/exercise.js';
import type { PodFacts } from '../engine/facts.js';
import { nodeUndoCalls } from '../scenario/catalog.js';
import { carriesMark, planClear, type ClusterRead } from '../engine/clear-plan.js';
import type { LabLook } from './lab-look.js';
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
  // The manifests' delete (one kubectl for all of them), the scenario's own undo calls (in their
  // order) and the sweep of the learner's pods touch different objects: all at once.
  const files = scenario.cleanup.flatMap((entry) => ('manifest' in entry ? [scenario.manifestPaths[entry.manifest]!] : []));
  const calls = (async () => {
    for (const entry of scenario.cleanup) if ('kubectl' in entry) await kubectl.call(entry.kubectl);
  })();
  await Promise.all([files.length > 0 ? kubectl.deleteManifest(...files) : undefined, calls, deleteLearnerPods(ctx)]);
}

/** The pods running the exercise's workload that no manifest of the scenario names (those go with their manifest's delete). */
async function deleteLearnerPods(ctx: StateContext): Promise<void> {
  const workload = ctx.scenario.exercise?.workload;
  if (!workload) return;
  const named = new Set(Object.values(ctx.scenario.targets).flatMap((t) => (t.kind === 'pod' ? [t.name] : [])));
  const pods = (await ctx.kubectl.list('pod')).map((f) => f.facts).filter((f): f is PodFacts => f.kind === 'pod' && !named.has(f.name));
  await Promise.all(workloadPods(workload, pods).map((pod) => ctx.kubectl.deletePodNow(pod.name)));
}

/** The objects a scenario's cleanup manifests make: what an earlier run of it can have left. */
export function cleanupObjects(scenario: Scenario): { kind: string; name: string }[] {
  return scenario.cleanup.flatMap((entry) => ('manifest' in entry ? scenario.manifestObjects[entry.manifest] ?? [] : []));
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
 * A lab that changes the node, stopped part-way, leaves its mark on it (a taint, a label) that would
 * silently break the next lab: the other such labs' undo calls run before any lab starts, each lab's
 * in its order, only where the node (as `nodes` shows it, when known) carries the mark.
 */
export async function sweepClusterLeftovers(ctx: StateContext, nodes?: ClusterRead['nodes']): Promise<void> {
  const others = (await nodeUndoCalls()).filter((other) => other.id !== ctx.scenario.id);
  await Promise.all(others.map(async (other) => {
    for (const call of other.calls) {
      if (nodes && !nodes.some((node) => carriesMark(call, node))) continue;
      await ctx.kubectl.call(call);
    }
  }));
}

/**
 * Before a lab starts: this lab's objects removed, and on its own kind cluster the node cleared of
 * other labs' marks. With the look kubelab took on opening, only what is there is touched: the
 * objects in one delete, the marks the node carries; without it, everything is cleared blind.
 */
export async function clearForStart(ctx: StateContext, settings: Settings, look?: LabLook): Promise<void> {
  if (!look?.ok) {
    await Promise.all([settings.mode === 'kind' ? sweepClusterLeftovers(ctx) : undefined, resetScenario(ctx)]);
    return;
  }
  const { scenario } = ctx;
  const own = scenario.cleanup.flatMap((entry) => ('kubectl' in entry ? [entry.kubectl] : []));
  const plan = planClear({
    objects: cleanupObjects(scenario),
    ownPods: Object.values(scenario.targets).flatMap((t) => (t.kind === 'pod' ? [t.name] : [])),
    workload: scenario.exercise?.workload,
    undo: own,
  }, look.read);
  await Promise.all([
    plan.deletes.length > 0 ? ctx.kubectl.deleteNow(plan.deletes) : undefined,
    (async () => {
      for (const call of plan.undo) await ctx.kubectl.call(call);
    })(),
    settings.mode === 'kind' ? sweepClusterLeftovers(ctx, look.read.nodes) : undefined,
  ]);
}
