// Opens the lab: the machine checked, the cluster up (created or reused), kubectl pointed at it.
import type { Kubectl } from '../cluster/kubectl.js';
import type { Emit } from '../engine/events.js';
import type { NodeContext } from '../engine/exit-codes.js';
import type { Settings } from '../settings.js';
import { findTools } from '../cluster/tools.js';
import { minorOf } from '../cluster/parse-tools.js';
import { LabError } from '../errors.js';
import type { Scenario } from '../scenario/load.js';
import { clusterUp, lookEarly, type ClusterPhase } from './cluster-up.js';
import type { LabLook } from './lab-look.js';
import { kindsToRead } from '../engine/clear-plan.js';
import { cleanupObjects } from './scenario-state.js';
import { connectExisting } from './existing-cluster.js';
import { prepare, type InstallConsent } from './prepare.js';

export interface Session {
  kubectl: Kubectl;
  tools: { kind: string; kubectl: string; docker?: string };
  node: NodeContext;
  /** The lab as kubelab found it on opening (kind clusters): what is there, for the clear before a start. */
  look?: LabLook;
}

export async function openSession(settings: Settings, emit: Emit, signal: AbortSignal, consent: InstallConsent, phase: ClusterPhase, scenario?: Scenario): Promise<Session> {
  if (scenario?.scope === 'cluster' && settings.mode === 'existing') {
    throw new LabError(
      `${scenario.id} changes the whole cluster (${scenario.setup.length > 0 ? 'the node itself' : 'cluster-wide objects'}), so it can't run in your namespace of a shared cluster.`,
      `Play it on a kind cluster of your own: kubelab start ${scenario.id} (without --kubeconfig).`,
    );
  }
  if (settings.mode === 'existing') {
    const kubectlBin = findTools(settings.binDir).kubectl;
    if (!kubectlBin) throw new LabError('kubectl is not installed.', 'kubelab can download a pinned one: kubelab doctor --install kubectl');
    phase.state = 'ready';
    const { kubectl, serverVersion } = await connectExisting(settings, kubectlBin, emit, signal);
    return { kubectl, tools: { kind: '', kubectl: kubectlBin }, node: { serverMinor: minorOf(serverVersion) } };
  }
  // With the tools at hand, the node container and the lab are asked about while the machine is checked.
  const kinds = scenario ? kindsToRead(cleanupObjects(scenario)) : [];
  const found = findTools(settings.binDir);
  const early = found.kind && found.kubectl ? lookEarly(settings, { kind: found.kind, kubectl: found.kubectl, docker: found.docker }, kinds, signal) : undefined;
  const checked = await prepare(settings, emit, signal, consent);
  const tools = { kind: checked.tools.kind!, kubectl: checked.tools.kubectl!, docker: checked.tools.docker };
  const sameTools = tools.kind === found.kind && tools.kubectl === found.kubectl && tools.docker === found.docker;
  const { kubectl, serverMinor, look } = await clusterUp(settings, tools, emit, signal, phase, { kinds, early: sameTools ? early : undefined });
  return { kubectl, tools, node: { cgroupVersion: checked.docker.cgroupVersion, serverMinor }, look };
}
