// What a failed `kind create cluster` means for the person, from kind's own error lines.
export interface KindFailure {
  message: string;
  remedy: string;
}

export function explainKindFailure(output: string, cluster: string): KindFailure {
  const error = output.split('\n').reverse().find((l) => l.startsWith('ERROR:'))?.replace(/^ERROR:\s*/, '') ?? output.trim().split('\n').at(-1) ?? '';
  const port = /(?:port is already allocated|address already in use)/i.exec(output) && /(?:0\.0\.0\.0|127\.0\.0\.1|\[::\]):(\d+)/.exec(output)?.[1];
  if (/port is already allocated|address already in use/i.test(output)) {
    return {
      message: `kind could not create the cluster "${cluster}": a port it needs${port ? ` (${port})` : ''} is taken by another program.`,
      remedy: `Free that port (ss -ltnp shows who holds it), or give the cluster other ports in your kind config (extraPortMappings). kind removed the half-made node; run the command again.`,
    };
  }
  if (/node\(s\) already exist/i.test(output)) {
    return { message: `A kind cluster named "${cluster}" already exists but kubelab could not use it.`, remedy: `Remove it with kubelab down (or kind delete cluster --name ${cluster}), then start again.` };
  }
  if (/out of memory|cannot allocate memory|not enough memory|OOMKilled|exit code 137/i.test(output)) {
    return { message: `kind could not create the cluster "${cluster}": not enough memory for the node.`, remedy: 'A one-node kind cluster needs about 1.5 GiB: close other programs, or give Docker Desktop more memory (Settings → Resources).' };
  }
  if (/no space left on device/i.test(output)) {
    return { message: `kind could not create the cluster "${cluster}": the disk is full.`, remedy: 'Free disk space (docker system prune removes unused images and containers), then try again.' };
  }
  if (/Cannot connect to the Docker daemon|failed to get docker info|docker ps -a/i.test(output)) {
    return { message: `kind could not reach Docker to create the cluster "${cluster}".`, remedy: 'Start the Docker daemon (sudo systemctl start docker, or Docker Desktop), then try again.' };
  }
  return { message: `kind could not create the cluster "${cluster}": ${error}`, remedy: 'Read kind\'s lines above; kubelab doctor checks Docker. kind removes what it half-made, so running the command again is safe.' };
}
