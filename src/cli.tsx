#!/usr/bin/env node
// kubelab's entry: parses flags, decides between the terminal UI and plain output once, wires the
// run to its reporter, and is the only place that sets the exit code.
import { readFileSync } from 'node:fs';
import { HELP, parseCli, type Cli } from './args.js';
import { downloadFor, install } from './cluster/install.js';
import { preflight } from './cluster/preflight.js';
import { Interrupted, LabError } from './errors.js';
import type { Emit } from './engine/events.js';
import { plainLearner } from './plain/learner.js';
import { paintFor } from './plain/paint.js';
import { jsonReporter, plainReporter } from './plain/reporter.js';
import { autoLearner } from './runtime/auto-learner.js';
import { down } from './runtime/down.js';
import { gradeCluster } from './runtime/grade.js';
import { runLab } from './runtime/lab.js';
import { consentQuestion, type InstallConsent } from './runtime/prepare.js';
import { allScenarios, resolveScenario, scenarioLine } from './scenario/catalog.js';
import { packageRoot } from './scenario/paths.js';
import { settingsFrom } from './settings.js';

const write = (text: string) => void process.stdout.write(text);
const paint = paintFor(process.stdout);

/** CI the way ink itself decides it (a set CI or CONTINUOUS_INTEGRATION, unless 0 or false). */
function inCi(env: NodeJS.ProcessEnv): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some((key) => key in env && env[key] !== '0' && env[key] !== 'false');
}

function interactive(cli: Cli): boolean {
  const ci = inCi(process.env);
  return process.stdin.isTTY === true && process.stdout.isTTY === true && !ci && !cli.plain && !cli.json && !cli.auto;
}

function writeList(note: string): void {
  write(`${allScenarios().map(scenarioLine).join('\n')}\n\nStart one: kubelab start <id>. ${note}\n`);
}

function version(): string {
  return (JSON.parse(readFileSync(`${packageRoot()}package.json`, 'utf8')) as { version: string }).version;
}

async function main(argv: string[], signal: AbortSignal): Promise<number> {
  const cli = parseCli(argv);
  const settings = settingsFrom({ image: cli.image, kindConfig: cli.kindConfig, cluster: cli.cluster });
  const reporter = (lesson = new Map(), notes = false): Emit => (cli.json ? jsonReporter(write) : plainReporter(write, paint, lesson, notes));

  switch (cli.command) {
    case 'help':
      write(HELP);
      return 0;
    case 'version':
      write(`kubelab ${version()}\n`);
      return 0;
    case 'list': {
      if (cli.json) allScenarios().forEach((s) => write(`${JSON.stringify({ id: s.id, title: s.title, steps: s.steps.length, minutes: s.minutes, preview: s.preview })}\n`));
      else writeList('A preview is validated but not yet played end to end.');
      return 0;
    }
    case 'doctor': {
      if (cli.install) {
        const path = await install(downloadFor(cli.install), settings.binDir, signal);
        write(`Installed ${cli.install} at ${path} (sha256 verified).\n`);
      }
      const result = await preflight(settings, signal);
      reporter()({ type: 'preflight', items: result.items });
      if (!cli.json) write(result.ok ? `${paint.ok('Ready.')} kubelab start runs the first lab.\n` : `${paint.bad('Not ready.')} Fix the items marked ✗, then run kubelab doctor again.\n`);
      return result.ok ? 0 : 3;
    }
    case 'down':
      await down(settings, (line) => write(`${line}\n`), signal);
      return 0;
    case 'check': {
      const scenario = resolveScenario(cli.scenario!);
      const { ok } = await gradeCluster(scenario, settings, reporter(), signal);
      return ok ? 0 : 1;
    }
    case 'run': {
      const scenario = resolveScenario(cli.scenario!);
      const consent: InstallConsent = async () => cli.installMissing;
      const { ok } = await runLab({ scenario, settings, mode: 'auto', learner: autoLearner(cli.keep ?? true), emit: reporter(scenario.lessonSections), signal, consent });
      return ok ? 0 : 1;
    }
    case 'menu':
    case 'start': {
      if (interactive(cli)) {
        const { runInteractive } = await import('./ui/run-interactive.js');
        return runInteractive(cli, settings, signal);
      }
      if (cli.command === 'menu') {
        writeList('This is not a terminal, so there is no menu.');
        return 0;
      }
      const scenario = resolveScenario(cli.scenario!);
      const learner = plainLearner(process.stdin, process.stdout, { keepDefault: true, demo: cli.demo });
      const consent: InstallConsent = async (...tool) => cli.installMissing || learner.confirm(consentQuestion(...tool), false);
      try {
        const { ok } = await runLab({ scenario, settings, mode: cli.demo ? 'demo' : 'learn', learner, emit: reporter(scenario.lessonSections, cli.demo), signal, consent });
        return ok ? 0 : 1;
      } finally {
        learner.close();
      }
    }
  }
}

const controller = new AbortController();
// A reader that went away (kubelab run ... | head) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  controller.abort();
  process.exit(0);
});
process.on('SIGINT', () => controller.abort());
process.on('SIGTERM', () => controller.abort());

main(process.argv.slice(2), controller.signal).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Interrupted) process.exit(130);
    if (error instanceof LabError) {
      const lines = [`${paint.bad('✗')} ${error.message}`, ...(error.remedy ? error.remedy.split('\n').map((l) => `  ${paint.dim('→')} ${l}`) : [])];
      process.stderr.write(`${lines.join('\n')}\n`);
      if (process.argv.includes('--json')) write(`${JSON.stringify({ type: 'error', message: error.message, remedy: error.remedy })}\n`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`kubelab hit a bug: ${(error as Error).stack ?? String(error)}\nPlease report it with the command you ran.\n`);
    process.exit(70);
  },
);

