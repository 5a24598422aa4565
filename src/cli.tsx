#!/usr/bin/env node
// kubelab's entry: parses flags, hands the command to its own module (loaded only when that command
// runs, so --version and --help cost little more than Node itself), and is the only place that sets
// the exit code.
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { HELP, parseCli, type Command } from './args.js';
import { childrenEnded, KILL_GRACE_MS } from './cluster/children.js';
import type { CommandContext, CommandRun } from './commands/context.js';
import { Interrupted, LabError } from './errors.js';
import { paintFor } from './plain/paint.js';
import { KIND_VERSION, KUBECTL_VERSION } from './pins.js';
import { settingsFrom } from './settings.js';

const write = (text: string) => void process.stdout.write(text);
const paint = paintFor(process.stdout);

type Loader = () => Promise<{ run: CommandRun }>;
const COMMANDS: Record<Exclude<Command, 'help' | 'version'>, Loader> = {
  menu: () => import('./commands/start.js'),
  start: () => import('./commands/start.js'),
  exercise: () => import('./commands/exercise.js'),
  run: () => import('./commands/run.js'),
  check: () => import('./commands/check.js'),
  hint: () => import('./commands/hint.js'),
  solution: () => import('./commands/solution.js'),
  skip: () => import('./commands/skip.js'),
  progress: () => import('./commands/progress.js'),
  reset: () => import('./commands/reset.js'),
  shell: () => import('./commands/shell.js'),
  env: () => import('./commands/env.js'),
  kernel: () => import('./commands/kernel.js'),
  test: () => import('./commands/test.js'),
  validate: () => import('./commands/validate.js'),
  new: () => import('./commands/new.js'),
  demo: () => import('./commands/demo.js'),
  notes: () => import('./commands/notes.js'),
  doctor: () => import('./commands/doctor.js'),
  list: () => import('./commands/list.js'),
  down: () => import('./commands/down.js'),
  handout: () => import('./commands/handout.js'),
  class: () => import('./commands/class.js'),
};

function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

async function main(argv: string[], signal: AbortSignal): Promise<number> {
  const cli = parseCli(argv);
  if (cli.command === 'help') {
    write(HELP);
    return 0;
  }
  if (cli.command === 'version') {
    write(`kubelab ${version()}\ndownloads, when missing: kind ${KIND_VERSION}, kubectl ${KUBECTL_VERSION}\n`);
    return 0;
  }
  let settings = settingsFrom({ image: cli.image, kindConfig: cli.kindConfig, cluster: cli.cluster, kubeconfig: cli.kubeconfig, context: cli.context });
  if (settings.mode === 'existing' && cli.command !== 'class') {
    const { resolveExisting } = await import('./runtime/existing-cluster.js');
    settings = await resolveExisting(settings, signal);
  }
  const ctx: CommandContext = { cli, settings, signal, write, paint, version: version() };
  const { run } = await COMMANDS[cli.command]();
  if (CHANGES_THE_CLUSTER.has(cli.command)) {
    const { acquireLabLock } = await import('./runtime/lock.js');
    const release = acquireLabLock(settings, `kubelab ${argv.join(' ')}`.trim());
    try {
      return await run(ctx);
    } finally {
      release();
    }
  }
  return run(ctx);
}

/** Commands that change the lab cluster: one of them at a time per cluster. */
const CHANGES_THE_CLUSTER: ReadonlySet<Command> = new Set(['menu', 'start', 'exercise', 'run', 'demo', 'test', 'down', 'reset', 'skip']);

/** The signal that stopped kubelab decides its exit code, the way a shell reports it (128 + signal). */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
let stoppedBy = 'SIGINT';

const controller = new AbortController();
// Every child process and watch listens for the stop; a self-test playing many scenarios at once has many.
setMaxListeners(0, controller.signal);
// A reader that went away (kubelab run ... | head) is not an error worth a stack trace; a terminal
// that was closed (EIO) is the same as SIGHUP.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EIO') return terminalGone();
  if (error.code !== 'EPIPE') throw error;
  controller.abort();
  process.exit(0);
});
// Messages to a terminal that was closed go nowhere; the run still ends as after SIGHUP.
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EIO' || error.code === 'EPIPE') return terminalGone();
  throw error;
});

function terminalGone(): void {
  stoppedBy = 'SIGHUP';
  controller.abort(stoppedBy);
}

const onTerminal = process.stdin.isTTY === true || process.stdout.isTTY === true || process.stderr.isTTY === true;

/**
 * Ends kubelab with its exit code. After the terminal closed, Node would put the terminal's settings
 * back on the way out and abort when it can't (the terminal is gone): kubelab then ends by SIGHUP
 * itself, which the shell reports as 129 too.
 */
function exit(code: number): never {
  if (stoppedBy === 'SIGHUP' && onTerminal) {
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  }
  process.exit(code);
}
// Ctrl+C, kill, and a closed terminal (SIGHUP) all stop the run the same way: children ended,
// progress and reports written, the lock released.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    stoppedBy = sig;
    controller.abort(sig);
  });
}

/** exit(), after a stop only once the children have ended: every one was signalled, but the ones no step was awaiting may still be ending. */
function leave(code: number): void {
  if (controller.signal.aborted) void childrenEnded(KILL_GRACE_MS + 500).then(() => exit(code));
  else exit(code);
}

main(process.argv.slice(2), controller.signal).then(
  (code) => leave(code),
  (error: unknown) => {
    if (error instanceof Interrupted) return leave(SIGNAL_EXIT[stoppedBy] ?? 130);
    if (error instanceof LabError) {
      const lines = [`${paint.bad('✗')} ${error.message}`, ...(error.remedy ? error.remedy.split('\n').map((l) => `  ${paint.dim('→')} ${l}`) : [])];
      process.stderr.write(`${lines.join('\n')}\n`);
      if (process.argv.includes('--json')) write(`${JSON.stringify({ type: 'error', message: error.message, remedy: error.remedy, at: Date.now() })}\n`);
      return leave(error.exitCode);
    }
    process.stderr.write(`kubelab hit a bug: ${(error as Error).stack ?? String(error)}\nPlease report it with the command you ran.\n`);
    exit(70);
  },
);
