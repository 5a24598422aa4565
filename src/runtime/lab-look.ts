// One look at the lab cluster with a single kubectl get: whether it is ready for a lab (a Ready node,
// the namespace's default service account), its version, and what an earlier run left in it. A lab
// on a warm cluster starts from this one call instead of a wait, a version query and a delete per
// manifest.
import type { ExecResult } from '../cluster/exec.js';
import type { Kubectl } from '../cluster/kubectl.js';
import { parseNode } from '../cluster/parse-objects.js';
import { parsePod } from '../cluster/parse-pod.js';
import type { ClusterRead, Listed } from '../engine/clear-plan.js';

export interface LabLook {
  /** kubectl got an answer (false: no kubeconfig, a stale one, or no API server). */
  ok: boolean;
  /** A Ready node and the default service account: pods can be created now. */
  ready: boolean;
  /** The node's kubelet version: a kind node runs the cluster's own. */
  kubeletVersion?: string;
  read: ClusterRead;
  result: ExecResult;
}

export async function lookAtLab(kubectl: Kubectl, kinds: string[]): Promise<LabLook> {
  const { result, items } = await kubectl.look(kinds);
  const read: ClusterRead = { nodes: [], pods: [], objects: [] };
  let account = false;
  for (const item of items) {
    const { kind, metadata } = (item ?? {}) as { kind?: unknown; metadata?: { name?: unknown } };
    const name = typeof metadata?.name === 'string' ? metadata.name : '';
    if (kind === 'Node') read.nodes.push(parseNode(item));
    else if (kind === 'ServiceAccount') account ||= name === 'default';
    else if (typeof kind === 'string') {
      read.objects.push({ kind, name } satisfies Listed);
      if (kind === 'Pod') read.pods.push(parsePod(item));
    }
  }
  const ok = result.exitCode === 0;
  return { ok, ready: ok && account && read.nodes.length > 0 && read.nodes.every((n) => n.ready), kubeletVersion: read.nodes[0]?.kubeletVersion, read, result };
}
