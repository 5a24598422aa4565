// Runs a demo in ink: the presenter's keys go to the demo's presenter; Ctrl+C stops it cleanly.
import { render } from 'ink';
import type { CommandContext } from '../../commands/context.js';
import { output } from '../../commands/output.js';
import type { DemoKey } from '../../engine/demo.js';
import { paintFor } from '../../plain/paint.js';
import { runDemo } from '../../runtime/demo/run.js';
import type { Presenter } from '../../runtime/demo/presenter.js';
import { consentQuestion } from '../../runtime/prepare.js';
import type { Scenario } from '../../scenario/load.js';
import { Bridge } from '../bridge.js';
import { DemoApp } from './demo-app.js';

export async function runDemoUi(ctx: CommandContext, scenario: Scenario): Promise<number> {
  const controller = new AbortController();
  ctx.signal.addEventListener('abort', () => controller.abort(ctx.signal.reason), { once: true });
  const bridge = new Bridge();
  const out = output(ctx, bridge.emit);
  let presenter: Presenter | undefined;
  const early: DemoKey[] = [];
  const onKey = (key: DemoKey) => (presenter ? presenter.key(key) : early.push(key));
  const instance = render(<DemoApp bridge={bridge} scenario={scenario} paint={paintFor({ isTTY: true })} onKey={onKey} onInterrupt={() => controller.abort('SIGINT')} />, { exitOnCtrlC: false });
  try {
    await runDemo({
      scenario, settings: ctx.settings, emit: out.emit, signal: controller.signal,
      consent: (...tool) => (ctx.cli.installMissing ? Promise.resolve(true) : bridge.confirm(consentQuestion(...tool), false, controller.signal)),
      typing: ctx.cli.typing ?? 18,
      onPresenter: (p) => {
        presenter = p;
        for (const key of early.splice(0)) p.key(key);
      },
    });
    return 0;
  } finally {
    bridge.finish();
    await instance.waitUntilExit();
    out.finish();
    const end = [...bridge.getSnapshot().events].reverse().find((e) => e.type === 'run.end' || e.type === 'interrupted');
    if (end && 'clusterState' in end) process.stdout.write(`${end.clusterState}\n`);
  }
}
