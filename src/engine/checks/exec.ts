// A command run inside a pod: the runtime runs it (kubectl exec) and hands the outcome in.
import type { PodFacts } from '../facts.js';
import type { CheckDefs } from './result.js';

export const execKey = (command: readonly string[]): string => command.join(' ');

export const execChecks: CheckDefs<'exec'> = {
  exec: {
    kinds: ['pod'],
    describe: (c) => `\`${execKey(c.command)}\` inside the pod ${c.outputIncludes ? `prints "${c.outputIncludes}"` : `exits ${c.exitCode}`}`,
    evaluate: (c, ctx) => {
      const pod = ctx.subject as PodFacts;
      const outcome = ctx.exec?.get(execKey(c.command));
      const what = `\`${execKey(c.command)}\` in ${pod.name}`;
      if (!outcome) return { ok: false, message: `${what} could not run yet (the container is ${pod.status})`, lookAt: `kubectl describe pod ${pod.name}` };
      const lastLine = outcome.output.trim().split('\n').slice(-2).join(' ') || 'no output';
      if (outcome.exitCode !== c.exitCode) return { ok: false, message: `expected ${what} to exit ${c.exitCode}, got ${outcome.exitCode}: ${lastLine}`, lookAt: `kubectl exec ${pod.name} -- ${execKey(c.command)}` };
      if (c.outputIncludes !== undefined && !outcome.output.includes(c.outputIncludes)) {
        return { ok: false, message: `expected ${what} to print "${c.outputIncludes}", got: ${lastLine}`, lookAt: `kubectl exec ${pod.name} -- ${execKey(c.command)}` };
      }
      return { ok: true, message: `${what} ${c.outputIncludes ? `printed "${c.outputIncludes}"` : `exited ${outcome.exitCode}`}` };
    },
  },
};
