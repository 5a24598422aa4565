// Follows a class from the instructor's seat: the learners' progress ConfigMaps and the pods in
// their namespaces, through watches across all namespaces; every change rebuilds the board.
import { parsePod } from '../cluster/parse-pod.js';
import type { PodFacts } from '../engine/facts.js';
import type { LearnerProgress } from '../engine/learner-progress.js';
import type { Scenario } from '../scenario/load.js';
import type { Admin } from './admin.js';
import { boardRow, type LearnerRow } from './board.js';
import { CLASS_LABEL, LEARNER_LABEL, PROGRESS_LABEL } from './manifests.js';

type Json = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; data?: Record<string, string> };

export interface ClassWatch {
  rows(now?: number): LearnerRow[];
  stop(): void;
}

export async function followClass(admin: Admin, klass: string, scenarios: Map<string, Scenario>, stuckMinutes: number, focus: string | undefined, onChange: () => void): Promise<ClassWatch> {
  const learners = new Map<string, string>(); // namespace → learner
  const listed = JSON.parse((await admin.ok('kubectl get namespaces', ['get', 'namespaces', '-l', `${CLASS_LABEL}=${klass}`, '-o', 'json'])).stdout) as { items: Json[] };
  for (const ns of listed.items) learners.set(ns.metadata!.name!, ns.metadata?.labels?.[LEARNER_LABEL] ?? ns.metadata!.name!);
  const progress = new Map<string, LearnerProgress>();
  const pods = new Map<string, Map<string, PodFacts>>();
  const onProgress = (type: string, object: unknown) => {
    const cm = object as Json;
    const ns = cm.metadata?.namespace ?? '';
    if (!learners.has(ns)) return;
    if (type === 'DELETED') progress.delete(ns);
    else {
      try {
        progress.set(ns, JSON.parse(cm.data?.['progress.json'] ?? '{}') as LearnerProgress);
      } catch {
        // a ConfigMap a learner broke by hand: their row shows no progress
      }
    }
    onChange();
  };
  const onPod = (type: string, object: unknown) => {
    const pod = parsePod(object);
    if (!pod.namespace || !learners.has(pod.namespace)) return;
    const inNs = pods.get(pod.namespace) ?? new Map<string, PodFacts>();
    if (type === 'DELETED') inNs.delete(pod.name);
    else inNs.set(pod.name, pod);
    pods.set(pod.namespace, inNs);
    onChange();
  };
  // What is there now, then every change from the watches.
  for (const item of await listAll(admin, 'configmaps', `${PROGRESS_LABEL}=true`)) onProgress('ADDED', item);
  for (const item of await listAll(admin, 'pods')) onPod('ADDED', item);
  const cms = admin.watchAll('configmaps', `${PROGRESS_LABEL}=true`, onProgress);
  const podWatch = admin.watchAll('pods', undefined, onPod);
  return {
    rows: (now = Date.now()) => [...learners].sort((a, b) => a[1].localeCompare(b[1])).map(([ns, learner]) =>
      boardRow({ learner, namespace: ns, progress: progress.get(ns), pods: [...(pods.get(ns)?.values() ?? [])] }, scenarios, now, stuckMinutes, focus)),
    stop() {
      cms.stop();
      podWatch.stop();
    },
  };
}

async function listAll(admin: Admin, resource: string, selector?: string): Promise<unknown[]> {
  const result = await admin.ok(`kubectl get ${resource} -A`, ['get', resource, '--all-namespaces', ...(selector ? ['-l', selector] : []), '-o', 'json']);
  return (JSON.parse(result.stdout) as { items?: unknown[] }).items ?? [];
}
