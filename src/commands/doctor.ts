// kubelab doctor: the machine check, and optionally a pinned, checksum-verified download.
import { downloadFor, install } from '../cluster/install.js';
import { preflight } from '../cluster/preflight.js';
import type { CommandContext } from './context.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const { cli, settings, signal, paint } = ctx;
  if (cli.install) {
    const path = await install(downloadFor(cli.install), settings.binDir, signal);
    ctx.write(`Installed ${cli.install} at ${path} (sha256 verified).\n`);
  }
  const result = await preflight(settings, signal);
  output(ctx).emit({ type: 'preflight', items: result.items });
  if (!cli.json) ctx.write(result.ok ? `${paint.ok('Ready.')} kubelab start runs the first lab.\n` : `${paint.bad('Not ready.')} Fix the items marked ✗, then run kubelab doctor again.\n`);
  return result.ok ? 0 : 3;
}
