// The build's scenario index: a summary is used only while every file its scenario was loaded from
// is unchanged; anything else sends kubelab back to the full load.
import { cpSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../src/scenario/catalog.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenariosDir } from '../../src/scenario/paths.js';
import { indexedSummary } from '../../src/scenario/summary-index.js';
import { writeSummaryIndex } from '../../src/scenario/summary-index-write.js';
import { summaryOf } from '../../src/scenario/summary.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'kubelab-index-'));

/** A copy of oom-killed with its own index file. */
async function indexedCopy() {
  const dir = join(tmp(), 'oom-killed');
  cpSync(join(scenariosDir(), 'oom-killed'), dir, { recursive: true });
  const file = join(tmp(), 'index.json');
  await writeSummaryIndex([loadScenario(dir)], file);
  return { dir, file };
}

describe('the scenario index', async () => {
  it('holds, for every shipped scenario, what a full load summarizes', async () => {
    const file = join(tmp(), 'index.json');
    const scenarios = allScenarios();
    await writeSummaryIndex(scenarios, file);
    for (const s of scenarios) expect(await indexedSummary(s.dir, s.id, file)).toEqual(summaryOf(s));
    expect(summaryOf(scenarios.find((s) => s.id === 'oom-killed')!)).toEqual({
      id: 'oom-killed', title: 'OOMKilled: the kernel kills a container over its memory limit', stepCount: scenarios.find((s) => s.id === 'oom-killed')!.steps.length, minutes: 10, preview: false, exercise: true, scope: 'namespace',
    });
  });

  it('is not used once a file changes, even at the same size', async () => {
    const { dir, file } = await indexedCopy();
    const issue = join(dir, 'issue.yaml');
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('50Mi', '60Mi'));
    expect(await indexedSummary(dir, 'oom-killed', file)).toBeUndefined();
  });

  it('is still used when only a file time changed and its content did not (an unpacked package)', async () => {
    const { dir, file } = await indexedCopy();
    utimesSync(join(dir, 'scenario.yaml'), new Date('1985-10-26T08:15:00Z'), new Date('1985-10-26T08:15:00Z'));
    expect((await indexedSummary(dir, 'oom-killed', file))?.title).toContain('OOMKilled');
  });

  it('is not used when a lesson file appears beside scenario.yaml (the load would read that one)', async () => {
    const { dir, file } = await indexedCopy();
    writeFileSync(join(dir, 'oom-killed.md'), '# mine\n');
    expect(await indexedSummary(dir, 'oom-killed', file)).toBeUndefined();
  });

  it('is not used for a scenario in another folder, nor when the index file is missing or unreadable', async () => {
    const { file } = await indexedCopy();
    expect(await indexedSummary(join(scenariosDir(), 'oom-killed'), 'oom-killed', file)).toBeUndefined();
    expect(await indexedSummary(join(scenariosDir(), 'oom-killed'), 'oom-killed', join(tmp(), 'none.json'))).toBeUndefined();
    const broken = join(tmp(), 'broken.json');
    writeFileSync(broken, '{');
    expect(await indexedSummary(join(scenariosDir(), 'oom-killed'), 'oom-killed', broken)).toBeUndefined();
  });
});
