// kubelab as its own learner (--auto): it types the suggested commands and answers the questions
// from what the describe output says, so the describe parser is tested against the live pod's JSON.
import { signalOfExitCode } from '../engine/exit-codes.js';
import type { DescribePoint } from '../engine/events.js';
import type { CommandStep, Learner, QuestionStep } from './context.js';

export function autoLearner(keep: boolean): Learner {
  return {
    by: 'kubelab',
    proceed: async () => undefined,
    command: async (step: CommandStep, attempt: number) => (attempt === 1 ? step.suggest : undefined),
    answer: async (step: QuestionStep, _attempt: number, points: DescribePoint[]) => readAnswer(step, points),
    keepCluster: async () => keep,
  };
}

function readAnswer(step: QuestionStep, points: DescribePoint[]): string {
  const answer = step.answer;
  if ('signalOf' in answer) return signalOfExitCode(answer.signalOf)?.name ?? '';
  if ('field' in answer) return '';
  const value = (label: DescribePoint['label']) => points.find((p) => p.label === label)?.value ?? '';
  switch (answer.fact) {
    case 'terminated.reason': return value('reason');
    case 'terminated.exitCode': return value('exitCode');
    case 'limit.memory': return value('limit');
    default: return '';
  }
}
