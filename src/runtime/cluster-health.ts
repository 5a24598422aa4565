// Gathers what explains a failed kubectl call: Docker and the node container, as they are now.
import { containerStatus, dockerInfo } from '../cluster/docker.js';
import type { CommandFailed } from '../cluster/command-failed.js';
import { explainClusterFailure, unreachable, type ClusterFailure } from '../engine/cluster-failure.js';
import type { Settings } from '../settings.js';

/** undefined when the failure is not the cluster being unreachable (a refused command, a bad manifest). */
export async function clusterFailure(error: CommandFailed, settings: Settings, docker: string | undefined, resume: string): Promise<ClusterFailure | undefined> {
  if (!unreachable(error.result.stderr, error.result.timedOut)) return undefined;
  if (!docker) return explainClusterFailure({ dockerUp: true, node: { status: 'running' }, nodeName: settings.nodeContainer, clusterName: settings.clusterName }, resume);
  const probe = await dockerInfo(docker);
  const node = probe.ok ? await containerStatus(docker, settings.nodeContainer) : { status: 'missing' };
  return explainClusterFailure({ dockerUp: probe.ok, node, nodeName: settings.nodeContainer, clusterName: settings.clusterName }, resume);
}
