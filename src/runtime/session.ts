// Opens the lab: the machine checked, the cluster up (created or reused), kubectl pointed at it.
import type { Kubectl } from '../cluster/kubectl.js';
import type { Emit } from '../engine/events.js';
import type { NodeContext } from '../engine/exit-codes.js';
import type { Settings } from '../settings.js';
import { clusterUp, type ClusterPhase } from './cluster-up.js';
import { prepare, type InstallConsent } from './prepare.js';

export interface Session {
  kubectl: Kubectl;
  tools: { kind: string; kubectl: string; docker?: string };
  node: NodeContext;
}

export async function openSession(settings: Settings, emit: Emit, signal: AbortSignal, consent: InstallConsent, phase: ClusterPhase): Promise<Session> {
  const checked = await prepare(settings, emit, signal, consent);
  const tools = { kind: checked.tools.kind!, kubectl: checked.tools.kubectl!, docker: checked.tools.docker };
  const { kubectl, serverMinor } = await clusterUp(settings, tools, emit, signal, phase);
  return { kubectl, tools, node: { cgroupVersion: checked.docker.cgroupVersion, serverMinor } };
}
