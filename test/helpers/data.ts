// Real captured outputs (see test/data/README.md) and pods built from them.
import { readFileSync } from 'node:fs';

export const data = (name: string): string => readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8');

/** The captured OOMKilled/137 pod, with its container's last termination replaced. */
export function oomPod(last: { reason: string; exitCode: number } | undefined, overrides: Record<string, unknown> = {}): Record<string, any> {
  const pod = JSON.parse(data('pod-oom-137.json'));
  const cs = pod.status.containerStatuses[0];
  cs.lastState = last ? { terminated: { ...cs.lastState.terminated, ...last } } : {};
  Object.assign(cs, overrides);
  return pod;
}
