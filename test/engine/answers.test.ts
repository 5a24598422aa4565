import { describe, expect, it } from 'vitest';
import { expectedAnswer, gradeAnswer } from '../../src/engine/answers.js';
import { signalOfExitCode, signalNumber } from '../../src/engine/exit-codes.js';
import { parsePod } from '../../src/cluster/parse-pod.js';
import type { QuestionStep } from '../../src/runtime/context.js';
import { oomPod } from '../helpers/data.js';

const question = (answer: QuestionStep['answer'], match: QuestionStep['match'], hints = ['first hint', 'second hint']): QuestionStep =>
  ({ kind: 'question', id: 'q', title: 'Q', target: 'issue', ask: '?', answer, match, attempts: 3, hints });

describe('answers come from the live pod', () => {
  it('reads the reason and exit code of the newest termination', () => {
    const pod = parsePod(oomPod({ reason: 'OOMKilled', exitCode: 1 }));
    expect(expectedAnswer(question({ fact: 'terminated.reason' }, 'word'), pod)).toBe('OOMKilled');
    expect(expectedAnswer(question({ fact: 'terminated.exitCode' }, 'number'), pod)).toBe('1');
    expect(expectedAnswer(question({ fact: 'terminated.exitCode' }, 'number'), parsePod(oomPod(undefined)))).toBeUndefined();
  });

  it('computes the signal behind an exit code from the signal table', () => {
    expect(expectedAnswer(question({ signalOf: 137 }, 'signal'), parsePod(oomPod(undefined)))).toBe('SIGKILL');
    expect(signalOfExitCode(143)).toEqual({ number: 15, name: 'SIGTERM' });
    expect(signalOfExitCode(1)).toBeUndefined();
    expect(signalNumber('kill')).toBe(9);
  });
});

describe('grading', () => {
  const word = question({ fact: 'terminated.reason' }, 'word');
  it('accepts any case and a "Reason:" prefix', () => {
    expect(gradeAnswer(word, 'OOMKilled', 'oomkilled', 1).correct).toBe(true);
    expect(gradeAnswer(word, 'OOMKilled', 'Reason: OOMKilled', 1).correct).toBe(true);
  });

  it('gives a hint first, the next hint after, then reveals', () => {
    expect(gradeAnswer(word, 'OOMKilled', 'Error', 1)).toEqual({ correct: false, reveal: false, hint: 'first hint' });
    expect(gradeAnswer(word, 'OOMKilled', 'Error', 2)).toEqual({ correct: false, reveal: false, hint: 'second hint' });
    expect(gradeAnswer(word, 'OOMKilled', 'Error', 3)).toEqual({ correct: false, reveal: true, hint: undefined });
  });

  it('numbers must be numbers', () => {
    const n = question({ fact: 'terminated.exitCode' }, 'number');
    expect(gradeAnswer(n, '137', ' 137 ', 1).correct).toBe(true);
    expect(gradeAnswer(n, '137', '137abc', 1).correct).toBe(false);
    expect(gradeAnswer(n, '137', '', 1).correct).toBe(false);
  });

  it('signals by name, short name or number', () => {
    const s = question({ signalOf: 137 }, 'signal');
    for (const given of ['SIGKILL', 'sigkill', 'KILL', '9', 'signal 9']) expect(gradeAnswer(s, 'SIGKILL', given, 1).correct, given).toBe(true);
    for (const given of ['SIGTERM', '15', 'kill -9 it']) expect(gradeAnswer(s, 'SIGKILL', given, 1).correct, given).toBe(false);
  });
});
