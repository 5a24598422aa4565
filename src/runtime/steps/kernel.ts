// The kernel's side of an OOM kill, read on the kind node: first that the node itself survived, then
// the pod's memory cgroup (the limit as the kernel holds it, its OOM counters) and the kernel log.
import { containerStatus, dockerInfo } from '../../cluster/docker.js';
import { readPodKernel, type KernelRead } from '../../cluster/node-kernel.js';
import { describeCheck, evaluate } from '../../engine/checks/index.js';
import { explainKernel, explainKills, type KernelFacts } from '../../engine/kernel.js';
import type { PodFacts } from '../../engine/facts.js';
import type { Fetched } from '../../cluster/kubectl.js';
import type { StepSpec } from '../../scenario/schema.js';
import { fetchTarget, targetName, type LabContext, type StepOutcome } from '../context.js';

type KernelStep = Extract<StepSpec, { kind: 'kernel' }>;

/** Why there is no node to read: a shared cluster is not the learner's machine. */
export function noNodeHere(ctx: Pick<LabContext, 'settings' | 'docker'>): string | undefined {
  if (ctx.settings.mode === 'existing') return 'On a shared cluster the node is not yours to read: kubelab reads the kernel\'s files on a local kind node (docker exec). This part is skipped here.';
  if (!ctx.docker) return 'kubelab has no docker to reach the kind node with, so the kernel\'s files can\'t be read. This part is skipped here.';
  return undefined;
}

/**
 * The target pod's memory cgroup as the node's kernel holds it now. `limitOnly`: only the limit is
 * wanted, and a reading of this same pod under the same spec limit is reused (the kernel's limit is
 * the spec's, written when the pod's cgroup was made; its counters, by contrast, move).
 */
export async function readKernelOf(ctx: LabContext, target: string, fetched?: Fetched, limitOnly = false): Promise<{ pod?: PodFacts; node: string; read?: KernelRead; problem?: string }> {
  const { facts } = fetched ?? (await fetchTarget(ctx, target));
  const node = facts.kind === 'pod' && facts.nodeName ? facts.nodeName : ctx.settings.nodeContainer;
  if (facts.kind !== 'pod' || !facts.exists || !facts.uid) return { node, problem: `there is no pod ${targetName(ctx, target)} whose cgroup could be read` };
  const earlier = ctx.kernelReads?.get(facts.uid);
  if (limitOnly && earlier && earlier.memoryLimit === facts.limits.memory && earlier.read.facts?.limitBytes !== undefined) return { pod: facts, node, read: earlier.read };
  const read = await readPodKernel(ctx.docker!, node, { uid: facts.uid, containerId: facts.containerId }, ctx.signal);
  if (read.facts) (ctx.kernelReads ??= new Map()).set(facts.uid, { memoryLimit: facts.limits.memory, read });
  return { pod: facts, node, read, problem: read.problem };
}

export async function kernelStep(step: KernelStep, ctx: LabContext): Promise<StepOutcome> {
  const skip = noNodeHere(ctx);
  if (skip) {
    ctx.emit({ type: 'notice', level: 'info', text: skip });
    return { ok: true };
  }
  // Whether the node lives and where the pod is do not depend on each other.
  // A node that is gone is the news, whatever kubectl made of it meanwhile.
  const [survived, fetched] = await Promise.allSettled([nodeSurvives(step, ctx), fetchTarget(ctx, step.target)]);
  if (survived.status === 'rejected') throw survived.reason;
  if (!survived.value.ok) return survived.value;
  if (fetched.status === 'rejected') throw fetched.reason;
  const { pod, node, read, problem } = await readKernelOf(ctx, step.target, fetched.value);
  for (const call of read?.calls ?? []) ctx.emit(shown(call, read?.facts));
  if (!read?.facts || !pod) return { ok: false, blocking: false, reason: problem ?? 'the kernel\'s files could not be read', todo: `Look yourself: docker exec ${node} find /sys/fs/cgroup -name '*pod*' -maxdepth 6` };
  const facts = read.facts;
  ctx.emit({ type: 'kernel', node, cgroupVersion: facts.cgroupVersion, cgroup: facts.podCgroup ?? '', readings: explainKernel(facts, pod.limits.memory), log: explainKills(facts) });
  let failed: string | undefined;
  for (const check of step.checks) {
    const r = evaluate(check, { subject: pod, node: ctx.node, kernel: facts });
    ctx.emit({ type: 'check', step: step.id, check: describeCheck(check), ok: r.ok, message: r.message, note: r.note, lookAt: r.lookAt });
    failed ??= r.ok ? undefined : r.message;
  }
  return failed === undefined ? { ok: true } : { ok: false, reason: failed };
}

/** The OOM kill happened inside the pod's cgroup; the kind node around it must still be running. */
async function nodeSurvives(step: KernelStep, ctx: LabContext): Promise<StepOutcome> {
  const name = ctx.settings.nodeContainer;
  const { status, exitCode } = await containerStatus(ctx.docker!, name, ctx.signal);
  const ok = status === 'running';
  ctx.emit({
    type: 'check', step: step.id, check: 'the node survives the OOM kill', ok,
    message: ok ? `the node container ${name} is still running: yes (the kernel killed inside the pod's cgroup, not the node)` : `expected the node container ${name} running, got ${status}${exitCode !== undefined && status === 'exited' ? ` (exit code ${exitCode})` : ''}`,
    lookAt: ok ? undefined : `docker ps -a --filter name=${name}`,
  });
  if (ok) return { ok };
  // A node that is gone takes the cluster with it: the run ends the way any lost cluster ends it.
  const dockerUp = status !== 'missing' || (await dockerInfo(ctx.docker!, ctx.signal)).ok;
  return { ok: false, blocking: true, reason: `The kind node container ${name} is ${status}: the cluster went down with it.`, nodeDown: { dockerUp, status, exitCode } };
}

/** A docker exec as the person would see it; the kernel log is cut to the lines about this pod. */
function shown(call: KernelRead['calls'][number], facts: KernelFacts | undefined) {
  const dmesg = call.argv.at(-1) === 'dmesg';
  const about = facts?.kills.flatMap((k) => [k.summary, ...(k.killed ? [k.killed] : [])]).slice(-4) ?? [];
  const cgroup = facts?.podCgroup;
  const stdout = dmesg && call.result.exitCode === 0
    ? `(the kernel log, cut to the last OOM lines about this pod)\n${about.join('\n')}`
    : cgroup && call.argv.includes('grep') ? call.result.stdout.split(`${cgroup}/`).join('') : call.result.stdout;
  return { type: 'kubectl' as const, by: 'kubelab' as const, argv: call.argv, exitCode: call.result.exitCode, stdout, stderr: call.result.stderr };
}
