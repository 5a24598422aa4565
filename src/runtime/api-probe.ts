// While kubelab waits on a watch, it asks the API server every five seconds whether it still
// answers: a watch on a frozen cluster (a paused node) would otherwise wait quietly until timeout.
// Every wait in one process on the same cluster shares one probe: kubelab test plays a dozen labs
// at once, and with a kubectl per wait every five seconds (about 0.2 s of CPU each) twelve waits
// would keep about half a core busy probing (estimated from the per-start cost, not measured).
import { CommandFailed } from '../cluster/command-failed.js';
import type { ExecResult } from '../cluster/exec.js';
import { unreachable } from '../engine/cluster-failure.js';
import { scaled, type Settings } from '../settings.js';

/** What the probe needs of kubectl: which API server it talks to, and one readiness call. */
export interface ApiAsker {
  readonly apiServer: string;
  apiReady(): Promise<{ ok: boolean; result: ExecResult }>;
}

interface Waiter {
  asker: ApiAsker;
  onDown(error: CommandFailed): void;
}

interface Probe {
  waiters: Set<Waiter>;
  misses: number;
  timer?: NodeJS.Timeout;
}

const probes = new Map<string, Probe>();

/** Calls onDown once the API server has failed two probes in a row; stop() ends this wait's part in the probing. */
export function probeApi(asker: ApiAsker, settings: Settings, onDown: (error: CommandFailed) => void): { stop(): void } {
  const key = asker.apiServer;
  let probe = probes.get(key);
  if (!probe) {
    probe = { waiters: new Set(), misses: 0 };
    probes.set(key, probe);
  }
  const shared = probe;
  const waiter: Waiter = { asker, onDown };
  shared.waiters.add(waiter);

  const tick = async () => {
    shared.timer = undefined;
    const [first] = shared.waiters;
    if (!first) return;
    const { ok, result } = await first.asker.apiReady().catch(() => ({ ok: true, result: undefined }));
    if (probes.get(key) !== shared || shared.waiters.size === 0) return;
    // Only an API server that does not answer counts; any other error says nothing about it.
    shared.misses = ok || !result || !unreachable(result.stderr, result.timedOut) ? 0 : shared.misses + 1;
    if (shared.misses >= 2 && result) {
      const down = [...shared.waiters];
      shared.waiters.clear();
      probes.delete(key);
      for (const w of down) w.onDown(new CommandFailed('asking the API server whether it is ready', result));
      return;
    }
    shared.timer = setTimeout(() => void tick(), scaled(settings, 5_000));
  };
  if (!shared.timer && shared.waiters.size === 1) shared.timer = setTimeout(() => void tick(), scaled(settings, 5_000));

  return {
    stop() {
      if (!shared.waiters.delete(waiter)) return;
      if (shared.waiters.size > 0) return;
      clearTimeout(shared.timer);
      shared.timer = undefined;
      if (probes.get(key) === shared) probes.delete(key);
    },
  };
}
