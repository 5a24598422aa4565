// The presenter as the lesson's learner: every step waits for their key, commands are typed on
// screen at a readable speed (or one key per character), questions are answered from the live
// cluster when they reveal them. Navigation keys (next, back, jump, quit) end the wait early.
import { Interrupted } from '../../errors.js';
import { typedAfter, DemoClock, type DemoKey } from '../../engine/demo.js';
import type { DemoPosition } from '../../engine/events.js';
import type { CommandStep, Learner, QuestionStep } from '../context.js';

/** The presenter asked to go elsewhere: to a step (index), or to end the demo. */
export class Navigate extends Error {
  constructor(readonly to: number | 'quit') {
    super(to === 'quit' ? 'quit' : `to step ${to + 1}`);
  }
}

type Waiter = { accept: (key: DemoKey) => boolean; resolve: () => void; reject: (error: unknown) => void };

export interface PresenterOptions {
  typing: number | 'key';
  clock: DemoClock;
  /** Where the demo stands; navigation is relative to `index`. */
  position: () => DemoPosition;
  update: (change: Partial<DemoPosition>) => void;
  signal: AbortSignal;
}

export class Presenter {
  private waiter: Waiter | undefined;
  private readonly queue: DemoKey[] = [];

  constructor(private readonly options: PresenterOptions) {
    options.signal.addEventListener('abort', () => this.waiter?.reject(new Interrupted()), { once: true });
  }

  /** A key from the presenter (the terminal UI, or a test). */
  key(key: DemoKey): void {
    if (key.kind === 'pause') {
      this.options.update({ paused: this.options.clock.toggle(Date.now()) });
      return;
    }
    const navigate = this.navigation(key);
    if (this.waiter) {
      if (navigate !== undefined) this.finish((w) => w.reject(new Navigate(navigate)));
      else if (this.waiter.accept(key)) this.finish((w) => w.resolve());
      return;
    }
    // Keys that arrive while a step runs: navigation waits for the step, the rest is dropped.
    if (navigate !== undefined) this.queue.push(key);
  }

  private navigation(key: DemoKey): number | 'quit' | undefined {
    const { index, total } = this.options.position();
    switch (key.kind) {
      case 'next': return Math.min(index + 1, total - 1);
      case 'back': return Math.max(index - 1, 0);
      case 'jump': return key.to >= 0 && key.to < total ? key.to : undefined;
      case 'quit': return 'quit';
      default: return undefined;
    }
  }

  private finish(act: (w: Waiter) => void): void {
    const w = this.waiter!;
    this.waiter = undefined;
    act(w);
  }

  /** Waits for a key `accept` takes; a navigation key rejects with Navigate. */
  private wait(accept: (key: DemoKey) => boolean): Promise<void> {
    const queued = this.queue.shift();
    if (queued) {
      const to = this.navigation(queued);
      if (to !== undefined) return Promise.reject(new Navigate(to));
    }
    if (this.options.signal.aborted) return Promise.reject(new Interrupted());
    return new Promise((resolve, reject) => (this.waiter = { accept, resolve, reject }));
  }

  /** Enter, to run the step on screen (or go on). */
  go(): Promise<void> {
    return this.wait((k) => k.kind === 'go');
  }

  /** Types the command on screen: by itself at the chosen speed (pauses respected), or a character per key. */
  async type(command: string): Promise<void> {
    const { typing, clock, update } = this.options;
    update({ phase: 'typing', command, typed: '' });
    if (typing === 'key') {
      for (let n = 1; n <= command.length; n++) {
        await this.wait((k) => k.kind === 'char' || k.kind === 'go');
        update({ typed: command.slice(0, n) });
      }
    } else {
      let shown = 0;
      let typingMs = 0;
      let last = Date.now();
      while (shown < command.length) {
        await this.tick(Math.max(20, Math.round(1000 / typing)));
        const now = Date.now();
        if (!clock.paused) typingMs += now - last;
        last = now;
        const next = typedAfter(command, typing, typingMs);
        if (next !== shown) update({ typed: command.slice(0, (shown = next)) });
      }
    }
    update({ phase: 'typed', typed: command });
  }

  /** A pause between typed characters that a navigation key cuts short. */
  private tick(ms: number): Promise<void> {
    const queued = this.queue.shift();
    if (queued) {
      const to = this.navigation(queued);
      if (to !== undefined) return Promise.reject(new Navigate(to));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve();
      }, ms);
      this.waiter = {
        accept: () => false,
        resolve: () => undefined,
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  learner(): Learner {
    return {
      by: 'learner',
      proceed: () => this.go(),
      command: async (step: CommandStep) => {
        await this.type(step.suggest);
        await this.go();
        this.options.update({ phase: 'running' });
        return step.suggest;
      },
      answer: async (_step: QuestionStep, _attempt: number, _points, truth?: string) => {
        this.options.update({ answer: truth, phase: 'waiting' });
        await this.go();
        return truth ?? '';
      },
      keepCluster: async () => true,
      confirm: async () => true,
    };
  }
}
