// What every step of a run can reach: the scenario, the lab's kubectl, the learner and the event sink.
import type { CommandFailed } from '../cluster/command-failed.js';
import type { Fetched, Kubectl } from '../cluster/kubectl.js';
import type { KernelRead } from '../cluster/node-kernel.js';
import type { NodeContext } from '../engine/exit-codes.js';
import { latestTermination, type ObjectFacts, type Termination } from '../engine/facts.js';
import type { DescribePoint, Emit } from '../engine/events.js';
import type { Scenario } from '../scenario/load.js';
import type { StepSpec } from '../scenario/schema.js';
import type { Settings } from '../settings.js';
import type { LiveViews } from './live-views.js';

export type CommandStep = Extract<StepSpec, { kind: 'command' }>;
export type QuestionStep = Extract<StepSpec, { kind: 'question' }>;

/** Who answers the prompts: a person (ink or plain) or kubelab itself (--auto, kubelab test). */
export interface Learner {
  readonly by: 'learner' | 'kubelab';
  /** Waits until the person is ready to go on. */
  proceed(step: StepSpec): Promise<void>;
  /** The next line typed at the kubectl prompt; undefined when the learner gives up. */
  command(step: CommandStep, attempt: number): Promise<string | undefined>;
  /** The next answer to a question; points are the output lines found earlier. Only kubelab as its own learner reads `truth`. */
  answer(step: QuestionStep, attempt: number, points: DescribePoint[], truth?: string): Promise<string>;
  /** Asked at the end of the lesson. */
  keepCluster(): Promise<boolean>;
  /** A line at the exercise prompt, or undefined when the learner leaves; `signal` ends the wait when the exercise is over. */
  exerciseLine?(signal: AbortSignal): Promise<string | undefined>;
  /** Asks a yes/no question (skip, reset). */
  confirm?(question: string, defaultYes: boolean): Promise<boolean>;
}

export interface LabContext {
  scenario: Scenario;
  settings: Settings;
  kubectl: Kubectl;
  docker?: string;
  node: NodeContext;
  learner: Learner;
  emit: Emit;
  signal: AbortSignal;
  points: DescribePoint[];
  /** The terminations kubelab saw while following pods, by pod UID (a later restart can lose its reason). */
  seen?: Map<string, Termination[]>;
  /** Pod watches kept open after their watch step, read instead of a kubectl get (lessons only). */
  views?: LiveViews;
  /** The last reading of each pod's memory cgroup on the node, by pod UID, with the spec's limit it was read under. */
  kernelReads?: Map<string, { memoryLimit?: string; read: KernelRead }>;
}

export interface StepOutcome {
  ok: boolean;
  reason?: string;
  todo?: string;
  /** A failed blocking step ends the run: what follows depends on it. */
  blocking?: boolean;
  /** The kubectl (or docker) call that failed, when that is why the step failed. */
  failure?: CommandFailed;
  /** The step found the node container not running: the cluster is down, whatever the step was for. */
  nodeDown?: { dockerUp: boolean; status: string; exitCode?: number };
}

/** A scenario target as it is now on the cluster. */
export function fetchTarget(ctx: Pick<LabContext, 'scenario' | 'kubectl' | 'views'>, key: string): Promise<Fetched> {
  const live = ctx.views?.get(key);
  if (live) return Promise.resolve(live);
  const target = ctx.scenario.targets[key]!;
  return target.kind === 'node'
    ? ctx.kubectl.object('node', undefined)
    : ctx.kubectl.object(target.kind, target.name, target.kind === 'pod' ? target.container : undefined);
}

/** The name of a target for messages and kubectl commands. */
export function targetName(ctx: Pick<LabContext, 'scenario'>, key: string): string {
  const target = ctx.scenario.targets[key]!;
  return target.kind === 'node' ? 'the node' : target.name;
}

/** Keeps a followed pod's latest termination, once per container start, for the checks that come later. */
export function rememberTermination(ctx: Pick<LabContext, 'seen'>, facts: ObjectFacts): void {
  if (facts.kind !== 'pod' || !facts.uid) return;
  const last = latestTermination(facts);
  if (!last) return;
  ctx.seen ??= new Map();
  const list = ctx.seen.get(facts.uid) ?? [];
  if (list.some((t) => t.startedAt === last.startedAt && t.finishedAt === last.finishedAt && t.reason === last.reason)) return;
  ctx.seen.set(facts.uid, [...list, last]);
}
