// Follows objects on the cluster through kubectl watches (never a fixed sleep): every pod in the
// namespace and any named targets. Each change calls back with the latest facts.
import { CommandFailed } from '../cluster/command-failed.js';
import type { Streaming } from '../cluster/exec.js';
import type { Kubectl } from '../cluster/kubectl.js';
import { parseObject } from '../cluster/parse-objects.js';
import { parsePod } from '../cluster/parse-pod.js';
import { absent, type ObjectFacts, type PodFacts } from '../engine/facts.js';
import type { Scenario } from '../scenario/load.js';

export interface FollowedState {
  pods: PodFacts[];
  targets: Map<string, ObjectFacts>;
}

export interface Follower {
  state(): FollowedState;
  stop(): void;
  /** Rejects when a watch fails (the cluster went away); never resolves otherwise. */
  failed: Promise<never>;
}

/** Watches every pod in the namespace (if asked), plus the targets named by key, until stopped. */
export function follow(kubectl: Kubectl, scenario: Scenario, what: { pods: boolean; targets: string[] }, onChange: (state: FollowedState) => void): Follower {
  const pods = new Map<string, PodFacts>();
  const targets = new Map<string, ObjectFacts>();
  const raws = new Map<string, { object?: unknown; endpoints?: unknown }>();
  const watches: Streaming[] = [];
  let stopped = false;
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);

  const state = (): FollowedState => ({ pods: [...pods.values()], targets: new Map(targets) });
  const changed = () => {
    if (!stopped) onChange(state());
  };

  function keep(what: string, start: () => Streaming): void {
    const w = start();
    watches.push(w);
    w.done.then(
      (result) => {
        if (stopped || result.stopped) return;
        if (result.exitCode !== 0) fail(new CommandFailed(`watching ${what}`, result));
        else keep(what, start); // the API server ends watches now and then; pick it up again
      },
      (error: unknown) => fail(error),
    );
  }

  if (what.pods) {
    keep('pods', () => kubectl.watch('pod', undefined, (type, object) => {
      const pod = parsePod(object);
      if (type === 'DELETED') pods.delete(pod.name);
      else pods.set(pod.name, pod);
      changed();
    }));
  }

  for (const key of what.targets) {
    const target = scenario.targets[key]!;
    const name = target.kind === 'node' ? undefined : target.name;
    const kind = target.kind;
    raws.set(key, {});
    targets.set(key, absent(kind, name ?? 'the node'));
    const update = () => {
      const raw = raws.get(key)!;
      targets.set(key, raw.object === undefined ? absent(kind, name ?? 'the node') : parseObject(kind, raw.object, undefined, raw.endpoints));
      changed();
    };
    keep(`${kind} ${name ?? ''}`.trim(), () => kubectl.watch(kind, name, (type, object) => {
      raws.get(key)!.object = type === 'DELETED' ? undefined : object;
      update();
    }));
    if (kind === 'service') {
      keep(`endpoints ${name}`, () => kubectl.watch('endpoints', name, (type, object) => {
        raws.get(key)!.endpoints = type === 'DELETED' ? undefined : object;
        update();
      }));
    }
  }

  return {
    state,
    stop() {
      stopped = true;
      for (const w of watches) w.stop();
    },
    failed,
  };
}
