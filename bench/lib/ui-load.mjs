#!/usr/bin/env node
// A lesson's ink UI under load, in a process of its own (run with --expose-gc, against dist/): 100
// steps and 10,000 lines of kubectl output fed through the Bridge to the App, rendered by ink to a
// stand-in 100x30 terminal. Prints one JSON line: memory after step 10 and step 100 (after a full
// GC), the peak RSS, and per step the median time one event takes from emit to drawn and the CPU
// the step cost. Usage: node --expose-gc bench/lib/ui-load.mjs [--steps 100] [--lines 10000]
import { EventEmitter } from 'node:events';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from './stats.mjs';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '100' }, lines: { type: 'string', default: '10000' } } });
const steps = Number(values.steps);
const linesPerStep = Math.ceil(Number(values.lines) / steps);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
// ink decides at import whether it runs in CI (then it draws only the last frame): it does not here.
process.env.CI = 'false';

const dist = new URL('../../dist/', import.meta.url);
// Loaded the way kubelab loads its UI (ui/load.js: React's production build).
const { loadUi } = await import(new URL('ui/load.js', dist));
const [{ render }, React, { App }, { Bridge }, { paintFor }, { resolveScenario }] = await loadUi(() => Promise.all([
  import('ink'), import('react'), import(new URL('ui/app.js', dist)), import(new URL('ui/bridge.js', dist)), import(new URL('plain/paint.js', dist)), import(new URL('scenario/catalog.js', dist)),
]));

/** A terminal that keeps nothing: ink's writes are counted and dropped, as a real terminal scrolls them away. */
class Terminal extends EventEmitter {
  columns = 100;
  rows = 30;
  isTTY = true;
  writes = 0;
  bytes = 0;
  write(chunk) {
    this.writes += 1;
    this.bytes += chunk.length;
    return true;
  }
}
const stdin = Object.assign(new EventEmitter(), { isTTY: false, setEncoding() {}, setRawMode() {}, ref() {}, unref() {}, read: () => null });

const loadedRssMb = process.memoryUsage().rss / 2 ** 20;
const scenario = resolveScenario('oom-killed');
const bridge = new Bridge();
const stdout = new Terminal();
const app = render(React.createElement(App, { bridge, lesson: scenario.lessonSections, paint: paintFor({ isTTY: true }, { FORCE_COLOR: '1' }), demo: false, onInterrupt: () => undefined }), {
  stdout, stdin, stderr: new Terminal(), debug: false, exitOnCtrlC: false, patchConsole: false,
});

const settle = () => new Promise((resolve) => setImmediate(resolve));
/** One event in, and the time until ink has taken it (its renders run in the microtasks after an emit). */
async function timedEmit(event) {
  const started = performance.now();
  bridge.emit(event);
  await settle();
  return performance.now() - started;
}

function memory() {
  globalThis.gc();
  const m = process.memoryUsage();
  return { heapUsedMb: m.heapUsed / 2 ** 20, heapTotalMb: m.heapTotal / 2 ** 20, externalMb: m.external / 2 ** 20, rssMb: m.rss / 2 ** 20 };
}

const perStep = [];
let at10;
bridge.emit({ type: 'run.start', scenario: 'oom-killed', title: scenario.title, mode: 'learn', cluster: 'kubelab', at: Date.now() });
for (let i = 0; i < steps; i += 1) {
  const cpu = process.cpuUsage();
  const times = [];
  const id = `step-${i}`;
  times.push(await timedEmit({ type: 'step.start', step: id, kind: 'command', index: i, total: steps, title: `Step ${i + 1}: read the pod`, text: 'Run kubectl describe and read the lines that matter.', at: Date.now() }));
  for (let p = 0; p < 5; p += 1) {
    times.push(await timedEmit({ type: 'pod', target: 'issue', pod: 'oom-killed-pod', exists: true, status: p % 2 ? 'OOMKilled' : 'CrashLoopBackOff', ready: '0/1', restarts: i * 5 + p, at: Date.now() }));
  }
  const stdoutLines = Array.from({ length: linesPerStep }, (_, n) => `  Line ${i * linesPerStep + n}: Last State: Terminated  Reason: OOMKilled  Exit Code: 137  Started: Mon, 01 Jan 2024`);
  times.push(await timedEmit({ type: 'kubectl', by: 'learner', argv: ['kubectl', 'describe', 'pod', 'oom-killed-pod'], exitCode: 0, stdout: `${stdoutLines.join('\n')}\n`, stderr: '', at: Date.now() }));
  times.push(await timedEmit({ type: 'check', step: id, check: 'terminated', ok: true, message: 'terminated with OOMKilled, exit code 137', at: Date.now() }));
  times.push(await timedEmit({ type: 'step.done', step: id, ok: true, at: Date.now() }));
  // ink draws the live area at most 30 times a second: let its last draw of this step happen inside the step.
  await sleep(40);
  const used = process.cpuUsage(cpu);
  perStep.push({ eventMs: median(times), cpuMs: (used.user + used.system) / 1000 });
  if (i + 1 === Math.min(10, steps)) at10 = memory();
}
const at100 = memory();
bridge.finish();
app.unmount();
const early = perStep.slice(0, 10);
const late = perStep.slice(-10);
process.stdout.write(`${JSON.stringify({
  steps, lines: linesPerStep * steps, loadedRssMb, at10, atEnd: at100, peakRssMb: process.resourceUsage().maxRSS / 1024,
  earlyEventMs: median(early.map((s) => s.eventMs)), lateEventMs: median(late.map((s) => s.eventMs)),
  earlyStepCpuMs: median(early.map((s) => s.cpuMs)), lateStepCpuMs: median(late.map((s) => s.cpuMs)),
  terminalWrites: stdout.writes, terminalMb: stdout.bytes / 2 ** 20,
})}\n`);
process.exit(0);
