// The scenario format: what a scenario.yaml may say, checked before anything runs.
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes');
const duration = z.string().regex(/^\d+(ms|s|m)$/, 'write a duration such as 90s, 2m or 500ms');
const text = z.string().min(1);

const target = z.strictObject({
  kind: z.literal('pod'),
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a valid pod name'),
  container: z.string().optional(),
  manifest: z.string().optional(),
});

const checkSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('exists'), equals: z.boolean().default(true) }),
  z.strictObject({ type: z.literal('phase'), equals: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']) }),
  z.strictObject({ type: z.literal('waitingReason'), oneOf: z.array(text).min(1) }),
  z.strictObject({
    type: z.literal('terminated'),
    reason: text,
    exitCode: z.number().int().optional(),
    alsoAccept: z.array(z.number().int()).optional(),
  }),
  z.strictObject({ type: z.literal('ready'), equals: z.boolean() }),
  z.strictObject({
    type: z.literal('restartCount'),
    equals: z.number().int().min(0).optional(),
    atLeast: z.number().int().min(0).optional(),
  }).refine((c) => (c.equals === undefined) !== (c.atLeast === undefined), 'give exactly one of equals or atLeast'),
  z.strictObject({ type: z.literal('limit'), resource: z.enum(['memory', 'cpu']), equals: text }),
  z.strictObject({ type: z.literal('event'), reason: text, messageIncludes: z.string().optional() }),
]);
export type CheckSpec = z.infer<typeof checkSpec>;

const stepBase = {
  id,
  title: text,
  text: text.optional(),
  lesson: z.string().optional(),
  notes: text.optional(),
  hints: z.array(text).optional(),
};

const commandExpect = z.strictObject({
  verb: z.enum(['get', 'describe', 'logs', 'top', 'events', 'explain']),
  resource: z.string().optional(),
  name: z.string().optional(),
});

const step = z.discriminatedUnion('kind', [
  z.strictObject({ ...stepBase, kind: z.literal('read'), manifest: z.string(), highlight: z.array(text).default([]) }),
  z.strictObject({ ...stepBase, kind: z.literal('apply'), manifest: z.string() }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('watch'),
    target: z.string(),
    until: z.array(checkSpec).min(1),
    timeout: duration.default('180s'),
    stableFor: duration.optional(),
    goal: z.boolean().default(false),
  }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('command'),
    suggest: z.string().regex(/^kubectl /, 'a suggested command starts with "kubectl "'),
    expect: commandExpect,
    point: z.array(z.enum(['reason', 'exitCode', 'limit'])).default([]),
  }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('question'),
    target: z.string(),
    ask: text,
    answer: z.union([
      z.strictObject({ fact: z.enum(['terminated.reason', 'terminated.exitCode', 'waiting.reason', 'phase', 'restartCount', 'limit.memory', 'image']) }),
      z.strictObject({ signalOf: z.number().int().min(129).max(192) }),
    ]),
    match: z.enum(['word', 'number', 'signal']).default('word'),
    attempts: z.number().int().min(1).max(9).default(3),
  }),
  z.strictObject({ ...stepBase, kind: z.literal('verify'), target: z.string(), checks: z.array(checkSpec).min(1), goal: z.boolean().default(false) }),
  z.strictObject({ ...stepBase, kind: z.literal('diff'), from: z.string(), to: z.string() }),
  z.strictObject({ ...stepBase, kind: z.literal('delete'), target: z.string() }),
]);
export type StepSpec = z.infer<typeof step>;

export const scenarioSchema = z.strictObject({
  id,
  title: text,
  series: text.optional(),
  /** Written and validated, but not yet played end to end on a real cluster. */
  preview: z.boolean().default(false),
  lesson: z.string().regex(/\.md$/, 'name a Markdown file in lessons/').optional(),
  minutes: z.number().int().positive().optional(),
  requires: z.array(z.enum(['network-policy', 'load-balancer', 'ingress', 'storage-class'])).optional(),
  manifests: z.record(id, z.string().regex(/\.ya?ml$/, 'name a YAML file beside scenario.yaml')),
  targets: z.record(id, target),
  steps: z.array(step).min(1),
  summary: z.array(text).min(1),
  cleanup: z.array(z.strictObject({ manifest: z.string() })).default([]),
});
export type ScenarioSpec = z.infer<typeof scenarioSchema>;
