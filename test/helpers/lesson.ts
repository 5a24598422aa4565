// The OOM lesson as its scenario file has it: how many steps and questions, and where each step is,
// so tests that follow a run read the lesson's shape from the scenario rather than a copy of it.
import { resolveScenario } from '../../src/scenario/catalog.js';

export const lesson = resolveScenario('oom-killed');
export const STEPS = lesson.steps.length;
export const QUESTIONS = lesson.steps.filter((s) => s.kind === 'question').length;
/** A step's place in the lesson, from 1. */
export const stepNumber = (id: string): number => lesson.steps.findIndex((s) => s.id === id) + 1;
/** The recording's marker for a step: "n/N Title". */
export const marker = (id: string): string => `${stepNumber(id)}/${STEPS} ${lesson.steps[stepNumber(id) - 1]!.title}`;
/** The step ids in order. */
export const stepIds = lesson.steps.map((s) => s.id);
