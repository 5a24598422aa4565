// Steps that show and change things: read a manifest, apply one (or watch the API refuse it),
// diff two, delete an object.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { diffLines } from '../../engine/diff.js';
import { refusalVerdict } from '../../engine/refusal.js';
import type { StepSpec } from '../../scenario/schema.js';
import { reportKubelab } from '../scenario-state.js';
import type { LabContext, StepOutcome } from '../context.js';

type Step<K extends StepSpec['kind']> = Extract<StepSpec, { kind: K }>;

export function readStep(step: Step<'read'>, ctx: LabContext): StepOutcome {
  const file = ctx.scenario.manifestPaths[step.manifest]!;
  const lines = readFileSync(file, 'utf8').replace(/\n$/, '').split('\n').map((text, i) => ({
    n: i + 1,
    text,
    highlight: step.highlight.some((h) => text.includes(h)),
  }));
  ctx.emit({ type: 'manifest', file: basename(file), lines });
  return { ok: true };
}

export async function applyStep(step: Step<'apply'>, ctx: LabContext): Promise<StepOutcome> {
  const file = ctx.scenario.manifestPaths[step.manifest]!;
  if (step.expect === 'created') {
    reportKubelab(ctx.emit, ['apply', '-f', basename(file)], await ctx.kubectl.apply(file));
    return { ok: true };
  }
  const result = await ctx.kubectl.tryApply(file);
  reportKubelab(ctx.emit, ['apply', '-f', basename(file)], result);
  const verdict = refusalVerdict(result, step.refusal);
  ctx.emit({ type: 'check', step: step.id, check: 'the API refuses the manifest', ok: verdict.ok, message: verdict.message, lookAt: verdict.ok ? undefined : `kubectl apply -f ${basename(file)}` });
  return verdict.ok ? { ok: true } : { ok: false, blocking: true, reason: verdict.message };
}

export function diffStep(step: Step<'diff'>, ctx: LabContext): StepOutcome {
  const from = ctx.scenario.manifestPaths[step.from]!;
  const to = ctx.scenario.manifestPaths[step.to]!;
  ctx.emit({ type: 'diff', from: basename(from), to: basename(to), lines: diffLines(readFileSync(from, 'utf8'), readFileSync(to, 'utf8')) });
  return { ok: true };
}

export async function deleteStep(step: Step<'delete'>, ctx: LabContext): Promise<StepOutcome> {
  const target = ctx.scenario.targets[step.target]!;
  if (target.kind === 'node') return { ok: false, blocking: true, reason: 'a scenario can not delete the node (scenario error)' };
  const result = target.kind === 'pod' ? await ctx.kubectl.deletePodNow(target.name) : await ctx.kubectl.deleteObject(target.kind, target.name);
  reportKubelab(ctx.emit, ['delete', target.kind, target.name, '--grace-period=0', '--force'], result);
  return { ok: true };
}
