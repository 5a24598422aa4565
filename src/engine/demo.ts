// The demo's pure parts: what a presenter's key means, the typing clock, the live panel's rows.
import { latestTermination, type ObjectFacts } from './facts.js';
import type { ObjectRow } from './events.js';
import { summarize } from './summarize.js';

export type DemoKey =
  | { kind: 'go' }
  | { kind: 'next' }
  | { kind: 'back' }
  | { kind: 'jump'; to: number }
  | { kind: 'pause' }
  | { kind: 'quit' }
  | { kind: 'char' };

/** A key pressed in the demo, as the controller understands it; digits before Enter choose a step. */
export function readKey(input: string, key: { return?: boolean; leftArrow?: boolean; rightArrow?: boolean; escape?: boolean }, pending: string): { action?: DemoKey; pending: string } {
  if (key.return) return pending !== '' ? { action: { kind: 'jump', to: Number(pending) - 1 }, pending: '' } : { action: { kind: 'go' }, pending: '' };
  if (key.escape) return { pending: '' };
  if (key.rightArrow) return { action: { kind: 'next' }, pending: '' };
  if (key.leftArrow) return { action: { kind: 'back' }, pending: '' };
  if (/^[0-9]$/.test(input)) return { pending: `${pending}${input}`.slice(-2) };
  if (input === ' ') return { action: { kind: 'pause' }, pending };
  if (input === 'q') return { action: { kind: 'quit' }, pending: '' };
  if (input === 'n') return { action: { kind: 'next' }, pending: '' };
  if (input === 'p' || input === 'b') return { action: { kind: 'back' }, pending: '' };
  return input !== '' ? { action: { kind: 'char' }, pending } : { pending };
}

/** How many characters of a command are on screen after `ms` of typing at `cps` characters a second. */
export function typedAfter(command: string, cps: number, ms: number): number {
  return Math.min(command.length, Math.floor((ms * cps) / 1000));
}

/** The demo clock: time since the start, pauses excluded. */
export class DemoClock {
  private pausedAt: number | undefined;
  private pausedFor = 0;
  constructor(private readonly start: number) {}

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  toggle(now: number): boolean {
    if (this.pausedAt === undefined) this.pausedAt = now;
    else {
      this.pausedFor += now - this.pausedAt;
      this.pausedAt = undefined;
    }
    return this.paused;
  }

  elapsed(now: number): number {
    return ((this.pausedAt ?? now) - this.start - this.pausedFor) / 1000;
  }
}

/** mm:ss, for the timer against the scenario's minutes. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The live panel: each object as one row, pods with their state, restarts, last termination. */
export function objectRows(objects: ObjectFacts[]): ObjectRow[] {
  return objects.filter((o) => o.exists).map((o) => {
    if (o.kind !== 'pod') return { kind: o.kind, name: o.name, status: summarize(o) };
    const last = latestTermination(o);
    return { kind: 'pod', name: o.name, status: o.status, ready: o.readyText, restarts: o.restartCount, last: last?.reason, exitCode: last?.exitCode, createdAt: o.createdAt };
  });
}

/** kubectl's AGE column: 45s, 3m10s, 2h. */
export function age(createdAt: string | undefined, now: number): string {
  if (!createdAt) return '';
  const s = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
  if (s < 3 * 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h`;
}
