// kubelab env: the line that points kubectl at the lab in the learner's own shell.
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import type { CommandContext } from './context.js';

const SHELLS = ['bash', 'zsh', 'sh', 'fish', 'powershell', 'pwsh'] as const;

export function envLine(shell: string, kubeconfig: string): { set: string; unset: string } {
  const single = `'${kubeconfig.replace(/'/g, `'\\''`)}'`;
  switch (shell) {
    case 'fish': return { set: `set -gx KUBECONFIG ${single}`, unset: 'set -e KUBECONFIG' };
    case 'powershell':
    case 'pwsh': return { set: `$env:KUBECONFIG = '${kubeconfig.replace(/'/g, "''")}'`, unset: 'Remove-Item Env:KUBECONFIG' };
    default: return { set: `export KUBECONFIG=${single}`, unset: 'unset KUBECONFIG' };
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const shell = (ctx.cli.shell ?? basename(process.env.SHELL ?? 'bash')).toLowerCase();
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`kubelab env does not know the shell "${shell}".`, 'Use --shell bash, zsh, fish or powershell.');
  }
  const line = envLine(shell, ctx.settings.kubeconfig);
  ctx.write(`${line.set}\n`);
  if (process.stdout.isTTY) {
    ctx.write(`# Paste the line above (or: eval "$(kubelab env)"). kubectl then reaches only the lab (context ${ctx.settings.context}). Undo: ${line.unset}\n`);
  }
  return 0;
}
