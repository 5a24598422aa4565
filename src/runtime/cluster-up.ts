// Brings up the lab cluster (or reuses it) and waits until pods can be created on it.
import { containerRunning } from '../cluster/docker.js';
import { Kind } from '../cluster/kind.js';
import { Kubectl } from '../cluster/kubectl.js';
import { minorOf } from '../cluster/parse-tools.js';
import { CommandFailed } from '../cluster/command-failed.js';
import { explainKindFailure } from '../engine/kind-errors.js';
import { LabError } from '../errors.js';
import type { Emit } from '../engine/events.js';
import { scaled, type Settings } from '../settings.js';

export interface ClusterPhase {
  /** What exists so far, for the message after Ctrl+C. */
  state: 'none' | 'creating' | 'ready';
}

export async function clusterUp(
  settings: Settings,
  tools: { kind: string; kubectl: string; docker?: string },
  emit: Emit,
  signal: AbortSignal,
  phase: ClusterPhase,
): Promise<{ kubectl: Kubectl; serverMinor?: number }> {
  const started = Date.now();
  const kind = new Kind(tools.kind, settings, signal);
  const kubectl = new Kubectl(tools.kubectl, settings, signal);
  const reused = await kind.exists();
  if (reused) {
    const node = settings.nodeContainer;
    // Asked at once; a stopped node is the news, whatever the export made of it.
    const [running, exported] = await Promise.allSettled([tools.docker ? containerRunning(tools.docker, node, signal) : Promise.resolve(undefined), kind.exportKubeconfig()]);
    if (running.status === 'rejected') throw running.reason;
    if (running.value === false) {
      throw new LabError(`The lab cluster "${settings.clusterName}" exists but its node container ${node} is stopped.`, `Start it with docker start ${node}, or remove it with kubelab down and start again.`);
    }
    phase.state = 'ready';
    emit({ type: 'notice', level: 'info', text: `Reusing the kind cluster "${settings.clusterName}"` });
    if (exported.status === 'rejected') throw exported.reason;
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
  // Three questions to the API that do not depend on each other, asked at once.
  const [, , serverVersion] = await Promise.all([kubectl.waitForNode(), defaultServiceAccount(kubectl, settings), kubectl.serverVersion()]);
  emit({ type: 'cluster.ready', name: settings.clusterName, context: settings.context, kubeconfig: settings.kubeconfig, reused, seconds: (Date.now() - started) / 1000, serverVersion });
  return { kubectl, serverMinor: minorOf(serverVersion) };
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
