// Runs the menu, the lesson and the exercise in ink; Ctrl+C is a keypress here, so it cancels the run itself.
import { render } from 'ink';
import type { CommandContext } from '../commands/context.js';
import { output } from '../commands/output.js';
import { paintFor } from '../plain/paint.js';
import { progressStore } from '../commands/store.js';
import type { ProgressStore } from '../progress/store.js';
import { runExercise } from '../runtime/exercise/run.js';
import { runLab } from '../runtime/lab.js';
import { consentQuestion } from '../runtime/prepare.js';
import { Interrupted } from '../errors.js';
import { resolveScenario } from '../scenario/catalog.js';
import { scenarioSummaries } from '../scenario/listing.js';
import { App } from './app.js';
import { Bridge } from './bridge.js';
import type { FirstFrame } from './first-frame.js';
import { Menu, type Choice } from './menu.js';

/** The menu until a choice; a stop (SIGTERM, a closed terminal) ends it like Ctrl+C ends a lesson. */
async function choose(store: ProgressStore, signal: AbortSignal, frame?: FirstFrame): Promise<Choice | undefined> {
  let chosen: Choice | undefined;
  const scenarios = await scenarioSummaries();
  frame?.handOver();
  const instance = render(<Menu scenarios={scenarios} progress={store.read()} onChoose={(c) => (chosen = c)} />);
  const stop = () => instance.unmount();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    signal.removeEventListener('abort', stop);
  }
  if (signal.aborted) throw new Interrupted();
  return chosen;
}

/** The menu (unless a choice is given), then the lesson or exercise; `frame` is what start painted before ink loaded. */
export async function runInteractive(ctx: CommandContext, preset?: Choice, frame?: FirstFrame): Promise<number> {
  const { cli, settings } = ctx;
  const store = progressStore(ctx);
  const choice = preset ?? (cli.command === 'menu' ? await choose(store, ctx.signal, frame) : { scenario: cli.scenario!, mode: 'lesson' as const });
  if (choice === undefined) return 0;
  const scenario = resolveScenario(choice.scenario);
  const controller = new AbortController();
  ctx.signal.addEventListener('abort', () => controller.abort(ctx.signal.reason), { once: true });
  const bridge = new Bridge();
  const paint = paintFor({ isTTY: true });
  const out = output(ctx, bridge.emit);
  if (cli.command !== 'menu') frame?.handOver();
  const instance = render(
    <App bridge={bridge} lesson={scenario.lessonSections} paint={paint} demo={cli.demo} onInterrupt={() => controller.abort('SIGINT')} />,
    { exitOnCtrlC: false },
  );
  const learner = bridge.learner(controller.signal, cli.demo);
  const consent = (...tool: [tool: 'kind' | 'kubectl', url: string, into: string]) => (cli.installMissing ? Promise.resolve(true) : bridge.confirm(consentQuestion(...tool), false, controller.signal));
  try {
    if (choice.mode === 'exercise') {
      const { workdirFor, exerciseScenario } = await import('../commands/exercise.js');
      const outcome = await runExercise({
        scenario: exerciseScenario(scenario.id), settings, learner, emit: out.emit, signal: controller.signal, consent, store,
        workdir: workdirFor(ctx, scenario), detach: false, fresh: cli.fresh,
      });
      return outcome === 'fixed' ? 0 : 1;
    }
    const { ok } = await runLab({ scenario, settings, mode: cli.demo ? 'demo' : 'learn', learner, emit: out.emit, signal: controller.signal, consent, store, fresh: cli.fresh });
    return ok ? 0 : 1;
  } finally {
    bridge.finish();
    await instance.waitUntilExit();
    out.finish();
    await store.flush();
  }
}
