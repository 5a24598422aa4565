// Pure parsers for kubectl's pod JSON and watch events.
import { absentPod, type ContainerState, type EventFact, type PodFacts, type Termination } from '../engine/facts.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

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
  const specContainers = arr(spec.containers).map(obj);
  const sc = specContainers.find((c) => container === undefined || c.name === container) ?? specContainers[0] ?? {};
  const resources = obj(sc.resources);
  const conditions = Object.fromEntries(arr(status.conditions).map(obj).map((c) => [str(c.type) ?? '', str(c.status) ?? '']));
  const readyCount = statuses.filter((c) => c.ready === true).length;
  const state = cs ? containerState(cs.state) : undefined;
  return {
    name,
    exists: true,
    phase: str(status.phase),
    status: podStatus(p),
    ready: cs?.ready === true,
    readyText: `${readyCount}/${specContainers.length}`,
    restartCount: statuses.reduce((sum, c) => sum + (num(c.restartCount) ?? 0), 0),
    deleting: typeof meta.deletionTimestamp === 'string',
    state,
    lastTerminated: cs ? termination(obj(cs.lastState).terminated) : undefined,
    limits: stringMap(resources.limits),
    requests: stringMap(resources.requests),
    image: str(sc.image),
    nodeName: str(spec.nodeName),
    conditions,
    scheduledMessage: str(arr(status.conditions).map(obj).find((c) => c.type === 'PodScheduled' && c.status === 'False')?.message),
  };
}

function stringMap(v: unknown): Record<string, string> {
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
    }));
  } catch {
    return [];
  }
}
