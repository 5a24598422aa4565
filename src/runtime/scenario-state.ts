// Puts a scenario's objects on the cluster and takes them off again: reset, setup, apply, and the
// replay that rebuilds the state a step needs (resume, and a demo going back).
import { basename } from 'node:path';
import type { ExecResult } from '../cluster/exec.js';
import type { Kubectl } from '../cluster/kubectl.js';
import type { Emit } from '../engine/events.js';
import { workloadPods } from '../engine/exercise.js';
import type { PodFacts } from '../engine/facts.js';
import type { Scenario } from '../scenario/load.js';

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
  for (const entry of ctx.scenario.cleanup) {
    if ('manifest' in entry) await ctx.kubectl.deleteManifest(ctx.scenario.manifestPaths[entry.manifest]!);
    else await ctx.kubectl.call(entry.kubectl);
  }
  const workload = ctx.scenario.exercise?.workload;
  if (!workload) return;
  const pods = (await ctx.kubectl.list('pod')).map((f) => f.facts).filter((f): f is PodFacts => f.kind === 'pod');
  for (const pod of workloadPods(workload, pods)) await ctx.kubectl.deletePodNow(pod.name);
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
  for (const other of scenarios) {
    if (other.scope !== 'cluster' || other.id === ctx.scenario.id) continue;
    for (const entry of other.cleanup) if ('kubectl' in entry) await ctx.kubectl.call(entry.kubectl);
  }
}
