// A yes/no question on the terminal for commands that change things (skip, reset); --yes answers it.
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../errors.js';
import type { CommandContext } from './context.js';

export async function confirmed(ctx: CommandContext, question: string, flag = '--yes'): Promise<boolean> {
  if (ctx.cli.yes) return true;
  if (process.stdin.isTTY !== true) {
    throw new UsageError(`${question.replace(/\?$/, '')}: kubelab asks first, and there is no terminal to ask in.`, `Add ${flag} to go ahead.`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const reply = (await rl.question(`${question} [y/N] `)).trim().toLowerCase();
    return reply.startsWith('y');
  } finally {
    rl.close();
  }
}
