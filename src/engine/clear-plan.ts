// What a lab must clear before it starts, decided from one read of the cluster: the scenario's own
// objects left by an earlier run, the pods a learner made for its exercise, and the marks that labs
// which change the node (a taint, a label) left on it. Only what is there is touched, so a lab that
// starts on a clean cluster makes no call at all before its first apply.
import { workloadPods, type Workload } from './exercise.js';
import type { NodeFacts, PodFacts } from './facts.js';

/** An object as the API lists it: its kind (as a manifest names it) and name. */
export interface Listed {
  kind: string;
  name: string;
}

/** The cluster as one kubectl get saw it: the nodes, the namespace's pods and the other kinds asked for. */
export interface ClusterRead {
  nodes: NodeFacts[];
  pods: PodFacts[];
  objects: Listed[];
}

export interface ClearInput {
  /** The objects the scenario's cleanup manifests make. */
  objects: Listed[];
  /** The pod names the scenario itself makes (those go with their manifest). */
  ownPods: string[];
  workload?: Workload;
  /** Undo calls (kubectl argv) that run only when the node carries their mark: this scenario's and other node-changing labs'. */
  undo: string[][];
}

export interface ClearPlan {
  /** kind/name of every object to delete now, in one kubectl delete. */
  deletes: string[];
  /** The undo calls whose mark the node carries, in their order. */
  undo: string[][];
}

export function planClear(input: ClearInput, read: ClusterRead): ClearPlan {
  const present = new Set(read.objects.map((o) => key(o.kind, o.name)));
  const own = input.objects.filter((o) => present.has(key(o.kind, o.name)));
  const others = input.workload ? workloadPods(input.workload, read.pods).filter((p) => !input.ownPods.includes(p.name)) : [];
  const deletes = [...own.map((o) => `${o.kind.toLowerCase()}/${o.name}`), ...others.map((p) => `pod/${p.name}`)];
  return { deletes: [...new Set(deletes)], undo: input.undo.filter((call) => read.nodes.some((node) => carriesMark(call, node))) };
}

/** The kinds a read must list to see the scenario's objects (pods always, for the learner's pods). */
export function kindsToRead(objects: Listed[]): string[] {
  return [...new Set(['pod', ...objects.map((o) => o.kind.toLowerCase())])];
}

const key = (kind: string, name: string) => `${kind.toLowerCase()}/${name}`;

/**
 * Whether an undo call has anything to undo on this node. Known forms are `taint nodes … KEY[=VALUE][:EFFECT]-`
 * and `label nodes … KEY-`; any other call is taken to be needed.
 */
export function carriesMark(call: readonly string[], node: NodeFacts): boolean {
  const [verb, resource] = call;
  if (resource !== 'nodes' && resource !== 'node') return true;
  const removals = call.slice(2).filter((a) => !a.startsWith('-') && a.endsWith('-'));
  if (removals.length === 0) return true;
  if (verb === 'label') return removals.some((r) => r.slice(0, -1) in node.labels);
  if (verb === 'taint') {
    return removals.some((r) => {
      const spec = r.slice(0, -1);
      const [keyValue, effect] = spec.split(':');
      const [taintKey] = (keyValue ?? '').split('=');
      return node.taints.some((t) => t.key === taintKey && (effect === undefined || t.effect === effect));
    });
  }
  return true;
}
