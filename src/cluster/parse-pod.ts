// Pure parsers for kubectl's pod JSON and watch events.
import { absentPod, type ContainerSpecFacts, type ContainerState, type EventFact, type PodFacts, type ProbeFacts, type Termination } from '../engine/facts.js';
import { arr, num, obj, str, type Json } from './json.js';

function termination(v: unknown): Termination | undefined {
  const t = obj(v);
  const exitCode = num(t.exitCode);
  if (exitCode === undefined) return undefined;
  return { reason: str(t.reason) ?? (exitCode === 0 ? 'Completed' : 'Error'), exitCode, startedAt: str(t.startedAt), finishedAt: str(t.finishedAt) };
}

function containerState(v: unknown): ContainerState | undefined {
  const s = obj(v);
  if ('waiting' in s) return { kind: 'waiting', reason: str(obj(s.waiting).reason), message: str(obj(s.waiting).message) };
  if ('running' in s) return { kind: 'running', startedAt: str(obj(s.running).startedAt) };
  const t = termination(s.terminated);
  return t ? { kind: 'terminated', ...t } : undefined;
}

/** Distils a Pod object (kubectl get -o json) for one container (the first, unless named). */
export function parsePod(pod: unknown, container?: string): PodFacts {
  const p = obj(pod);
  const meta = obj(p.metadata);
  const spec = obj(p.spec);
  const status = obj(p.status);
  const name = str(meta.name) ?? 'unknown';
  const statuses = arr(status.containerStatuses).map(obj);
  const cs = statuses.find((c) => container === undefined || c.name === container) ?? statuses[0];
  const containers = arr(spec.containers).map(obj).map(containerSpec);
  const sc = containers.find((c) => container === undefined || c.name === container) ?? containers[0];
  const conditions = Object.fromEntries(arr(status.conditions).map(obj).map((c) => [str(c.type) ?? '', str(c.status) ?? '']));
  const readyCount = statuses.filter((c) => c.ready === true).length;
  const state = cs ? containerState(cs.state) : undefined;
  return {
    kind: 'pod',
    name,
    exists: true,
    namespace: str(meta.namespace),
    uid: str(meta.uid),
    createdAt: str(meta.creationTimestamp),
    labels: stringMap(meta.labels),
    phase: str(status.phase),
    status: podStatus(p),
    ready: cs?.ready === true,
    readyText: `${readyCount}/${containers.length}`,
    restartCount: statuses.reduce((sum, c) => sum + (num(c.restartCount) ?? 0), 0),
    deleting: typeof meta.deletionTimestamp === 'string',
    state,
    lastTerminated: cs ? termination(obj(cs.lastState).terminated) : undefined,
    limits: sc?.limits ?? {},
    requests: sc?.requests ?? {},
    image: sc?.image,
    containerName: sc?.name,
    containerId: str(cs?.containerID),
    containers,
    nodeName: str(spec.nodeName),
    podIP: str(status.podIP),
    qosClass: str(status.qosClass),
    conditions,
    scheduledMessage: str(arr(status.conditions).map(obj).find((c) => c.type === 'PodScheduled' && c.status === 'False')?.message),
    dnsPolicy: str(spec.dnsPolicy),
    nameservers: arr(obj(spec.dnsConfig).nameservers).map(String),
    claims: arr(spec.volumes).map(obj).map((v) => str(obj(v.persistentVolumeClaim).claimName)).filter((c): c is string => c !== undefined),
    nodeSelector: stringMap(spec.nodeSelector),
    affinity: requiredAffinity(spec),
    tolerations: arr(spec.tolerations).map(obj).map((t) => `${str(t.key) ?? '*'}${t.operator === 'Exists' ? '' : `=${str(t.value) ?? ''}`}:${str(t.effect) ?? '*'}`),
  };
}

function containerSpec(c: Json): ContainerSpecFacts {
  const resources = obj(c.resources);
  return {
    name: str(c.name) ?? '',
    image: str(c.image),
    argv: [...arr(c.command), ...arr(c.args)].map(String),
    limits: stringMap(resources.limits),
    requests: stringMap(resources.requests),
    ports: arr(c.ports).map(obj).map((p) => num(p.containerPort)).filter((n): n is number => n !== undefined),
    portNames: arr(c.ports).map(obj).map((p) => str(p.name)).filter((n): n is string => n !== undefined),
    liveness: probe(c.livenessProbe),
    readiness: probe(c.readinessProbe),
  };
}

function probe(v: unknown): ProbeFacts | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const p = obj(v);
  if ('httpGet' in p) {
    const h = obj(p.httpGet);
    const path = str(h.path) ?? '/';
    return { describe: `http-get ${path} on port ${String(h.port)}`, httpPath: path, port: String(h.port) };
  }
  if ('tcpSocket' in p) return { describe: `tcp-socket port ${String(obj(p.tcpSocket).port)}`, port: String(obj(p.tcpSocket).port) };
  if ('exec' in p) return { describe: `exec ${arr(obj(p.exec).command).map(String).join(' ')}` };
  return { describe: 'probe' };
}

function requiredAffinity(spec: Json): string[] {
  const required = obj(obj(obj(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  return arr(required.nodeSelectorTerms).flatMap((term) =>
    arr(obj(term).matchExpressions).map(obj).map((e) => `${str(e.key) ?? ''} ${str(e.operator) ?? ''} ${arr(e.values).map(String).join(',')}`.trim()));
}

export function stringMap(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The STATUS column, computed the way kubectl's printer does for the common cases. */
export function podStatus(pod: Json): string {
  const status = obj(pod.status);
  let reason = str(status.reason) ?? str(status.phase) ?? 'Unknown';
  let running = false;
  for (const c of arr(status.containerStatuses).map(obj).reverse()) {
    const s = obj(c.state);
    const waiting = str(obj(s.waiting).reason);
    const terminated = obj(s.terminated);
    if (waiting) reason = waiting;
    else if ('terminated' in s) {
      reason = str(terminated.reason) ?? (num(terminated.signal) ? `Signal:${num(terminated.signal)}` : `ExitCode:${num(terminated.exitCode) ?? 0}`);
    } else if ('running' in s && c.ready === true) running = true;
  }
  if (reason === 'Completed' && running) reason = 'Running';
  if (typeof obj(pod.metadata).deletionTimestamp === 'string') reason = 'Terminating';
  return reason;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/** One line of `kubectl get --watch --output-watch-events -o json`; undefined for anything else. */
export function parseWatchLine(line: string): WatchEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const event = JSON.parse(trimmed) as Json;
    const type = str(event.type);
    if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED' && type !== 'BOOKMARK' && type !== 'ERROR') return undefined;
    return { type, object: event.object };
  } catch {
    return undefined;
  }
}

export function podFromWatch(event: WatchEvent, name: string, container?: string): PodFacts | undefined {
  if (event.type === 'DELETED') return absentPod(name);
  if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return undefined;
  return parsePod(event.object, container);
}

/** The items of `kubectl get events -o json`, newest last. */
export function parseEvents(json: string): EventFact[] {
  try {
    const items = arr(obj(JSON.parse(json)).items).map(obj);
    return items.map((e) => ({
      type: str(e.type) ?? 'Normal',
      reason: str(e.reason) ?? '',
      message: str(e.message) ?? '',
      count: num(e.count) ?? 1,
      object: str(obj(e.involvedObject).name),
    }));
  } catch {
    return [];
  }
}
