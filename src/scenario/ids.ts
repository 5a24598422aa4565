// The shipped scenarios' ids: the folders under scenarios/ that hold a scenario.yaml.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scenariosDir } from './paths.js';

export function scenarioIds(): string[] {
  const dir = scenariosDir();
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'scenario.yaml')))
    .sort();
}
