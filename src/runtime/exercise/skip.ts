// Skip: kubelab applies the reference fix itself. The broken objects go first (a pod's spec can't
// be changed in place), then the fix's manifests.
import { applyManifest, deleteManifest, type StateContext } from '../scenario-state.js';

export async function applySolution(ctx: StateContext): Promise<void> {
  const ex = ctx.scenario.exercise!;
  for (const key of ex.break) if (!ex.solution.includes(key)) await deleteManifest(ctx, key);
  for (const key of ex.solution) await applyManifest(ctx, key);
}
