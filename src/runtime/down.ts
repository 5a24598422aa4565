// `kubelab down`: deletes the lab cluster, and only it; the person's own kubeconfig is never read.
import { Kind } from '../cluster/kind.js';
import { findTools } from '../cluster/tools.js';
import { LabError } from '../errors.js';
import type { Settings } from '../settings.js';

export async function down(settings: Settings, say: (line: string) => void, signal: AbortSignal): Promise<void> {
  const tools = findTools(settings.binDir);
  if (!tools.kind) throw new LabError('kind is not installed, so there is no lab cluster to delete.', 'Nothing to do.');
  const kind = new Kind(tools.kind, settings, signal);
  if (!(await kind.exists())) {
    say(`There is no lab cluster named "${settings.clusterName}"; nothing to delete.`);
    return;
  }
  await kind.delete((line) => say(`  kind │${line}`));
  say(`Deleted the lab cluster "${settings.clusterName}".`);
}
