// Whether a pod tolerates a given taint, by Kubernetes' own matching rules. An exercise uses it as
// a guard: a pod placed with spec.nodeName skips the scheduler and runs without tolerating anything.
import type { PodFacts } from '../facts.js';
import { compare, type CheckDefs } from './result.js';

export interface TaintSpec {
  key: string;
  value?: string;
  effect: string;
}

interface Toleration {
  /** undefined: an empty key, which (with Exists) matches every key. */
  key?: string;
  /** undefined: operator Exists. */
  value?: string;
  /** undefined: every effect. */
  effect?: string;
}

/** Reads back the pod facts' "key[=value]:effect" form ("*" for an empty key or effect). */
export function parseToleration(text: string): Toleration {
  const colon = text.lastIndexOf(':');
  const head = colon < 0 ? text : text.slice(0, colon);
  const effect = colon < 0 ? undefined : text.slice(colon + 1);
  const eq = head.indexOf('=');
  const key = eq < 0 ? head : head.slice(0, eq);
  return { key: key === '*' ? undefined : key, value: eq < 0 ? undefined : head.slice(eq + 1), effect: effect === '*' || effect === '' ? undefined : effect };
}

/** Kubernetes' ToleratesTaint: same effect (or any), same key (or any, with Exists), and same value unless Exists. */
export function tolerates(toleration: Toleration, taint: TaintSpec): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== taint.key) return false;
  return toleration.value === undefined || toleration.value === (taint.value ?? '');
}

const taintText = (t: TaintSpec) => `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`;

export const tolerationChecks: CheckDefs<'tolerates'> = {
  tolerates: {
    kinds: ['pod'],
    describe: (c) => `the pod tolerates the taint ${taintText(c)}`,
    evaluate: (c, ctx) => {
      const pod = ctx.subject as PodFacts;
      const ok = pod.tolerations.some((t) => tolerates(parseToleration(t), c));
      const own = pod.tolerations.filter((t) => !t.startsWith('node.kubernetes.io/'));
      return compare(`a toleration for ${taintText(c)}`, own.length > 0 ? own.join(', ') : 'no toleration of its own', ok, `Tolerations in kubectl describe pod ${pod.name}`);
    },
  },
};
