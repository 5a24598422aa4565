// Brings up the lab cluster (or reuses it) and waits until pods can be created on it.
import { containerStatus, type ContainerStatus } from '../cluster/docker.js';
import { Kind } from '../cluster/kind.js';
import { Kubectl } from '../cluster/kubectl.js';
import { minorOf } from '../cluster/parse-tools.js';
import { CommandFailed } from '../cluster/command-failed.js';
import { explainKindFailure } from '../engine/kind-errors.js';
import { LabError } from '../errors.js';
import type { Emit } from '../engine/events.js';
import { scaled, type Settings } from '../settings.js';
import { lookAtLab, type LabLook } from './lab-look.js';

export interface ClusterPhase {
  /** What exists so far, for the message after Ctrl+C. */
  state: 'none' | 'creating' | 'ready';
}

/** The first questions about the lab cluster, asked while the machine is still being checked. */
export interface EarlyLook {
  node: Promise<{ status: ContainerStatus }>;
  look: Promise<LabLook>;
}

type Tools = { kind: string; kubectl: string; docker?: string };

/** Asks docker for the node container and kubectl for the lab at once; nothing waits on them yet. */
export function lookEarly(settings: Settings, tools: Tools, kinds: string[], signal: AbortSignal): EarlyLook | undefined {
  if (!tools.docker) return undefined;
  const early = {
    node: containerStatus(tools.docker, settings.nodeContainer, signal),
    look: lookAtLab(new Kubectl(tools.kubectl, settings, signal), kinds),
  };
  // Whoever awaits them reports their failures; until then a failure is not unhandled.
  early.node.catch(() => undefined);
  early.look.catch(() => undefined);
  return early;
}

export async function clusterUp(
  settings: Settings,
  tools: Tools,
  emit: Emit,
  signal: AbortSignal,
  phase: ClusterPhase,
  options: { kinds?: string[]; early?: EarlyLook } = {},
): Promise<{ kubectl: Kubectl; serverMinor?: number; look: LabLook }> {
  const started = Date.now();
  const kinds = options.kinds ?? [];
  const kind = new Kind(tools.kind, settings, signal);
  const kubectl = new Kubectl(tools.kubectl, settings, signal);
  const node = settings.nodeContainer;
  const status = tools.docker ? (await (options.early?.node ?? containerStatus(tools.docker, node, signal))).status : undefined;
  // docker knowing no node container is the news on a new machine; kind has the last word on it.
  const reused = status === undefined || status === 'missing' ? await kind.exists() : true;
  let look: LabLook | undefined;
  if (reused) {
    if (status !== undefined && status !== 'running' && status !== 'missing') {
      throw new LabError(`The lab cluster "${settings.clusterName}" exists but its node container ${node} is stopped.`, `Start it with docker start ${node}, or remove it with kubelab down and start again.`);
    }
    phase.state = 'ready';
    emit({ type: 'notice', level: 'info', text: `Reusing the kind cluster "${settings.clusterName}"` });
    look = await (options.early?.look ?? lookAtLab(kubectl, kinds));
    // No kubeconfig yet, or one from before the cluster was made again: kind writes it afresh.
    if (!look.ok) {
      await kind.exportKubeconfig();
      look = await lookAtLab(kubectl, kinds);
    }
  } else {
    phase.state = 'creating';
    emit({ type: 'notice', level: 'info', text: `Creating the kind cluster "${settings.clusterName}"${settings.image ? ` from ${settings.image}` : ''}; the first time can take a few minutes` });
    const lines: string[] = [];
    try {
      await kind.create((line) => {
        lines.push(line);
        emit({ type: 'cluster.progress', line });
      });
    } catch (error) {
      if (!(error instanceof CommandFailed)) throw error;
      const failure = explainKindFailure(`${lines.join('\n')}\n${error.result.stderr}`, settings.clusterName);
      throw new LabError(failure.message, failure.remedy);
    }
    phase.state = 'ready';
  }
  if (!look?.ready) {
    // Two questions to the API that do not depend on each other, asked at once.
    await Promise.all([kubectl.waitForNode(), defaultServiceAccount(kubectl, settings)]);
    look = await lookAtLab(kubectl, kinds);
  }
  // A kind node runs the cluster's own version; ask the API only if the node did not say.
  const serverVersion = look.kubeletVersion ?? (await kubectl.serverVersion());
  emit({ type: 'cluster.ready', name: settings.clusterName, context: settings.context, kubeconfig: settings.kubeconfig, reused, seconds: (Date.now() - started) / 1000, serverVersion });
  return { kubectl, serverMinor: minorOf(serverVersion), look };
}

/** Pods can't be created before the namespace's default service account exists. */
async function defaultServiceAccount(kubectl: Kubectl, settings: Settings): Promise<void> {
  // The controller manager makes it soon after the node is Ready; a slow machine may need minutes.
  const deadline = Date.now() + scaled(settings, 180_000);
  while (!(await kubectl.defaultServiceAccount())) {
    if (Date.now() > deadline) throw new LabError('The cluster came up but never created its default service account.', 'Remove it with kubelab down and start again.');
    await new Promise((r) => setTimeout(r, scaled(settings, 1000)));
  }
}
