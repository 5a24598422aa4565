// Runs the menu and the lesson in ink; Ctrl+C is a keypress here, so it cancels the run itself.
import { render } from 'ink';
import type { Cli } from '../args.js';
import { Interrupted } from '../errors.js';
import { paintFor } from '../plain/paint.js';
import { runLab } from '../runtime/lab.js';
import { consentQuestion } from '../runtime/prepare.js';
import { allScenarios, resolveScenario } from '../scenario/catalog.js';
import type { Settings } from '../settings.js';
import { App } from './app.js';
import { Bridge } from './bridge.js';
import { Menu } from './menu.js';

async function chooseScenario(): Promise<string | undefined> {
  let chosen: string | undefined;
  const instance = render(<Menu scenarios={allScenarios()} onChoose={(id) => (chosen = id)} />);
  await instance.waitUntilExit();
  return chosen;
}

export async function runInteractive(cli: Cli, settings: Settings, outer: AbortSignal): Promise<number> {
  const id = cli.command === 'menu' ? await chooseScenario() : cli.scenario;
  if (id === undefined) return 0;
  const scenario = resolveScenario(id);
  const controller = new AbortController();
  outer.addEventListener('abort', () => controller.abort(), { once: true });
  const bridge = new Bridge();
  const paint = paintFor({ isTTY: true });
  const instance = render(
    <App bridge={bridge} lesson={scenario.lessonSections} paint={paint} demo={cli.demo} onInterrupt={() => controller.abort()} />,
    { exitOnCtrlC: false },
  );
  try {
    const { ok } = await runLab({
      scenario,
      settings,
      mode: cli.demo ? 'demo' : 'learn',
      learner: bridge.learner(controller.signal, cli.demo),
      emit: bridge.emit,
      signal: controller.signal,
      consent: (...tool) => (cli.installMissing ? Promise.resolve(true) : bridge.confirm(consentQuestion(...tool), false, controller.signal)),
    });
    return ok ? 0 : 1;
  } catch (error) {
    if (error instanceof Interrupted) return 130;
    throw error;
  } finally {
    bridge.finish();
    await instance.waitUntilExit();
  }
}
