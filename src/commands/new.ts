// kubelab new <id>: a new scenario folder that validates and self-tests as it is, to be edited.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { scaffoldFiles } from '../scenario/scaffold.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext): Promise<number> {
  const id = ctx.cli.scenario!;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new UsageError(`"${id}" is not a scenario id.`, 'Use lowercase letters, digits and dashes, e.g. kubelab new missing-configmap');
  const dir = resolve(id);
  if (existsSync(dir)) throw new UsageError(`${dir} already exists; kubelab new never writes over a folder.`, 'Pick another id, or remove that folder first.');
  mkdirSync(dir, { recursive: true });
  const files = scaffoldFiles(id);
  for (const [name, text] of Object.entries(files)) writeFileSync(resolve(dir, name), text);
  ctx.write(`Created ${dir}: ${Object.keys(files).join(', ')}\n`);
  ctx.write(`Next: edit issue.yaml, fix.yaml, scenario.yaml and lesson.md, then\n  kubelab validate ./${id}   (no cluster needed)\n  kubelab test ./${id}       (plays the lesson and the exercise on the lab cluster)\n  kubelab start ./${id}\nThe guide: docs/authoring.md\n`);
  return 0;
}
