// The exercise section: the learner fixes the broken state alone, and kubelab grades it live.
import { z } from '../vendor/zod.js';
import { checkSpec } from './schema-checks.js';

const text = z.string().min(1);
const duration = z.string().regex(/^\d+(ms|s|m)$/, 'write a duration such as 90s, 2m or 500ms');

/** Which pods count as the scenario's workload, whatever the learner named them. */
const workload = z.strictObject({
  /** Pods whose container runs this image (the tag may differ unless written). */
  image: text.optional(),
  /** Pods carrying all these labels. */
  labels: z.record(z.string(), z.string()).optional(),
  /** The container to look at in each pod (default: the one running the image, else the first). */
  container: z.string().optional(),
}).refine((w) => w.image !== undefined || w.labels !== undefined, 'say which pods count: an image, labels, or both');

export const exerciseSpec = z.strictObject({
  brief: z.strictObject({
    /** What a user of the system would report: the symptom, never the cause. */
    symptom: text,
    /** What "fixed" means, in words. */
    fixed: text,
  }),
  workload,
  /** What must hold for every workload pod (or, with `on`, for a named target). */
  criteria: z.array(checkSpec).min(1),
  /** What must still hold so that a non-fix fails, each with its why. */
  guards: z.array(checkSpec).default([]),
  stableFor: duration.default('20s'),
  /** Hints in tiers, the gentlest first. */
  hints: z.array(text).min(1),
  /** Manifests applied to break the lab (default: issue), and copied for the learner to edit. */
  break: z.array(z.string()).default(['issue']),
  workspace: z.array(z.string()).optional(),
  /** Manifests of the reference fix, applied by skip and shown by solution. */
  solution: z.array(z.string()).min(1).default(['fix']),
});
export type ExerciseSpec = z.infer<typeof exerciseSpec>;
