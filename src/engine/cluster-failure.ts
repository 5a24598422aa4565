// When kubectl can't reach the lab: what happened to the cluster, and what the person can do.
// Pure: the runtime gathers the facts (Docker reachable? the node container's state?).
export interface ClusterFacts {
  dockerUp: boolean;
  node: { status: string; exitCode?: number };
  nodeName: string;
  clusterName: string;
}

export interface ClusterFailure {
  /** True when the cluster itself is down or unreachable (not a failure of one command). */
  down: boolean;
  what: string;
  remedy: string;
}

/** Is this kubectl error the cluster being unreachable, rather than a refused command? */
export function unreachable(stderr: string, timedOut: boolean): boolean {
  return timedOut || /connection to the server .* was refused|Unable to connect to the server|connect: connection refused|i\/o timeout|TLS handshake timeout|context deadline exceeded|EOF$|no route to host|Client\.Timeout exceeded|the server is currently unable to handle the request/m.test(stderr);
}

export function explainClusterFailure(f: ClusterFacts, resume: string): ClusterFailure {
  if (!f.dockerUp) {
    return { down: true, what: 'The Docker daemon stopped, and the lab cluster with it.', remedy: `Start Docker again (sudo systemctl start docker, or Docker Desktop), then ${resume}.` };
  }
  switch (f.node.status) {
    case 'missing':
      return { down: true, what: `The lab cluster's node container ${f.nodeName} is gone (deleted outside kubelab).`, remedy: `Remove what is left with kubelab down, then ${resume} builds a new cluster.` };
    case 'paused':
      return { down: true, what: `The lab cluster's node container ${f.nodeName} is paused, so the API server can't answer.`, remedy: `docker unpause ${f.nodeName}, then ${resume}.` };
    case 'exited':
    case 'dead':
      return {
        down: true,
        what: `The lab cluster's node container ${f.nodeName} stopped${f.node.exitCode !== undefined ? ` (exit code ${f.node.exitCode}${f.node.exitCode === 137 ? ': killed' : ''})` : ''}.`,
        remedy: `Start it with docker start ${f.nodeName} (or kubelab down, and start again), then ${resume}.`,
      };
    case 'restarting':
      return { down: true, what: `The lab cluster's node container ${f.nodeName} is restarting.`, remedy: `Wait for it (docker ps shows it Up), then ${resume}.` };
    default:
      return { down: false, what: `The API server of the cluster "${f.clusterName}" did not answer, though its node container runs.`, remedy: `It may be busy or still starting: wait a little, then ${resume}.` };
  }
}
