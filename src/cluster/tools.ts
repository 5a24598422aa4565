// Finds kind, kubectl and docker: on PATH first, then in kubelab's own bin folder.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type ToolName = 'docker' | 'kind' | 'kubectl';
export type Tools = Record<ToolName, string | undefined>;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findOnPath(name: string, pathVar = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathVar.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

export function findTools(binDir: string, pathVar = process.env.PATH ?? ''): Tools {
  const find = (name: ToolName) => findOnPath(name, pathVar) ?? (executable(join(binDir, name)) ? join(binDir, name) : undefined);
  return { docker: find('docker'), kind: find('kind'), kubectl: find('kubectl') };
}
