// kubelab shell: the learner's own $SHELL with kubectl pointed at the lab only (KUBECONFIG set to
// kubelab's file) and a marker in the prompt. Their ~/.kube/config is never read or changed.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { interactive } from '../cluster/exec.js';
import { LabError } from '../errors.js';
import type { CommandContext } from './context.js';

const MARK = '(kubelab)';

export async function run(ctx: CommandContext): Promise<number> {
  const { settings } = ctx;
  if (!existsSync(settings.kubeconfig)) {
    throw new LabError('There is no lab cluster to point kubectl at yet.', 'Start one first: kubelab exercise <scenario> or kubelab start');
  }
  const shell = process.env.SHELL || '/bin/sh';
  const env: Record<string, string> = { ...(process.env as Record<string, string>), KUBECONFIG: settings.kubeconfig, KUBELAB_SHELL: settings.context };
  const args = promptArgs(shell, env, settings.runtimeDir, `${MARK} `);
  ctx.write(`${ctx.paint.bold('kubelab shell')}: kubectl here reaches only the lab cluster (context ${settings.context}). Your own kubeconfig is untouched. Type exit to leave.\n`);
  const code = await interactive(shell, args, { env });
  ctx.write(`Left the kubelab shell; kubectl is back to your own config.\n`);
  return code;
}

/** Arguments (and environment) that put the marker in front of the shell's own prompt. */
export function promptArgs(shell: string, env: Record<string, string>, runtimeDir: string, mark: string): string[] {
  const name = basename(shell);
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  if (name === 'bash') {
    const rc = join(runtimeDir, 'shell.bashrc');
    writeFileSync(rc, `[ -f ~/.bashrc ] && . ~/.bashrc\nPS1=${JSON.stringify(mark)}"$PS1"\n`);
    return ['--rcfile', rc, '-i'];
  }
  if (name === 'zsh') {
    const dir = join(runtimeDir, 'zsh');
    mkdirSync(dir, { recursive: true });
    const home = env.ZDOTDIR ?? env.HOME ?? '';
    writeFileSync(join(dir, '.zshrc'), `ZDOTDIR=${JSON.stringify(home)}\n[ -f "$ZDOTDIR/.zshrc" ] && . "$ZDOTDIR/.zshrc"\nPROMPT=${JSON.stringify(mark)}"$PROMPT"\n`);
    env.ZDOTDIR = dir;
    return ['-i'];
  }
  if (name === 'fish') {
    return ['-C', `functions -q fish_prompt; and functions -c fish_prompt __kubelab_prompt; function fish_prompt; printf '%s' ${JSON.stringify(mark)}; functions -q __kubelab_prompt; and __kubelab_prompt; end`];
  }
  env.PS1 = `${mark}${env.PS1 ?? '$ '}`;
  return ['-i'];
}
