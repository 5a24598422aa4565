// Keeps a watch step's pod watch open after the step ends, so the questions and checks that follow
// read the pod as the API last told it, with no kubectl get each: a watch is the live state, kept
// current within milliseconds. A step that can change the cluster closes them all first; a watch the
// API server ended is no longer trusted, and its target is read again with kubectl get.
import type { Fetched } from '../cluster/kubectl.js';
import type { PodFacts } from '../engine/facts.js';

export interface LiveView {
  facts: PodFacts;
  raw?: unknown;
  /** False once the watch behind it has ended. */
  alive: boolean;
}

export class LiveViews {
  private readonly views = new Map<string, { view: LiveView; stop: () => void }>();

  /** Takes over a target's running watch; `view` keeps being updated by it. */
  adopt(target: string, view: LiveView, stop: () => void): void {
    this.close(target);
    this.views.set(target, { view, stop });
  }

  /** The target as its watch last saw it, while the watch runs. */
  get(target: string): Fetched | undefined {
    const kept = this.views.get(target);
    if (!kept?.view.alive) return undefined;
    return { facts: kept.view.facts, raw: kept.view.raw };
  }

  close(target: string): void {
    this.views.get(target)?.stop();
    this.views.delete(target);
  }

  closeAll(): void {
    for (const target of [...this.views.keys()]) this.close(target);
  }
}
