// The demo screen's state, derived from the run's events: where the demo is, which steps are done,
// what the current step printed, and the live objects.
import type { DemoPosition, LabEvent, ObjectRow } from '../../engine/events.js';

export interface DemoView {
  position?: DemoPosition;
  objects: ObjectRow[];
  /** Step id → done (true), failed (false); absent: not yet. */
  done: Map<string, boolean>;
  /** Events since the current step started, in order. */
  current: LabEvent[];
  notice?: string;
  ended?: LabEvent;
  cluster?: string;
}

export function demoView(events: readonly LabEvent[], stepIds: string[]): DemoView {
  const view: DemoView = { objects: [], done: new Map(), current: [] };
  for (const e of events) {
    switch (e.type) {
      case 'demo.position':
        view.position = e;
        if (e.phase === 'restoring') for (const id of stepIds.slice(e.index)) view.done.delete(id);
        break;
      case 'demo.objects':
        view.objects = e.rows;
        break;
      case 'step.start':
        view.current = [e];
        view.notice = undefined;
        break;
      case 'step.done':
        view.done.set(e.step, e.ok);
        view.current.push(e);
        break;
      case 'notice':
        view.notice = e.text;
        break;
      case 'cluster.progress':
        view.notice = `kind: ${e.line.trim()}`;
        break;
      case 'cluster.ready':
        view.cluster = `${e.name} · Kubernetes ${e.serverVersion ?? '?'}`;
        view.notice = undefined;
        break;
      case 'run.end':
      case 'interrupted':
        view.ended = e;
        break;
      case 'pod':
      case 'object':
      case 'criteria':
        break;
      default:
        view.current.push(e);
    }
  }
  return view;
}
