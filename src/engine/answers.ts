// Grades a learner's answer against a fact read from the live cluster.
import type { StepSpec } from '../scenario/schema.js';
import { signalNumber, signalOfExitCode } from './exit-codes.js';
import { latestTermination, type ObjectFacts } from './facts.js';
import { killCount, type KernelFacts } from './kernel.js';

type Question = Extract<StepSpec, { kind: 'question' }>;

/** The expected answer, taken from the target's facts (or its JSON); undefined when the cluster can't tell. */
export function expectedAnswer(question: Question, subject: ObjectFacts, raw?: unknown, kernel?: KernelFacts): string | undefined {
  const answer = question.answer;
  if ('signalOf' in answer) return signalOfExitCode(answer.signalOf)?.name;
  if ('field' in answer) return fieldOf(raw, answer.field);
  if ('kernel' in answer) {
    const value = kernel === undefined ? undefined : answer.kernel === 'limitBytes' ? kernel.limitBytes : killCount(kernel);
    return value === undefined ? undefined : String(value);
  }
  if (!subject.exists) return undefined;
  if (subject.kind === 'service') return answer.fact === 'endpoints.count' ? String(subject.endpoints.ready.length) : undefined;
  if (subject.kind === 'pvc') return answer.fact === 'pvc.phase' ? subject.phase : undefined;
  if (subject.kind !== 'pod') return undefined;
  const pod = subject;
  const last = latestTermination(pod);
  switch (answer.fact) {
    case 'terminated.reason': return last?.reason;
    case 'terminated.exitCode': return last === undefined ? undefined : String(last.exitCode);
    case 'waiting.reason': return pod.state?.kind === 'waiting' ? pod.state.reason : undefined;
    case 'phase': return pod.phase;
    case 'restartCount': return String(pod.restartCount);
    case 'limit.memory': return pod.limits.memory;
    case 'image': return pod.image;
    default: return undefined;
  }
}

/** A value inside an object by a dotted path (numbers index arrays); scalars only. */
export function fieldOf(raw: unknown, path: string): string | undefined {
  let node: unknown = raw;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? node[Number(part)] : (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? String(node) : undefined;
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
