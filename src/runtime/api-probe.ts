// While kubelab waits on a watch, it asks the API server every five seconds whether it still
// answers: a watch on a frozen cluster (a paused node) would otherwise wait quietly until timeout.
import { CommandFailed } from '../cluster/command-failed.js';
import type { Kubectl } from '../cluster/kubectl.js';
import { unreachable } from '../engine/cluster-failure.js';
import { scaled, type Settings } from '../settings.js';

/** Calls onDown once the API server has failed two probes in a row; stop() ends the probing. */
export function probeApi(kubectl: Kubectl, settings: Settings, onDown: (error: CommandFailed) => void): { stop(): void } {
  let misses = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    const { ok, result } = await kubectl.apiReady().catch(() => ({ ok: true, result: undefined }));
    if (stopped) return;
    // Only an API server that does not answer counts; any other error says nothing about it.
    misses = ok || !result || !unreachable(result.stderr, result.timedOut) ? 0 : misses + 1;
    if (misses >= 2 && result) {
      stopped = true;
      onDown(new CommandFailed('asking the API server whether it is ready', result));
      return;
    }
    timer = setTimeout(() => void tick(), scaled(settings, 5_000));
  };
  timer = setTimeout(() => void tick(), scaled(settings, 5_000));
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
