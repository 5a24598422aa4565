// Reads the files a scenario names, refusing what a scenario must not reach: paths that leave its
// folder (through .. or a symbolic link), and files too big or not text.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export const MAX_FILE_BYTES = 512 * 1024;

export type Read = { ok: true; text: string; path: string } | { ok: false; message: string };

/** The file `name` inside `folder`, as text, or why it can't be used. */
export function readInside(folder: string, name: string, what: string): Read {
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, message: `${what} ${JSON.stringify(name)} holds a control character; name a plain file beside scenario.yaml` };
  if (isAbsolute(name) || name.split(/[\\/]/).includes('..')) return { ok: false, message: `${what} ${name} must be a file inside its folder (no absolute paths, no ..)` };
  const path = resolve(folder, name);
  let real: string;
  try {
    lstatSync(path);
    real = realpathSync(path);
  } catch (error) {
    return { ok: false, message: unreadable(what, name, error) };
  }
  const root = realpathSync(folder);
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return { ok: false, message: `${what} ${name} leads outside its folder (a symbolic link to ${real})` };
  const stat = statSync(real);
  if (!stat.isFile()) return { ok: false, message: `${what} ${name} is not a file` };
  if (stat.size > MAX_FILE_BYTES) return { ok: false, message: `${what} ${name} is ${Math.round(stat.size / 1024)} KiB; kubelab reads files up to ${MAX_FILE_BYTES / 1024} KiB` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(real);
  } catch (error) {
    return { ok: false, message: unreadable(what, name, error) };
  }
  if (bytes.includes(0)) return { ok: false, message: `${what} ${name} is not a text file` };
  try {
    return { ok: true, text: utf8.decode(bytes), path };
  } catch {
    return { ok: false, message: `${what} ${name} is not UTF-8 text; save it as UTF-8` };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The sha256 of a file's text read as readInside reads it; undefined when it can't be read that way. */
export function digestInside(folder: string, name: string): string | undefined {
  const read = readInside(folder, name, 'file');
  return read.ok ? createHash('sha256').update(read.text).digest('hex') : undefined;
}

function unreadable(what: string, name: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `${what} ${name} does not exist`;
  if (code === 'ELOOP') return `${what} ${name} is a symbolic link that leads round in a circle`;
  if (code === 'EACCES' || code === 'EPERM') return `${what} ${name} can't be read: permission denied`;
  return `${what} ${name} can't be read (${code ?? (error as Error).message})`;
}
