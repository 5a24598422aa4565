// The typed checks a scenario may ask of the cluster. Each names what it expects; the engine says
// what it found. `why` explains a guard: why failing it means the fix is not a fix. `on` names the
// target a check looks at when it is not the step's own (a Service, the node), or in an exercise.
import { z } from '../vendor/zod.js';

const text = z.string().min(1);
const why = { why: text.optional(), on: z.string().optional() };
const present = z.boolean().default(true);

const resourceCheck = <T extends 'limit' | 'request'>(type: T) =>
  z.strictObject({ type: z.literal(type), resource: z.enum(['memory', 'cpu']), equals: text.optional(), present: z.boolean().optional(), ...why })
    .refine((c) => (c.equals === undefined) !== (c.present === undefined), 'give exactly one of equals or present');

/** Checks on a pod's state, as the API reports it. */
const podState = [
  z.strictObject({ type: z.literal('exists'), equals: z.boolean().default(true), ...why }),
  z.strictObject({ type: z.literal('phase'), equals: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']), ...why }),
  z.strictObject({ type: z.literal('waitingReason'), oneOf: z.array(text).min(1), ...why }),
  z.strictObject({
    type: z.literal('terminated'),
    reason: text,
    exitCode: z.number().int().optional(),
    alsoAccept: z.array(z.number().int()).optional(),
    ...why,
  }),
  z.strictObject({ type: z.literal('ready'), equals: z.boolean(), ...why }),
  z.strictObject({
    type: z.literal('restartCount'),
    equals: z.number().int().min(0).optional(),
    atLeast: z.number().int().min(0).optional(),
    ...why,
  }).refine((c) => (c.equals === undefined) !== (c.atLeast === undefined), 'give exactly one of equals or atLeast'),
  z.strictObject({ type: z.literal('scheduled'), equals: z.boolean(), ...why }),
  z.strictObject({ type: z.literal('event'), reason: text, messageIncludes: z.string().optional(), ...why }),
] as const;

/** Checks on what the pod asks for: its spec, as written. */
const podSpec = [
  resourceCheck('limit'),
  resourceCheck('request'),
  z.strictObject({ type: z.literal('command'), includes: z.array(text).min(1), ...why }),
  z.strictObject({ type: z.literal('probe'), probe: z.enum(['liveness', 'readiness']), present, path: z.string().optional(), ...why }),
  z.strictObject({ type: z.literal('placement'), present, ...why }),
  z.strictObject({ type: z.literal('dnsPolicy'), equals: text.optional(), not: text.optional(), ...why })
    .refine((c) => (c.equals === undefined) !== (c.not === undefined), 'give exactly one of equals or not'),
  z.strictObject({ type: z.literal('claim'), present, ...why }),
  z.strictObject({ type: z.literal('image'), equals: text, ...why }),
  /** The pod tolerates this taint (a toleration matching key, value and effect). */
  z.strictObject({ type: z.literal('tolerates'), key: text, value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']), ...why }),
] as const;

/** Checks on other objects: a Service's endpoints, a claim's phase, a node's taints, a Deployment. */
const others = [
  z.strictObject({ type: z.literal('endpoints'), atLeast: z.number().int().min(0).optional(), equals: z.number().int().min(0).optional(), ...why })
    .refine((c) => (c.equals === undefined) !== (c.atLeast === undefined), 'give exactly one of equals or atLeast'),
  z.strictObject({ type: z.literal('targetPort'), servedBy: z.literal('pods'), ...why }),
  z.strictObject({ type: z.literal('pvcPhase'), equals: z.enum(['Pending', 'Bound', 'Lost']), ...why }),
  z.strictObject({ type: z.literal('taint'), key: text, effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(), present, ...why }),
  z.strictObject({ type: z.literal('available'), atLeast: z.number().int().min(1).default(1), ...why }),
] as const;

/** A command run inside a pod (kubectl exec); passes on the exit code and, if given, the output. */
const exec = z.strictObject({
  type: z.literal('exec'),
  command: z.array(text).min(1),
  exitCode: z.number().int().default(0),
  outputIncludes: z.string().optional(),
  ...why,
});

/** What the kernel holds for the pod's memory cgroup, read on the kind node (a kernel step). */
const kernel = [
  z.strictObject({ type: z.literal('kernelLimit'), equals: text, ...why }),
  z.strictObject({ type: z.literal('oomKills'), atLeast: z.number().int().min(0), ...why }),
] as const;

export const checkSpec = z.discriminatedUnion('type', [...podState, ...podSpec, ...others, exec, ...kernel]);
export type CheckSpec = z.infer<typeof checkSpec>;
export type CheckType = CheckSpec['type'];
