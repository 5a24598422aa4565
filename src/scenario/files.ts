// Reads the files a scenario names, refusing what a scenario must not reach: paths that leave its
// folder (through .. or a symbolic link), and files too big or not text.
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export const MAX_FILE_BYTES = 512 * 1024;

export type Read = { ok: true; text: string; path: string } | { ok: false; message: string };

/** The file `name` inside `folder`, as text, or why it can't be used. */
export function readInside(folder: string, name: string, what: string): Read {
  if (isAbsolute(name) || name.split(/[\\/]/).includes('..')) return { ok: false, message: `${what} ${name} must be a file inside its folder (no absolute paths, no ..)` };
  const path = resolve(folder, name);
  let real: string;
  try {
    lstatSync(path);
    real = realpathSync(path);
  } catch {
    return { ok: false, message: `${what} ${name} does not exist` };
  }
  const root = realpathSync(folder);
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return { ok: false, message: `${what} ${name} leads outside its folder (a symbolic link to ${real})` };
  const stat = statSync(real);
  if (!stat.isFile()) return { ok: false, message: `${what} ${name} is not a file` };
  if (stat.size > MAX_FILE_BYTES) return { ok: false, message: `${what} ${name} is ${Math.round(stat.size / 1024)} KiB; kubelab reads files up to ${MAX_FILE_BYTES / 1024} KiB` };
  const bytes = readFileSync(real);
  if (bytes.includes(0)) return { ok: false, message: `${what} ${name} is not a text file` };
  return { ok: true, text: bytes.toString('utf8'), path };
}
