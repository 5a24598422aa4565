// The scenario format: what a scenario.yaml may say, checked before anything runs.
import { z } from '../vendor/zod.js';
import { checkSpec } from './schema-checks.js';
import { exerciseSpec } from './schema-exercise.js';

export { checkSpec, type CheckSpec } from './schema-checks.js';
export type { ExerciseSpec } from './schema-exercise.js';

export const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes');
export const duration = z.string().regex(/^\d+(ms|s|m)$/, 'write a duration such as 90s, 2m or 500ms');
const text = z.string().min(1);
const objectName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a valid Kubernetes object name');

const target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pod'), name: objectName, container: z.string().optional(), manifest: z.string().optional() }),
  z.strictObject({ kind: z.literal('service'), name: objectName, manifest: z.string().optional() }),
  z.strictObject({ kind: z.literal('pvc'), name: objectName, manifest: z.string().optional() }),
  z.strictObject({ kind: z.literal('deployment'), name: objectName, manifest: z.string().optional() }),
  /** The lab's node; kubelab finds its name. */
  z.strictObject({ kind: z.literal('node') }),
]);
export type TargetSpec = z.infer<typeof target>;

const stepBase = {
  id,
  title: text,
  text: text.optional(),
  lesson: z.string().optional(),
  notes: text.optional(),
  hints: z.array(text).optional(),
};

const commandExpect = z.strictObject({
  verb: z.enum(['get', 'describe', 'logs', 'top', 'events', 'explain', 'exec']),
  resource: z.string().optional(),
  name: z.string().optional(),
  /** Flags the command must carry, e.g. --previous for the logs of the last run. */
  flags: z.array(z.string().regex(/^-/, 'a flag starts with -')).optional(),
});

/** Lines to point at in an output: describe's known lines, or any line holding one of the texts. */
const pointLabels = z.array(z.enum(['reason', 'exitCode', 'limit'])).default([]);

/** Kernel numbers a question may ask for: the limit in bytes, the OOM kills counted. */
export const kernelFacts = ['limitBytes', 'oomKills'] as const;

export const answerFacts = ['terminated.reason', 'terminated.exitCode', 'waiting.reason', 'phase', 'restartCount', 'limit.memory', 'image', 'endpoints.count', 'pvc.phase'] as const;

const step = z.discriminatedUnion('kind', [
  z.strictObject({ ...stepBase, kind: z.literal('read'), manifest: z.string(), highlight: z.array(text).default([]) }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('apply'),
    manifest: z.string(),
    /** 'refused': the API must reject it; the step shows and explains the refusal. */
    expect: z.enum(['created', 'refused']).default('created'),
    refusal: text.optional(),
  }),
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
    point: pointLabels,
    /** Any other lines to point at: each text marks the first output line that holds it. */
    lines: z.array(text).default([]),
  }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('question'),
    target: z.string(),
    ask: text,
    answer: z.union([
      z.strictObject({ fact: z.enum(answerFacts) }),
      z.strictObject({ signalOf: z.number().int().min(129).max(192) }),
      /** A field of the target's JSON, as a dotted path: spec.containers.0.readinessProbe.httpGet.path */
      z.strictObject({ field: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a dotted path such as spec.nodeName') }),
      /** A number the node's kernel holds for the pod's memory cgroup: a kill count read when the question is asked; the limit as last read for this pod under its spec. */
      z.strictObject({ kernel: z.enum(kernelFacts) }),
    ]),
    match: z.enum(['word', 'number', 'signal']).default('word'),
    attempts: z.number().int().min(1).max(9).default(3),
  }),
  z.strictObject({ ...stepBase, kind: z.literal('verify'), target: z.string(), checks: z.array(checkSpec).min(1), goal: z.boolean().default(false) }),
  z.strictObject({ ...stepBase, kind: z.literal('diff'), from: z.string(), to: z.string() }),
  z.strictObject({ ...stepBase, kind: z.literal('delete'), target: z.string() }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('exec'),
    target: z.string(),
    command: z.array(text).min(1),
    /** Texts whose lines are pointed at in the output. */
    lines: z.array(text).default([]),
    checks: z.array(checkSpec).default([]),
  }),
  /** The kernel's side of an OOM kill: the pod's memory cgroup read on the kind node (docker exec). */
  z.strictObject({ ...stepBase, kind: z.literal('kernel'), target: z.string(), checks: z.array(checkSpec).default([]) }),
]);
export type StepSpec = z.infer<typeof step>;
export type StepKind = StepSpec['kind'];

/** A kubectl call kubelab makes itself, before the issue (setup) or when cleaning up. */
const kubectlCall = z.strictObject({ kubectl: z.array(text).min(1) });

export const scenarioSchema = z.strictObject({
  id,
  title: text,
  series: text.optional(),
  /** Written and validated, but not yet played end to end on a real cluster. */
  preview: z.boolean().default(false),
  lesson: z.string().regex(/\.md$/, 'name a Markdown file in lessons/').optional(),
  minutes: z.number().int().positive().optional(),
  /** cluster: the scenario changes cluster-wide objects (node taints, PersistentVolumes). */
  scope: z.enum(['namespace', 'cluster']).default('namespace'),
  requires: z.array(z.enum(['network-policy', 'load-balancer', 'ingress', 'storage-class', 'dns'])).optional(),
  manifests: z.record(id, z.string().regex(/\.ya?ml$/, 'name a YAML file beside scenario.yaml')),
  targets: z.record(id, target),
  setup: z.array(kubectlCall).default([]),
  steps: z.array(step).min(1),
  exercise: exerciseSpec.optional(),
  summary: z.array(text).min(1),
  cleanup: z.array(z.union([z.strictObject({ manifest: z.string() }), kubectlCall])).default([]),
});
export type ScenarioSpec = z.infer<typeof scenarioSchema>;
