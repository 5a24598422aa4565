// Scenario and lesson folders are found from the package root, never from the current directory.
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);

export const packageRoot = (): string => fileURLToPath(root);
export const scenariosDir = (): string => fileURLToPath(new URL('scenarios/', root));
export const lessonsDir = (): string => fileURLToPath(new URL('lessons/', root));
