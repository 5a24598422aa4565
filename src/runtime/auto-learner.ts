// kubelab as its own learner (--auto): it types the suggested commands and answers the questions
// from what the describe output says, so the describe parser is tested against the live pod's JSON.
import { signalOfExitCode } from '../engine/exit-codes.js';
import type { DescribePoint } from '../engine/events.js';
import type { Scenario } from '../scenario/load.js';
import type { CommandStep, Learner, QuestionStep } from './context.js';

export function autoLearner(keep: boolean): Learner {
  return {
    by: 'kubelab',
    proceed: async () => undefined,
    command: async (step: CommandStep, attempt: number) => (attempt === 1 ? step.suggest : undefined),
    answer: async (step: QuestionStep, _attempt: number, points: DescribePoint[], truth?: string) => (fromPoints(step) ? readAnswer(step, points) : truth ?? ''),
    keepCluster: async () => keep,
    // A step whose kubectl got no answer in time is tried again (twice at most).
    confirm: async () => true,
  };
}

/** kubelab as the learner of an exercise (kubelab test): it types the reference fix at the prompt, then waits for the grade. */
export function autoExerciser(scenario: Scenario): Learner {
  const ex = scenario.exercise!;
  const lines = [
    ...ex.break.filter((k) => !ex.solution.includes(k)).map((k) => `kubectl delete -f ${scenario.manifestPaths[k]} --grace-period=0 --force --ignore-not-found`),
    ...ex.solution.map((k) => `kubectl apply -f ${scenario.manifestPaths[k]}`),
  ];
  return {
    ...autoLearner(true),
    exerciseLine: (done: AbortSignal) => {
      const next = lines.shift();
      if (next !== undefined) return Promise.resolve(next);
      return new Promise((resolve) => done.addEventListener('abort', () => resolve(undefined), { once: true }));
    },
    confirm: async () => true,
  };
}

/** Questions a person answers from the describe lines kubelab points at: kubelab must find them there too. */
const fromPoints = (step: QuestionStep) => 'signalOf' in step.answer || ('fact' in step.answer && ['terminated.reason', 'terminated.exitCode', 'limit.memory'].includes(step.answer.fact));

/** The answer from the lines kubelab pointed at, as a person reads them; '' when they don't hold it. */
function readAnswer(step: QuestionStep, points: DescribePoint[]): string {
  const answer = step.answer;
  if ('signalOf' in answer) return signalOfExitCode(answer.signalOf)?.name ?? '';
  if ('field' in answer || 'kernel' in answer) return '';
  const value = (label: DescribePoint['label']) => points.find((p) => p.label === label)?.value ?? '';
  switch (answer.fact) {
    case 'terminated.reason': return value('reason');
    case 'terminated.exitCode': return value('exitCode');
    case 'limit.memory': return value('limit');
    default: return '';
  }
}
