// The learner's own steps: type a kubectl command, answer a question graded on the live cluster.
import { describePoints, matchingLines } from '../../cluster/parse-describe.js';
import { CommandFailed } from '../../cluster/command-failed.js';
import { expectedAnswer, gradeAnswer } from '../../engine/answers.js';
import { signalOfExitCode } from '../../engine/exit-codes.js';
import { unreachable } from '../../engine/cluster-failure.js';
import { commandMatches, parseKubectlLine } from '../../engine/command-line.js';
import { noNodeHere, readKernelOf } from './kernel.js';
import { fetchTarget, targetName, type CommandStep, type LabContext, type QuestionStep, type StepOutcome } from '../context.js';

export async function commandStep(step: CommandStep, ctx: LabContext): Promise<StepOutcome> {
  const target = Object.values(ctx.scenario.targets).find((t) => 'name' in t && t.name === step.expect.name);
  for (let attempt = 1; ; attempt++) {
    const line = await ctx.learner.command(step, attempt);
    if (line === undefined) return { ok: false, reason: `the step needed ${step.suggest} to run and succeed` };
    const parsed = parseKubectlLine(line, { namespace: ctx.settings.mode === 'existing' ? ctx.settings.namespace : undefined });
    if (!parsed.ok) {
      ctx.emit({ type: 'rejected', line, message: parsed.message });
      continue;
    }
    const result = await ctx.kubectl.learner(parsed.argv);
    // The cluster itself did not answer: that is not the learner's mistake to retry.
    if (result.exitCode !== 0 && unreachable(result.stderr, result.timedOut)) throw new CommandFailed(`kubectl ${parsed.argv.join(' ')}`, result);
    const accepted = result.exitCode === 0 && commandMatches(parsed.argv, step.expect);
    ctx.emit({ type: 'kubectl', by: ctx.learner.by, argv: ['kubectl', ...parsed.argv], exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, accepted });
    if (accepted) {
      if (step.point.length > 0 || step.lines.length > 0) {
        const container = target?.kind === 'pod' ? target.container : undefined;
        const points = [
          ...describePoints(result.stdout, container).filter((p) => step.point.includes(p.label as 'reason')),
          ...matchingLines(result.stdout, step.lines),
        ];
        ctx.points = points;
        ctx.emit({ type: 'points', points });
      }
      return { ok: true };
    }
    if (result.exitCode === 0) {
      const hint = step.hints?.[Math.min(attempt - 1, step.hints.length - 1)];
      ctx.emit({ type: 'notice', level: 'info', text: `That ran. This step asks for: ${step.suggest}${hint ? ` (${hint})` : ''}` });
    }
  }
}

/** The answer as the live cluster gives it, or why it can't yet. The signal behind an exit code is arithmetic: there is nothing to read for it. */
async function truth(step: QuestionStep, ctx: LabContext): Promise<{ expected: string } | { reason: string; todo: string }> {
  const signal = 'signalOf' in step.answer ? signalOfExitCode(step.answer.signalOf)?.name : undefined;
  if (signal !== undefined) return { expected: signal };
  const fetched = await fetchTarget(ctx, step.target);
  const kernel = 'kernel' in step.answer ? await readKernelOf(ctx, step.target, fetched, step.answer.kernel === 'limitBytes') : undefined;
  const expected = expectedAnswer(step, fetched.facts, fetched.raw, kernel?.read?.facts);
  if (expected !== undefined) return { expected };
  if (kernel !== undefined) {
    // The question is about the node's kernel: say what the node said, not what the pod is doing.
    return { reason: `the kernel can't answer this: ${kernel.problem ?? `the node ${kernel.node} holds no such number for ${targetName(ctx, step.target)}`}`, todo: `Look yourself: docker exec ${kernel.node} find /sys/fs/cgroup -name '*pod*' -maxdepth 6` };
  }
  const name = targetName(ctx, step.target);
  const state = fetched.facts.kind === 'pod' ? fetched.facts.status : fetched.facts.exists ? 'there' : 'not there';
  return { reason: `the cluster can't answer this yet: ${fetched.facts.kind} ${name} is ${state}`, todo: `Look at it with kubectl describe ${fetched.facts.kind} ${name}.` };
}

export async function questionStep(step: QuestionStep, ctx: LabContext): Promise<StepOutcome> {
  if ('kernel' in step.answer) {
    const skip = noNodeHere(ctx);
    if (skip) {
      ctx.emit({ type: 'notice', level: 'info', text: skip });
      return { ok: true };
    }
  }
  const answer = await truth(step, ctx);
  if (!('expected' in answer)) return { ok: false, ...answer };
  const { expected } = answer;
  ctx.emit({ type: 'question', step: step.id, ask: step.ask });
  for (let attempt = 1; attempt <= step.attempts; attempt++) {
    const given = (await ctx.learner.answer(step, attempt, ctx.points, expected)).trim();
    const grade = gradeAnswer(step, expected, given, attempt);
    ctx.emit({ type: 'answer', step: step.id, given, correct: grade.correct, attempt, hint: grade.hint, revealed: grade.reveal ? expected : undefined });
    if (grade.correct) return { ok: true };
    if (grade.reveal) break;
  }
  return { ok: false, reason: `the answer was ${expected}` };
}
