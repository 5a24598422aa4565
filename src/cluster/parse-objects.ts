// Pure parsers for the other objects scenarios look at: Services (with their Endpoints), PVCs,
// Nodes and Deployments, each from kubectl's JSON.
import type { DeploymentFacts, NodeFacts, ObjectFacts, ObjectKind, PvcFacts, ServiceFacts } from '../engine/facts.js';
import { arr, num, obj, str } from './json.js';
import { parsePod, stringMap } from './parse-pod.js';

export function parseService(service: unknown, endpoints?: unknown): ServiceFacts {
  const s = obj(service);
  const spec = obj(s.spec);
  const subsets = arr(obj(endpoints).subsets).map(obj);
  const ips = (key: string) => subsets.flatMap((sub) => arr(sub[key]).map(obj).map((a) => str(a.ip) ?? '')).filter(Boolean);
  return {
    kind: 'service',
    name: str(obj(s.metadata).name) ?? 'unknown',
    exists: true,
    type: str(spec.type),
    clusterIP: str(spec.clusterIP),
    selector: stringMap(spec.selector),
    ports: arr(spec.ports).map(obj).map((p) => ({ port: num(p.port) ?? 0, targetPort: String(p.targetPort ?? p.port ?? ''), protocol: str(p.protocol) ?? 'TCP' })),
    endpoints: {
      ready: ips('addresses'),
      notReady: ips('notReadyAddresses'),
      ports: subsets.flatMap((sub) => arr(sub.ports).map(obj).map((p) => num(p.port) ?? 0)),
    },
  };
}

export function parsePvc(pvc: unknown): PvcFacts {
  const p = obj(pvc);
  const spec = obj(p.spec);
  return {
    kind: 'pvc',
    name: str(obj(p.metadata).name) ?? 'unknown',
    exists: true,
    phase: str(obj(p.status).phase),
    storageClassName: str(spec.storageClassName),
    volumeName: str(spec.volumeName),
  };
}

export function parseNode(node: unknown): NodeFacts {
  const n = obj(node);
  const conditions = arr(obj(n.status).conditions).map(obj);
  return {
    kind: 'node',
    name: str(obj(n.metadata).name) ?? 'unknown',
    exists: true,
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    labels: stringMap(obj(n.metadata).labels),
    taints: arr(obj(n.spec).taints).map(obj).map((t) => ({ key: str(t.key) ?? '', value: str(t.value), effect: str(t.effect) ?? '' })),
    allocatable: stringMap(obj(n.status).allocatable),
    kubeletVersion: str(obj(obj(n.status).nodeInfo).kubeletVersion),
  };
}

export function parseDeployment(deployment: unknown): DeploymentFacts {
  const d = obj(deployment);
  const status = obj(d.status);
  return {
    kind: 'deployment',
    name: str(obj(d.metadata).name) ?? 'unknown',
    exists: true,
    replicas: num(obj(d.spec).replicas) ?? 1,
    ready: num(status.readyReplicas) ?? 0,
    available: num(status.availableReplicas) ?? 0,
    selector: stringMap(obj(obj(d.spec).selector).matchLabels),
  };
}

/** One object of any kind kubelab follows; a Service takes its Endpoints as the second argument. */
export function parseObject(kind: ObjectKind, json: unknown, container?: string, endpoints?: unknown): ObjectFacts {
  switch (kind) {
    case 'pod': return parsePod(json, container);
    case 'service': return parseService(json, endpoints);
    case 'pvc': return parsePvc(json);
    case 'node': return parseNode(json);
    case 'deployment': return parseDeployment(json);
  }
}

/** The items of a `kubectl get <kind> -o json` list. */
export function listItems(json: string): unknown[] {
  try {
    return arr(obj(JSON.parse(json)).items);
  } catch {
    return [];
  }
}
