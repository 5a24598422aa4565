// Connects a run to the ink UI: events flow in, prompts wait for the person's keys. The UI reads
// a snapshot; nothing here renders.
import { Interrupted } from '../errors.js';
import type { LabEvent } from '../engine/events.js';
import type { CommandStep, Learner, QuestionStep } from '../runtime/context.js';

export type Prompt =
  | { kind: 'proceed'; resolve: (line: string) => void }
  | { kind: 'command'; suggestion: string; demo: boolean; resolve: (line: string) => void }
  | { kind: 'answer'; attempt: number; resolve: (line: string) => void }
  | { kind: 'confirm'; question: string; defaultYes: boolean; resolve: (line: string) => void }
  | { kind: 'exercise'; resolve: (line: string) => void };

export interface Snapshot {
  /** Every event so far, in order. The list grows in place (a copy per event would make a long lesson quadratic); `count` changes with each. */
  events: readonly LabEvent[];
  count: number;
  prompt?: Prompt;
  finished: boolean;
}

export class Bridge {
  private readonly events: LabEvent[] = [];
  private snapshot: Snapshot = { events: this.events, count: 0, finished: false };
  private listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  private set(next: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...next };
    for (const listener of this.listeners) listener();
  }

  emit = (event: LabEvent): void => {
    this.events.push(event);
    this.set({ count: this.events.length });
  };

  finish(): void {
    this.set({ finished: true, prompt: undefined });
  }

  private ask(make: (resolve: (line: string) => void) => Prompt, signal: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new Interrupted());
      signal.addEventListener('abort', onAbort, { once: true });
      this.set({
        prompt: make((line) => {
          signal.removeEventListener('abort', onAbort);
          this.set({ prompt: undefined });
          resolve(line);
        }),
      });
    });
  }

  confirm(question: string, defaultYes: boolean, signal: AbortSignal): Promise<boolean> {
    return this.ask((resolve) => ({ kind: 'confirm', question, defaultYes, resolve }), signal).then((reply) => {
      const r = reply.trim().toLowerCase();
      return r === '' ? defaultYes : r.startsWith('y');
    });
  }

  /** A prompt that ends quietly (undefined) when `done` fires, and as Ctrl+C when `signal` does. */
  private askUntil(make: (resolve: (line: string) => void) => Prompt, signal: AbortSignal, done: AbortSignal): Promise<string | undefined> {
    if (done.aborted) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        signal.removeEventListener('abort', onAbort);
        done.removeEventListener('abort', onDone);
      };
      const onAbort = () => {
        cleanup();
        reject(new Interrupted());
      };
      const onDone = () => {
        cleanup();
        this.set({ prompt: undefined });
        resolve(undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      done.addEventListener('abort', onDone, { once: true });
      this.set({
        prompt: make((line) => {
          cleanup();
          this.set({ prompt: undefined });
          resolve(line);
        }),
      });
    });
  }

  learner(signal: AbortSignal, demo: boolean): Learner {
    return {
      by: 'learner',
      exerciseLine: (done: AbortSignal) => this.askUntil((resolve) => ({ kind: 'exercise', resolve }), signal, done),
      confirm: (question: string, defaultYes: boolean) => this.confirm(question, defaultYes, signal),
      proceed: async () => void (await this.ask((resolve) => ({ kind: 'proceed', resolve }), signal)),
      command: (step: CommandStep) => this.ask((resolve) => ({ kind: 'command', suggestion: step.suggest, demo, resolve }), signal),
      answer: (_step: QuestionStep, attempt: number) => this.ask((resolve) => ({ kind: 'answer', attempt, resolve }), signal),
      keepCluster: () => this.confirm('Keep the cluster for later?', true, signal),
    };
  }
}
