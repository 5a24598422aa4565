// Checks on objects other than pods: a Service's endpoints and ports, a claim, a node, a Deployment.
import type { DeploymentFacts, NodeFacts, PvcFacts, ServiceFacts } from '../facts.js';
import { compare, type CheckContext, type CheckDefs } from './result.js';

const as = <T>(ctx: CheckContext) => ctx.subject as T;

export const objectChecks: CheckDefs<'endpoints' | 'targetPort' | 'pvcPhase' | 'taint' | 'available'> = {
  endpoints: {
    kinds: ['service'],
    describe: (c) => (c.equals === undefined ? `at least ${c.atLeast} ready endpoint(s)` : `${c.equals} ready endpoint(s)`),
    evaluate: (c, ctx) => {
      const s = as<ServiceFacts>(ctx);
      const n = s.endpoints.ready.length;
      const ok = c.equals !== undefined ? n === c.equals : n >= (c.atLeast ?? 0);
      const got = n === 0 ? `none${s.endpoints.notReady.length > 0 ? ` (${s.endpoints.notReady.length} not ready)` : ''}` : s.endpoints.ready.join(', ');
      return compare(c.equals === undefined ? `at least ${c.atLeast} ready endpoint(s) for service ${s.name}` : `${c.equals} ready endpoint(s) for service ${s.name}`, got, ok, `kubectl get endpoints ${s.name}, and the Service's selector against the pods' labels`);
    },
  },
  targetPort: {
    kinds: ['service'],
    describe: () => 'the Service sends traffic to a port its pods listen on',
    evaluate: (_c, ctx) => {
      const s = as<ServiceFacts>(ctx);
      const served = new Set((ctx.pods ?? []).flatMap((p) => p.containers.flatMap((c) => c.ports.map(String))));
      const named = new Set((ctx.pods ?? []).flatMap((p) => p.containers.flatMap((c) => c.portNames)));
      const wrong = s.ports.filter((p) => !served.has(p.targetPort) && !named.has(p.targetPort));
      const got = s.ports.map((p) => `${p.port}→${p.targetPort}`).join(', ') || 'no ports';
      return compare(`targetPort among the pods' ports (${[...served].join(', ') || 'none declared'})`, got, s.ports.length > 0 && wrong.length === 0, `kubectl describe service ${s.name} (TargetPort) and the pods' containerPort`);
    },
  },
  pvcPhase: {
    kinds: ['pvc'],
    describe: (c) => `the claim is ${c.equals}`,
    evaluate: (c, ctx) => {
      const p = as<PvcFacts>(ctx);
      return compare(`claim ${p.name} ${c.equals}`, p.phase ?? 'unknown', p.phase === c.equals, `kubectl describe pvc ${p.name}`);
    },
  },
  taint: {
    kinds: ['node'],
    describe: (c) => `the node ${c.present ? 'carries' : 'does not carry'} the taint ${c.key}${c.effect ? `:${c.effect}` : ''}`,
    evaluate: (c, ctx) => {
      const n = as<NodeFacts>(ctx);
      const has = n.taints.some((t) => t.key === c.key && (c.effect === undefined || t.effect === c.effect));
      const got = n.taints.length > 0 ? n.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ') : 'no taints';
      return compare(`${c.present ? 'the taint' : 'no taint'} ${c.key}${c.effect ? `:${c.effect}` : ''} on node ${n.name}`, got, has === c.present, `Taints in kubectl describe node ${n.name}`);
    },
  },
  available: {
    kinds: ['deployment'],
    describe: (c) => `at least ${c.atLeast} available replica(s)`,
    evaluate: (c, ctx) => {
      const d = as<DeploymentFacts>(ctx);
      return compare(`at least ${c.atLeast} available replica(s) of ${d.name}`, `${d.available} of ${d.replicas}`, d.available >= c.atLeast, `kubectl get deployment ${d.name}`);
    },
  },
};
