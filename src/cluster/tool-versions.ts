// The versions kind and kubectl reported, kept beside kubelab's kubeconfig and trusted while the
// binary at that path has the same size and modification time: every lab start asked both programs
// again for a number that changes only when the program does. A cache that can't be read or written
// is no cache; the programs are asked.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Entry {
  size: number;
  mtimeMs: number;
  version: string;
}

type Cache = Record<string, Entry>;

const file = (home: string) => join(home, 'tool-versions.json');

function read(home: string): Cache {
  try {
    const parsed = JSON.parse(readFileSync(file(home), 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Cache) : {};
  } catch {
    return {};
  }
}

function stamp(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    const s = statSync(path);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
}

/** The version `path` reported before, if the file there is unchanged since. */
export function knownVersion(home: string, tool: string, path: string): string | undefined {
  const entry = read(home)[`${tool}:${path}`];
  const now = stamp(path);
  return entry && now && entry.size === now.size && entry.mtimeMs === now.mtimeMs ? entry.version : undefined;
}

/** Keeps what `path` reported (written whole: a temporary file renamed over the old one). */
export function rememberVersion(home: string, tool: string, path: string, version: string): void {
  const now = stamp(path);
  if (!now) return;
  try {
    const cache = { ...read(home), [`${tool}:${path}`]: { ...now, version } };
    mkdirSync(dirname(file(home)), { recursive: true });
    const tmp = `${file(home)}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(cache, null, 2)}\n`);
    renameSync(tmp, file(home));
  } catch {
    // a read-only home: the programs are asked next time too
  }
}
