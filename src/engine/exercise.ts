// Grades an exercise from facts: which pods are the workload, and whether every criterion and
// guard holds for them. Pure; the runtime feeds it what the watches saw.
import type { ExerciseSpec } from '../scenario/schema-exercise.js';
import type { CheckSpec } from '../scenario/schema-checks.js';
import { describeCheck, evaluate, execKey, type ExecOutcome } from './checks/index.js';
import type { NodeContext } from './exit-codes.js';
import type { CriterionState } from './events.js';
import type { EventFact, ObjectFacts, PodFacts } from './facts.js';

export type Workload = ExerciseSpec['workload'];

/** The image name without registry, tag or digest: docker.io/library/nginx:alpine -> nginx. */
export function imageRepo(image: string): string {
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const noTag = colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
  return noTag.replace(/^docker\.io\//, '').replace(/^library\//, '');
}

/** True when the written image names the same repository (and tag, if the workload writes one). */
export function sameImage(want: string, have: string | undefined): boolean {
  if (have === undefined) return false;
  if (imageRepo(want) !== imageRepo(have)) return false;
  const tag = (s: string) => (/:[^/]+$/.exec(s.split('@')[0]!)?.[0] ?? ':latest');
  return !/:[^/]+$/.test(want) || tag(want) === tag(have);
}

/** The pods that run the scenario's workload, whatever they are called; pods being deleted do not count. */
export function workloadPods(workload: Workload, pods: PodFacts[]): PodFacts[] {
  return pods.filter((pod) => pod.exists && !pod.deleting && matches(workload, pod)).map((pod) => focus(workload, pod));
}

function matches(workload: Workload, pod: PodFacts): boolean {
  const labels = Object.entries(workload.labels ?? {}).every(([k, v]) => pod.labels[k] === v);
  const image = workload.image === undefined || pod.containers.some((c) => sameImage(workload.image!, c.image));
  return labels && image;
}

/** Points the pod's facts at the container the workload is about. */
function focus(workload: Workload, pod: PodFacts): PodFacts {
  const container = pod.containers.find((c) => c.name === workload.container)
    ?? pod.containers.find((c) => workload.image !== undefined && sameImage(workload.image, c.image));
  if (!container || container.name === pod.containerName) return pod;
  return { ...pod, containerName: container.name, limits: container.limits, requests: container.requests, image: container.image };
}

export function describeWorkload(workload: Workload): string {
  const parts = [workload.image ? `running ${workload.image}` : '', workload.labels ? `labelled ${Object.entries(workload.labels).map(([k, v]) => `${k}=${v}`).join(',')}` : ''];
  return `a pod ${parts.filter(Boolean).join(' and ')}`;
}

export interface GradeInput {
  pods: PodFacts[];
  /** Named targets a criterion looks at with `on` (a Service, the node, a claim). */
  targets: Map<string, ObjectFacts>;
  /** exec outcomes per pod name, keyed by command. */
  exec: Map<string, Map<string, ExecOutcome>>;
  events?: EventFact[];
  node?: NodeContext;
}

const entries = (spec: ExerciseSpec): { check: CheckSpec; guard: boolean; id: string }[] => [
  ...spec.criteria.map((check, i) => ({ check, guard: false, id: `criterion-${i + 1}` })),
  ...spec.guards.map((check, i) => ({ check, guard: true, id: `guard-${i + 1}` })),
];

/** Every criterion and guard as it stands, for the workload pods and the named targets. */
export function gradeExercise(spec: ExerciseSpec, input: GradeInput): CriterionState[] {
  const pods = workloadPods(spec.workload, input.pods);
  return entries(spec).map(({ check, guard, id }) => {
    const name = describeCheck(check);
    if (check.on !== undefined) {
      const subject = input.targets.get(check.on);
      if (!subject) return { id, name, guard, ok: false, message: `kubelab has not seen ${check.on} yet` };
      const podsOfService = subject.kind === 'service' ? input.pods.filter((p) => Object.keys(subject.selector).length > 0 && Object.entries(subject.selector).every(([k, v]) => p.labels[k] === v)) : undefined;
      const r = evaluate(check, { subject, events: input.events, node: input.node, pods: podsOfService });
      return { id, name, guard, ...r };
    }
    if (pods.length === 0) {
      return { id, name, guard, ok: false, message: `expected ${describeWorkload(spec.workload)}, found none`, lookAt: 'kubectl get pods' };
    }
    const results = pods.map((pod) => ({ pod, r: evaluate(check, { subject: pod, events: input.events, node: input.node, exec: input.exec.get(pod.name) }) }));
    const failing = results.find((x) => !x.r.ok);
    if (!failing) return { id, name, guard, ...results[0]!.r, message: pods.length === 1 ? `${pods[0]!.name}: ${results[0]!.r.message}` : `${pods.length} pods: ${results[0]!.r.message}` };
    return { id, name, guard, ...failing.r, message: `${failing.pod.name}: ${failing.r.message}` };
  });
}

/**
 * From one look at the pods: every workload pod has run for at least `ms` with no restart (by its
 * container's start time). A look at a broken pod in its first seconds, before its first crash,
 * sees every criterion hold; this is what tells it from a fix.
 */
export function heldFor(workload: Workload, pods: PodFacts[], ms: number, now: number): boolean {
  const mine = workloadPods(workload, pods);
  return mine.length > 0 && mine.every((p) => p.state?.kind === 'running' && p.state.startedAt !== undefined && p.restartCount === 0 && now - Date.parse(p.state.startedAt) >= ms);
}

/** The exec commands the criteria need, per workload pod whose container is running. */
export function execNeeds(spec: ExerciseSpec, pods: PodFacts[]): { pod: string; container?: string; command: string[] }[] {
  const commands = entries(spec).map((e) => e.check).filter((c): c is Extract<CheckSpec, { type: 'exec' }> => c.type === 'exec' && c.on === undefined);
  return workloadPods(spec.workload, pods)
    .filter((p) => p.state?.kind === 'running')
    .flatMap((p) => commands.map((c) => ({ pod: p.name, container: p.containerName, command: c.command })));
}

export { execKey };

/** Follows "all hold" over time: since when everything has held, and whether the window is full. */
export class StableWindow {
  private since: number | undefined;
  constructor(private readonly ms: number) {}

  /** Feeds the latest verdict at a time; returns the time since which all has held, if it does. */
  update(allOk: boolean, now: number): number | undefined {
    if (!allOk) this.since = undefined;
    else this.since ??= now;
    return this.since;
  }

  done(now: number): boolean {
    return this.since !== undefined && now - this.since >= this.ms;
  }

  remaining(now: number): number {
    return this.since === undefined ? this.ms : Math.max(0, this.ms - (now - this.since));
  }
}
