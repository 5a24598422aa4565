// kubelab demo: the lesson driven by a presenter. Each step runs on their key; back, forward and
// jump rebuild the cluster state the step needs; the live panel follows the scenario's objects;
// the presenter's second screen (kubelab notes) follows over a local socket.
import { basename } from 'node:path';
import { DemoClock, objectRows } from '../../engine/demo.js';
import { stopSignal, type DemoPosition, type Emit, type LabEvent } from '../../engine/events.js';
import { Interrupted } from '../../errors.js';
import type { Scenario } from '../../scenario/load.js';
import type { StepSpec } from '../../scenario/schema.js';
import type { Settings } from '../../settings.js';
import type { ClusterPhase } from '../cluster-up.js';
import type { LabContext } from '../context.js';
import { follow } from '../follow.js';
import { runStep } from '../lab.js';
import type { InstallConsent } from '../prepare.js';
import { clearForStart, resetScenario, setupScenario } from '../scenario-state.js';
import { openSession } from '../session.js';
import { NotesServer } from './notes-server.js';
import { Navigate, Presenter } from './presenter.js';

export interface DemoOptions {
  scenario: Scenario;
  settings: Settings;
  emit: Emit;
  signal: AbortSignal;
  consent: InstallConsent;
  typing: number | 'key';
  /** Called once the presenter object exists, so the UI (or a test) can hand it keys. */
  onPresenter: (presenter: Presenter) => void;
}

/** Steps that leave something on the cluster: replayed, quietly, to rebuild the state a step needs. */
const STATEFUL: ReadonlySet<StepSpec['kind']> = new Set(['apply', 'delete', 'watch']);
/** Steps that wait for the presenter themselves (they hand over to the learner). */
const ASKING: ReadonlySet<StepSpec['kind']> = new Set(['command', 'question']);
/** Steps that only show something: they run as soon as they are on screen. */
const SHOWING: ReadonlySet<StepSpec['kind']> = new Set(['read', 'diff']);

/** What the room sees typed for a step kubelab runs itself. */
export function shownCommand(step: StepSpec, scenario: Scenario): string | undefined {
  const name = (key: string) => {
    const t = scenario.targets[key];
    return t && 'name' in t ? t.name : 'the node';
  };
  const file = (key: string) => basename(scenario.manifestPaths[key] ?? key);
  switch (step.kind) {
    case 'apply': return `kubectl apply -f ${file(step.manifest)}`;
    case 'delete': return `kubectl delete ${scenario.targets[step.target]?.kind ?? 'pod'} ${name(step.target)} --grace-period=0 --force`;
    case 'watch': return `kubectl get ${scenario.targets[step.target]?.kind ?? 'pod'} ${name(step.target)} --watch`;
    case 'exec': return `kubectl exec ${name(step.target)} -- ${step.command.join(' ')}`;
    case 'kernel': return 'docker exec <the kind node> grep -H . <the pod\'s memory cgroup>/memory.*';
    default: return undefined;
  }
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const { scenario, settings, signal } = options;
  const steps = scenario.steps;
  const clock = new DemoClock(Date.now());
  let position: DemoPosition = { index: 0, total: steps.length, phase: 'waiting', paused: false, elapsed: 0, minutes: scenario.minutes };
  const notes = new NotesServer(settings, scenario);
  const update = (change: Partial<DemoPosition>) => {
    position = { ...position, ...change, paused: clock.paused, elapsed: clock.elapsed(Date.now()) };
    emit({ type: 'demo.position', ...position });
    notes.send(position);
  };
  const emit = options.emit;
  const presenter = new Presenter({ typing: options.typing, clock, position: () => position, update, signal });
  options.onPresenter(presenter);
  const phase: ClusterPhase = { state: 'none' };
  await notes.listen();
  try {
    emit({ type: 'run.start', scenario: scenario.id, title: scenario.title, mode: 'demo', cluster: settings.clusterName });
    const session = await openSession(settings, emit, signal, options.consent, phase, scenario);
    const ctx: LabContext = { scenario, settings, kubectl: session.kubectl, docker: session.tools.docker, node: session.node, learner: presenter.learner(), emit, signal, points: [] };
    await clearForStart(ctx, settings);
    await setupScenario(ctx);
    const nonPods = Object.entries(scenario.targets).filter(([, t]) => t.kind !== 'pod').map(([k]) => k);
    const follower = follow(ctx.kubectl, scenario, { pods: true, targets: nonPods }, (state) => {
      emit({ type: 'demo.objects', rows: objectRows([...state.pods, ...state.targets.values()]) });
    });
    const ticker = setInterval(() => update({}), 1000);
    try {
      await play(ctx, presenter, update, () => position);
    } finally {
      clearInterval(ticker);
      follower.stop();
    }
    emit({ type: 'run.end', ok: true, passed: 0, failed: 0, seconds: clock.elapsed(Date.now()), cluster: settings.clusterName, clusterState: `The cluster "${settings.clusterName}" is still running with the demo's objects. Remove them: kubelab reset ${scenario.id} --yes; the cluster: kubelab down.` });
  } catch (error) {
    if (error instanceof Interrupted || signal.aborted) {
      emit({ type: 'interrupted', by: stopSignal(signal), clusterState: `Demo stopped. The cluster "${settings.clusterName}" is still running (kubelab down removes it).` });
      throw new Interrupted();
    }
    throw error;
  } finally {
    notes.close();
  }
}

/** The step loop: each step waits for the presenter, runs, and the demo moves on, back or to a step. */
async function play(ctx: LabContext, presenter: Presenter, update: (c: Partial<DemoPosition>) => void, position: () => DemoPosition): Promise<void> {
  const steps = ctx.scenario.steps;
  let index = 0;
  for (;;) {
    try {
      if (index >= steps.length) {
        update({ index: steps.length - 1, phase: 'finished', typed: undefined, command: undefined, answer: undefined });
        ctx.emit({ type: 'notice', level: 'info', text: 'The end of the demo. ← goes back a step, q ends it.' });
        await presenter.go();
        continue;
      }
      const step = steps[index]!;
      update({ index, phase: 'waiting', typed: undefined, command: undefined, answer: undefined });
      ctx.emit({ type: 'step.start', step: step.id, kind: step.kind, index, total: steps.length, title: step.title, text: step.text, lesson: step.lesson, notes: step.notes });
      const typed = shownCommand(step, ctx.scenario);
      if (typed) await presenter.type(typed);
      if (!ASKING.has(step.kind) && !SHOWING.has(step.kind)) await presenter.go();
      update({ phase: 'running' });
      const outcome = await runStep(step, ctx);
      ctx.emit({ type: 'step.done', step: step.id, ok: outcome.ok, reason: outcome.reason, todo: outcome.todo });
      // The room reads the result; the presenter moves on.
      update({ phase: 'done' });
      await presenter.go();
      index += 1;
    } catch (error) {
      if (!(error instanceof Navigate)) throw error;
      if (error.to === 'quit') return;
      const to = error.to;
      if (to !== position().index || position().phase === 'finished') {
        update({ index: to, phase: 'restoring' });
        await restoreTo(ctx, to);
      }
      index = to;
    }
  }
}

/** Puts the cluster back as step `to` needs it: everything removed, then the steps before it that change the cluster, replayed quietly. */
export async function restoreTo(ctx: LabContext, to: number): Promise<void> {
  const quiet: LabContext = { ...ctx, emit: (event: LabEvent) => (event.type === 'step.done' && !event.ok ? ctx.emit(event) : undefined) };
  ctx.emit({ type: 'notice', level: 'info', text: `Putting the cluster back as step ${to + 1} needs it…` });
  await resetScenario(quiet);
  await setupScenario(quiet);
  for (const step of ctx.scenario.steps.slice(0, to)) {
    if (STATEFUL.has(step.kind)) await runStep(step, quiet);
  }
}
