// Steps that show and change things: read a manifest, apply one, diff two, delete a pod.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { diffLines } from '../../engine/diff.js';
import type { StepSpec } from '../../scenario/schema.js';
import type { ExecResult } from '../../cluster/exec.js';
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

function reportKubelab(ctx: LabContext, argv: string[], result: ExecResult): void {
  ctx.emit({ type: 'kubectl', by: 'kubelab', argv: ['kubectl', ...argv], exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr });
}

export async function applyStep(step: Step<'apply'>, ctx: LabContext): Promise<StepOutcome> {
  const file = ctx.scenario.manifestPaths[step.manifest]!;
  const result = await ctx.kubectl.apply(file);
  reportKubelab(ctx, ['apply', '-f', basename(file)], result);
  return { ok: true };
}

export function diffStep(step: Step<'diff'>, ctx: LabContext): StepOutcome {
  const from = ctx.scenario.manifestPaths[step.from]!;
  const to = ctx.scenario.manifestPaths[step.to]!;
  ctx.emit({ type: 'diff', from: basename(from), to: basename(to), lines: diffLines(readFileSync(from, 'utf8'), readFileSync(to, 'utf8')) });
  return { ok: true };
}

export async function deleteStep(step: Step<'delete'>, ctx: LabContext): Promise<StepOutcome> {
  const target = ctx.scenario.targets[step.target]!;
  const result = await ctx.kubectl.deletePodNow(target.name);
  reportKubelab(ctx, ['delete', 'pod', target.name, '--grace-period=0', '--force'], result);
  return { ok: true };
}
