// The lab cluster as it is, for commands that must not create one (skip, reset): undefined if absent.
import { Kind } from '../cluster/kind.js';
import { Kubectl } from '../cluster/kubectl.js';
import { findTools } from '../cluster/tools.js';
import type { Settings } from '../settings.js';

export async function existingLab(settings: Settings, signal: AbortSignal): Promise<Kubectl | undefined> {
  const tools = findTools(settings.binDir);
  if (settings.mode === 'existing') return tools.kubectl ? new Kubectl(tools.kubectl, settings, signal) : undefined;
  if (!tools.kind || !tools.kubectl) return undefined;
  const kind = new Kind(tools.kind, settings, signal);
  const exists = await kind.exists().catch(() => false);
  if (!exists) return undefined;
  await kind.exportKubeconfig();
  return new Kubectl(tools.kubectl, settings, signal);
}
