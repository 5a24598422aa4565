// The main screens at 40 and at 200 columns: lines break between words, never inside one, and no
// line is wider than the terminal.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyLearnerProgress } from '../../src/engine/learner-progress.js';
import { paintFor } from '../../src/plain/paint.js';
import type { CommandStep } from '../../src/runtime/context.js';
import { resolveScenario } from '../../src/scenario/catalog.js';
import { scenarioSummaries } from '../../src/scenario/listing.js';
import { App } from '../../src/ui/app.js';
import { Bridge } from '../../src/ui/bridge.js';
import { Menu } from '../../src/ui/menu.js';
import { data } from '../helpers/data.js';
import { resizeTo, waitForFrame } from '../helpers/frames.js';
import { brokenWords } from '../helpers/words.js';

const scenario = resolveScenario('oom-killed');
const step = (id: string) => scenario.steps.find((s) => s.id === id)!;
const paint = paintFor({ isTTY: false });
const describeOutput = data('describe-137-oomkilled.txt');
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function lesson(columns: number) {
  const bridge = new Bridge();
  const controller = new AbortController();
  const app = render(<App bridge={bridge} lesson={scenario.lessonSections} paint={paint} demo={false} onInterrupt={vi.fn()} />);
  resizeTo(app, columns, 60);
  cleanup = app.unmount;
  bridge.emit({ type: 'run.start', scenario: 'oom-killed', title: scenario.title, mode: 'learn', cluster: 'kubelab', at: 0 });
  return { bridge, app, learner: bridge.learner(controller.signal, false) };
}

/** Waits for the frame, then: no word broken, no line wider than the terminal. */
async function fits(app: { lastFrame: () => string | undefined }, columns: number, texts: string[], ready: (f: string) => boolean): Promise<string> {
  const frame = await waitForFrame(app.lastFrame, ready);
  expect(brokenWords(frame, texts, columns - 6), frame).toEqual([]);
  for (const line of frame.split('\n')) expect(line.length, line).toBeLessThanOrEqual(columns);
  return frame;
}

describe.each([40, 200])('at %i columns', (columns) => {
  it('a lesson step with long text, its lesson section and the prompt with a suggestion', async () => {
    const { bridge, app, learner } = lesson(columns);
    const s = step('delete-issue');
    const section = scenario.lessonSections.get(s.lesson!)!;
    bridge.emit({ type: 'step.start', step: s.id, kind: s.kind, index: 10, total: 13, title: s.title, text: s.text, lesson: s.lesson });
    const cmd = step('describe-pod') as CommandStep;
    void learner.command(cmd, 1);
    await waitForFrame(app.lastFrame, (f) => f.includes('Tab: fill in'));
    app.stdin.write('kubectl desc');
    await fits(app, columns, [s.title, s.text!, section.title, section.body, 'kubectl describe pod oom-killed-pod'], (f) => f.includes('$ kubectl desc'));
  });

  it('command output, a wrong answer with its hint, and the summary', async () => {
    const { bridge, app } = lesson(columns);
    const hint = 'Look under "Last State" in the describe output, on the line that starts with Reason.';
    bridge.emit({ type: 'kubectl', by: 'learner', argv: ['kubectl', 'describe', 'pod', 'oom-killed-pod'], exitCode: 0, stdout: describeOutput, stderr: '' });
    bridge.emit({ type: 'answer', step: 'ask-reason', given: 'Error', correct: false, attempt: 1, hint });
    bridge.emit({ type: 'summary', lines: ['Questions: 3 of 3 right (3 at the first try), 0 hint(s) used', 'Steps: 13 of 13 done'], points: scenario.summary });
    bridge.emit({ type: 'run.end', ok: true, passed: 9, failed: 0, seconds: 80, cluster: 'kubelab', clusterState: 'The cluster "kubelab" is still running. Grade it: kubelab check oom-killed. Remove it: kubelab down.' });
    await fits(app, columns, [hint, ...scenario.summary, 'Questions: 3 of 3 right (3 at the first try), 0 hint(s) used', 'Grade it: kubelab check oom-killed. Remove it: kubelab down.',
      ...describeOutput.split('\n').filter((l) => /Reason|Exit Code|memory/.test(l))], (f) => f.includes('What to remember'));
  });

  it("an exercise's criteria: each with what was expected, the note and where to look", async () => {
    const { bridge, app } = lesson(columns);
    const guard = scenario.exercise!.guards[0]!;
    const items = [
      { id: 'criterion-1', name: 'phase is Running', guard: false, ok: true, message: 'stress-with-a-longer-name: phase Running: yes' },
      { id: 'guard-1', name: 'a memory limit is set', guard: true, ok: false, message: 'stress-with-a-longer-name: expected a memory limit on container stress, got none', note: guard.why!, lookAt: 'Limits in kubectl describe pod stress-with-a-longer-name' },
    ];
    bridge.emit({ type: 'criteria', holding: false, heldSeconds: 0, stableSeconds: 20, pods: ['stress-with-a-longer-name'], items });
    await fits(app, columns, items.flatMap((i) => [i.message, i.note ?? '', i.lookAt ?? '']), (f) => f.includes('Not fixed yet') && f.includes('look at'));
  });

  it('the menu of labs (the first five show), with their titles and progress', async () => {
    const scenarios = await scenarioSummaries();
    const app = render(<Menu scenarios={scenarios} progress={emptyLearnerProgress()} onChoose={vi.fn()} />);
    resizeTo(app, columns, 60);
    cleanup = app.unmount;
    await fits(app, columns, ['Arrows to move, Enter to choose. Each lab runs on a local kind cluster.', ...scenarios.slice(0, 5).map((s) => s.title)], (f) => f.includes('pick a lab'));
  });
});

describe('the check itself', () => {
  it('catches a word cut at a line end, inside a box or not, and passes a clean break', () => {
    expect(brokenWords('a oom-kil\nled-pod b', ['a oom-killed-pod b'], 40)).toEqual(['oom-killed-pod']);
    expect(brokenWords('│ a oom-kil │\n│ led-pod b │\noom-killed-pod elsewhere', ['a oom-killed-pod b'], 40)).toEqual(['oom-killed-pod']);
    expect(brokenWords('│ a oom-killed-pod │\n│ b │', ['a oom-killed-pod b'], 40)).toEqual([]);
  });
});
