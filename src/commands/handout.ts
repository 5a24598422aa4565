// kubelab handout <file> [-o out.md]: a recording (--record) or a JSON report (--report) as a
// Markdown handout, on stdout or in the file -o names (written atomically).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { LabError } from '../errors.js';
import { handoutMarkdown } from '../report/handout.js';
import { readHandoutInput } from '../report/read.js';
import type { CommandContext } from './context.js';

const badInput = (message: string, remedy: string) => new LabError(message, remedy, 2);

function readInput(file: string): string {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw badInput(`${file}: no such file.`, 'Give the path of a recording (.cast) or a JSON report (.json) that kubelab wrote.');
  }
  if (stat.isDirectory()) throw badInput(`${file} is a folder, not a recording or a report.`, 'Give the .cast or .json file inside it.');
  return readFileSync(file, 'utf8');
}

export async function run(ctx: CommandContext): Promise<number> {
  const file = ctx.cli.scenario!;
  const input = readHandoutInput(readInput(file), file);
  if ('problem' in input) throw badInput(input.problem, input.remedy);
  // The handout travels with the recording, so it names the file without the folder it sits in here.
  const markdown = handoutMarkdown(input.report, input.kind === 'recording' ? { recording: { file: basename(file), markers: input.markers } } : {});
  const out = ctx.cli.out;
  if (out === undefined) {
    ctx.write(markdown);
    return 0;
  }
  const path = resolve(out);
  if (path === resolve(file)) throw badInput(`-o ${out} would overwrite the file the handout is made from.`, 'Name another file, e.g. -o handout.md');
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, markdown);
  renameSync(tmp, path);
  process.stderr.write(`Handout written to ${path}\n`);
  return 0;
}
