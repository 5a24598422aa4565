// The frames painted before ink loads are the frames ink then draws, and the hand-over erases
// exactly what was painted, once, in ink's first visible write.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyLearnerProgress } from '../../src/engine/learner-progress.js';
import { emptyProgress } from '../../src/engine/progress.js';
import { paintFor } from '../../src/plain/paint.js';
import { resolveScenario } from '../../src/scenario/catalog.js';
import { scenarioSummaries } from '../../src/scenario/listing.js';
import { summaryOf } from '../../src/scenario/summary.js';
import { App } from '../../src/ui/app.js';
import { Bridge } from '../../src/ui/bridge.js';
import { narrowWidth, paintFirstFrame, type Terminal } from '../../src/ui/first-frame.js';
import { lessonFrame, menuFrame } from '../../src/ui/first-frames.js';
import { Menu } from '../../src/ui/menu.js';
import { waitForFrame } from '../helpers/frames.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function terminal(columns = 100, rows = 30) {
  const writes: string[] = [];
  const out: Terminal = { columns, rows, write: (chunk: string) => writes.push(chunk) > 0 };
  return { out, writes };
}

describe('the first frames', () => {
  it('the menu painted before ink is the menu ink draws first, line for line', async () => {
    const scenarios = await scenarioSummaries();
    const progress = emptyLearnerProgress();
    progress.scenarios['crashloopbackoff'] = { lesson: { status: 'in-progress', stepIndex: 3, run: emptyProgress(), seconds: 10, updatedAt: 0 } };
    const painted = menuFrame(scenarios, progress, false, '❯');
    const app = render(<Menu scenarios={scenarios} progress={progress} onChoose={() => undefined} />);
    cleanup = app.unmount;
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('pick a lab'));
    expect(painted).toEqual(frame.split('\n'));
    expect(painted).toHaveLength(7);
    expect(painted[2]).toMatch(/^❯ CrashLoopBackOff: .*lesson at step 4 of 13$/);
  });

  it("a lesson's painted header is the first thing the lesson's UI shows", async () => {
    const scenario = resolveScenario('oom-killed');
    const paint = paintFor({ isTTY: true }, { FORCE_COLOR: '1' });
    const painted = lessonFrame(summaryOf(scenario), 'learn', 'kubelab', paint);
    const bridge = new Bridge();
    const app = render(<App bridge={bridge} lesson={scenario.lessonSections} paint={paint} demo={false} onInterrupt={() => undefined} />);
    cleanup = app.unmount;
    bridge.emit({ type: 'run.start', scenario: 'oom-killed', title: scenario.title, mode: 'learn', cluster: 'kubelab', at: 0 });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('scenario oom-killed'));
    expect(frame.split('\n').slice(0, 2)).toEqual(painted);
    expect(painted[1]).toBe('\u001b[2mscenario oom-killed · learn · cluster kubelab\u001b[22m');
  });

  it('paints the lines, then prefixes only the first visible write with the erase of exactly those lines', () => {
    const { out, writes } = terminal();
    const raw: boolean[] = [];
    const frame = paintFirstFrame(out, { setRawMode: (on: boolean) => raw.push(on) }, ['one', 'two', 'three']);
    expect(writes).toEqual(['one\ntwo\nthree\n']);
    expect(raw).toEqual([true]);
    frame!.handOver();
    out.write('\u001b[?2026h');
    out.write('\u001b[?25l');
    out.write('one\ntwo\nthree\n');
    out.write('later');
    expect(writes.slice(1)).toEqual(['\u001b[?2026h', '\u001b[?25l', '\r\u001b[3A\u001b[Jone\ntwo\nthree\n', 'later']);
  });

  it('paints nothing it can not be sure fits: a line as wide as the terminal, too many lines, a wide character', () => {
    for (const [lines, columns, rows] of [[['x'.repeat(80)], 80, 30], [['a', 'b', 'c'], 80, 3], [['表'], 80, 30], [['ok'], undefined, undefined]] as const) {
      const { out, writes } = terminal(columns, rows);
      if (columns === undefined) out.columns = undefined;
      if (rows === undefined) out.rows = undefined;
      expect(paintFirstFrame(out, undefined, [...lines])).toBeUndefined();
      expect(writes).toEqual([]);
    }
    expect(narrowWidth('\u001b[34m❯\u001b[39m kubelab · a lab… → ✓')).toBe(22);
    expect(narrowWidth('🚀')).toBeUndefined();
  });
});
