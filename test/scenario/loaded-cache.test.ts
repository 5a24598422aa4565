// The scenarios the build keeps loaded: a kept scenario is what a full load gives, and is used only
// while nothing it was loaded from has changed; otherwise kubelab loads the files again.
import { cpSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../src/scenario/catalog.js';
import { keptScenario, writeKept } from '../../src/scenario/loaded-cache.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenariosDir } from '../../src/scenario/paths.js';
import { writeSummaryIndex } from '../../src/scenario/summary-index-write.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kubelab-kept-'));

/** Scenarios kept the way the build keeps them, into a folder and an index of their own. */
async function keep(...dirs: string[]) {
  const scenarios = dirs.map(loadScenario);
  const index = join(tmp(), 'index.json');
  const folder = `${tmp()}/`;
  await writeSummaryIndex(scenarios, index);
  writeKept(scenarios, folder);
  return { index, folder, scenarios };
}

async function keptCopy() {
  const dir = join(tmp(), 'oom-killed');
  cpSync(join(scenariosDir(), 'oom-killed'), dir, { recursive: true });
  return { dir, ...(await keep(dir)) };
}

describe('the kept scenarios', () => {
  it('are, for every shipped scenario, what a full load gives: steps, manifests, the lesson\'s sections', async () => {
    const shipped = allScenarios();
    const { index, folder } = await keep(...shipped.map((s) => s.dir));
    for (const s of shipped) {
      const kept = keptScenario(s.dir, s.id, folder, index);
      expect(kept, s.id).toStrictEqual(s);
      expect(kept!.lessonSections).toBeInstanceOf(Map);
    }
  });

  it('are not used once a file changes, even at the same size, nor when a lesson appears beside scenario.yaml', async () => {
    const { dir, index, folder } = await keptCopy();
    expect(keptScenario(dir, 'oom-killed', folder, index)?.manifestPaths.issue).toBe(join(dir, 'issue.yaml'));
    const issue = join(dir, 'issue.yaml');
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('50Mi', '60Mi'));
    expect(keptScenario(dir, 'oom-killed', folder, index)).toBeUndefined();

    const other = await keptCopy();
    writeFileSync(join(other.dir, 'oom-killed.md'), '# mine\n');
    expect(keptScenario(other.dir, 'oom-killed', other.folder, other.index)).toBeUndefined();
  });

  it('are still used when only file times changed (a package unpacked by npm), and not for another folder or a missing index', async () => {
    const { dir, index, folder } = await keptCopy();
    const old = new Date('1985-10-26T08:15:00Z');
    for (const name of ['scenario.yaml', 'issue.yaml', 'fix.yaml']) utimesSync(join(dir, name), old, old);
    expect(keptScenario(dir, 'oom-killed', folder, index)?.title).toContain('OOMKilled');
    expect(keptScenario(join(scenariosDir(), 'oom-killed'), 'oom-killed', folder, index)).toBeUndefined();
    expect(keptScenario(dir, 'oom-killed', folder, join(tmp(), 'none.json'))).toBeUndefined();
    expect(keptScenario(dir, 'oom-killed', `${tmp()}/`, index)).toBeUndefined();
  });
});
