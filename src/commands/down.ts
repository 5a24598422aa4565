// kubelab down: deletes the lab cluster, and only it.
import { down } from '../runtime/down.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext): Promise<number> {
  await down(ctx.settings, (line) => ctx.write(`${line}\n`), ctx.signal);
  return 0;
}
