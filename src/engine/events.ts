// The events a run emits. The ink UI, the plain reporter, --json and the reports all read these.
// Every event carries the time it happened (ms since the epoch), so reports can time each step.
import type { DiffLine } from './diff.js';
import type { KernelReading } from './kernel.js';

export interface PreflightItem {
  name: 'docker' | 'kind' | 'kubectl' | 'memory' | 'arch';
  ok: boolean;
  /** A warning lets the lab go on; a problem stops it. */
  level: 'ok' | 'warn' | 'problem';
  detail: string;
  fix?: string;
}

export interface PodUpdate {
  target: string;
  pod: string;
  exists: boolean;
  phase?: string;
  status: string;
  ready: string;
  restarts: number;
  lastState?: { reason: string; exitCode: number };
}

export interface DescribePoint {
  label: 'reason' | 'exitCode' | 'limit' | 'line';
  line: number;
  text: string;
  value: string;
}

/** One acceptance criterion or guard of an exercise, as it stands now. */
export interface CriterionState {
  id: string;
  /** What is checked, in words. */
  name: string;
  guard: boolean;
  ok: boolean;
  message: string;
  note?: string;
  lookAt?: string;
}

export type RunMode = 'learn' | 'auto' | 'demo' | 'check' | 'exercise';

/** One row of the demo's live panel. */
export interface ObjectRow {
  kind: string;
  name: string;
  status: string;
  ready?: string;
  restarts?: number;
  last?: string;
  exitCode?: number;
  createdAt?: string;
}

/** Where a demo is: the step on screen, what it waits for, the command typed so far, the clock. */
export interface DemoPosition {
  index: number;
  total: number;
  phase: 'waiting' | 'typing' | 'typed' | 'running' | 'done' | 'restoring' | 'finished';
  typed?: string;
  command?: string;
  paused: boolean;
  /** Seconds of demo time (pauses excluded) when this was sent. */
  elapsed: number;
  minutes?: number;
  /** The answer to the step's question, read from the live cluster (for the presenter only). */
  answer?: string;
}

export type LabEventBody =
  | { type: 'run.start'; scenario: string; title: string; mode: RunMode; cluster: string }
  | { type: 'preflight'; items: PreflightItem[] }
  | { type: 'cluster.progress'; line: string }
  | { type: 'cluster.ready'; name: string; context: string; kubeconfig: string; reused: boolean; seconds: number; serverVersion?: string }
  | { type: 'resume'; step: string; index: number; skipped: string[] }
  | { type: 'step.start'; step: string; kind: string; index: number; total: number; title: string; text?: string; lesson?: string; notes?: string }
  | { type: 'manifest'; file: string; lines: { n: number; text: string; highlight: boolean }[] }
  | { type: 'kubectl'; by: 'kubelab' | 'learner'; argv: string[]; exitCode: number; stdout: string; stderr: string; accepted?: boolean }
  | { type: 'rejected'; line: string; message: string }
  | ({ type: 'pod' } & PodUpdate)
  | { type: 'object'; target: string; kind: string; name: string; summary: string }
  | { type: 'evidence'; target: string; pod: string; reason: string; exitCode: number; restarts: number }
  | { type: 'points'; points: DescribePoint[] }
  | { type: 'question'; step: string; ask: string }
  | { type: 'answer'; step: string; given: string; correct: boolean; attempt: number; hint?: string; revealed?: string }
  | { type: 'check'; step: string; check: string; ok: boolean; message: string; note?: string; lookAt?: string }
  | { type: 'diff'; from: string; to: string; lines: DiffLine[] }
  | { type: 'kernel'; node: string; cgroupVersion: 1 | 2; cgroup: string; readings: KernelReading[]; log: string[] }
  | {
    type: 'kernel.run'; scenario: string; image: string; command: string[]; memory: string; memoryBytes: number; cgroupVersion: 1 | 2; driver: string;
    oomGroup: boolean; exitCode?: number; oomKilled?: boolean; cgroup?: string; readings: KernelReading[]; log: string[]; explanation: string[]; problem?: string;
  }
  | { type: 'notice'; level: 'info' | 'warn'; text: string }
  | { type: 'step.done'; step: string; ok: boolean; reason?: string; todo?: string }
  | { type: 'brief'; scenario: string; symptom: string; fixed: string; workdir: string; files: string[]; kubeconfig: string; context: string; namespace: string; stableFor: string }
  | { type: 'criteria'; items: CriterionState[]; holding: boolean; heldSeconds: number; stableSeconds: number; pods: string[] }
  | { type: 'hint'; scenario: string; tier: number; of: number; text: string }
  | { type: 'solution'; scenario: string; files: { name: string; text: string }[]; diff?: { from: string; to: string; lines: DiffLine[] } }
  | { type: 'exercise.end'; scenario: string; outcome: 'fixed' | 'skipped' | 'stopped'; seconds: number; hints: number; attempts: number }
  | { type: 'summary'; lines: string[]; points: string[] }
  | ({ type: 'demo.position' } & DemoPosition)
  | { type: 'demo.objects'; rows: ObjectRow[] }
  | { type: 'test.result'; scenario: string; part: 'lesson' | 'exercise'; ok: boolean; seconds: number; failedStep?: string; failedCheck?: string; reason?: string; failureSeenSeconds?: number; healthySeconds?: number }
  | { type: 'run.end'; ok: boolean; passed: number; failed: number; seconds: number; cluster: string; clusterState: string }
  | { type: 'interrupted'; clusterState: string; by?: StopSignal };

export type LabEvent = LabEventBody & { at?: number };

/** What stopped a run: Ctrl+C, a kill, or the terminal closing. */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** The stop signal a run's abort carries as its reason (kubelab aborts with the signal's name), if any. */
export function stopSignal(signal: AbortSignal): StopSignal | undefined {
  const reason: unknown = signal.reason;
  return reason === 'SIGINT' || reason === 'SIGTERM' || reason === 'SIGHUP' ? reason : undefined;
}

export type Emit = (event: LabEvent) => void;

/** An emitter that stamps each event with the time it happened (once; a stamped event keeps its time). */
export function stamped(emit: Emit, now: () => number = Date.now): Emit {
  return (event) => emit(event.at === undefined ? { ...event, at: now() } : event);
}
