// Scenario and lesson folders are found from the package root, never from the current directory.
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);

/** Computed once: kubelab list asks for these for every scenario, and URL to path is not free. */
const once = (url: URL): (() => string) => {
  let path: string | undefined;
  return () => (path ??= fileURLToPath(url));
};

export const packageRoot = once(root);
export const scenariosDir = once(new URL('scenarios/', root));
export const lessonsDir = once(new URL('lessons/', root));
