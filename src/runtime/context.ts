// What every step of a run can reach: the scenario, the lab's kubectl, the learner and the event sink.
import type { Kubectl } from '../cluster/kubectl.js';
import type { NodeContext } from '../engine/exit-codes.js';
import type { DescribePoint, Emit } from '../engine/events.js';
import type { Scenario } from '../scenario/load.js';
import type { StepSpec } from '../scenario/schema.js';
import type { Settings } from '../settings.js';

export type CommandStep = Extract<StepSpec, { kind: 'command' }>;
export type QuestionStep = Extract<StepSpec, { kind: 'question' }>;

/** Who answers the lesson's prompts: a person (ink or plain) or kubelab itself (--auto). */
export interface Learner {
  readonly by: 'learner' | 'kubelab';
  /** Waits until the person is ready to go on. */
  proceed(step: StepSpec): Promise<void>;
  /** The next line typed at the kubectl prompt; undefined when the learner gives up. */
  command(step: CommandStep, attempt: number): Promise<string | undefined>;
  /** The next answer to a question; points are the describe lines found earlier. */
  answer(step: QuestionStep, attempt: number, points: DescribePoint[]): Promise<string>;
  /** Asked at the end of the lesson. */
  keepCluster(): Promise<boolean>;
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
}

export interface StepOutcome {
  ok: boolean;
  reason?: string;
  todo?: string;
  /** A failed blocking step ends the run: what follows depends on it. */
  blocking?: boolean;
}
