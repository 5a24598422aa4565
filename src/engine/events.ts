// The events a lab run emits. The ink UI, the plain reporter and --json all read these.
import type { DiffLine } from './diff.js';

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
  label: 'reason' | 'exitCode' | 'limit';
  line: number;
  text: string;
  value: string;
}

export type LabEvent =
  | { type: 'run.start'; scenario: string; title: string; mode: 'learn' | 'auto' | 'demo' | 'check'; cluster: string; at: number }
  | { type: 'preflight'; items: PreflightItem[] }
  | { type: 'cluster.progress'; line: string }
  | { type: 'cluster.ready'; name: string; context: string; kubeconfig: string; reused: boolean; seconds: number; serverVersion?: string }
  | { type: 'step.start'; step: string; kind: string; index: number; total: number; title: string; text?: string; lesson?: string; notes?: string }
  | { type: 'manifest'; file: string; lines: { n: number; text: string; highlight: boolean }[] }
  | { type: 'kubectl'; by: 'kubelab' | 'learner'; argv: string[]; exitCode: number; stdout: string; stderr: string; accepted?: boolean }
  | { type: 'rejected'; line: string; message: string }
  | ({ type: 'pod' } & PodUpdate)
  | { type: 'evidence'; target: string; pod: string; reason: string; exitCode: number; restarts: number }
  | { type: 'points'; points: DescribePoint[] }
  | { type: 'question'; step: string; ask: string }
  | { type: 'answer'; step: string; given: string; correct: boolean; attempt: number; hint?: string; revealed?: string }
  | { type: 'check'; step: string; check: string; ok: boolean; message: string; note?: string; lookAt?: string }
  | { type: 'diff'; from: string; to: string; lines: DiffLine[] }
  | { type: 'notice'; level: 'info' | 'warn'; text: string }
  | { type: 'step.done'; step: string; ok: boolean; reason?: string; todo?: string }
  | { type: 'summary'; lines: string[]; points: string[] }
  | { type: 'run.end'; ok: boolean; passed: number; failed: number; seconds: number; cluster: string; clusterState: string }
  | { type: 'interrupted'; clusterState: string };

export type Emit = (event: LabEvent) => void;
