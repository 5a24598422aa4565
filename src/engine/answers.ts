// Grades a learner's answer against a fact read from the live cluster.
import type { StepSpec } from '../scenario/schema.js';
import { signalNumber, signalOfExitCode } from './exit-codes.js';
import { latestTermination, type PodFacts } from './facts.js';

type Question = Extract<StepSpec, { kind: 'question' }>;

/** The expected answer, taken from the pod's facts; undefined when the cluster can't tell. */
export function expectedAnswer(question: Question, pod: PodFacts): string | undefined {
  const answer = question.answer;
  if ('signalOf' in answer) return signalOfExitCode(answer.signalOf)?.name;
  const last = latestTermination(pod);
  switch (answer.fact) {
    case 'terminated.reason': return last?.reason;
    case 'terminated.exitCode': return last === undefined ? undefined : String(last.exitCode);
    case 'waiting.reason': return pod.state?.kind === 'waiting' ? pod.state.reason : undefined;
    case 'phase': return pod.phase;
    case 'restartCount': return pod.exists ? String(pod.restartCount) : undefined;
    case 'limit.memory': return pod.limits.memory;
    case 'image': return pod.image;
  }
}

export interface Grade {
  correct: boolean;
  /** The hint to show after a wrong answer, if one is left. */
  hint?: string;
  /** True once the attempts are used up: the answer is shown and the lesson moves on. */
  reveal: boolean;
}

export function gradeAnswer(question: Question, expected: string, given: string, attempt: number): Grade {
  const correct = matches(question.match, expected, given);
  if (correct) return { correct, reveal: false };
  const hints = question.hints ?? [];
  const reveal = attempt >= question.attempts;
  return { correct, reveal, hint: reveal ? undefined : hints[Math.min(attempt - 1, hints.length - 1)] };
}

function matches(kind: Question['match'], expected: string, given: string): boolean {
  const answer = given.trim();
  if (answer === '') return false;
  switch (kind) {
    case 'word':
      return answer.toLowerCase().replace(/^reason:\s*/, '') === expected.toLowerCase();
    case 'number':
      return /^-?\d+$/.test(answer) && Number(answer) === Number(expected);
    case 'signal': {
      const want = signalNumber(expected);
      const cleaned = answer.replace(/^signal\s+/i, '');
      const got = /^\d+$/.test(cleaned) ? Number(cleaned) : signalNumber(cleaned);
      return want !== undefined && got === want;
    }
  }
}
