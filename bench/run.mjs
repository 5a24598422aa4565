#!/usr/bin/env node
// kubelab's bench, in plain Node against the built CLI (npm run build first):
//   node bench/run.mjs [--runs 10] [--only version,list] [--json] [--no-write]
// It runs bare Node and kubelab's quick commands and first frames side by side, N paired rounds;
// then (unless --only picks start-up cases) a lesson's UI under 100 steps and 10,000 lines of
// output, and the status-change latency on the stand-ins. It writes BENCHMARKS.md (--json prints
// the figures as one JSON line instead of a table).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchmarksMarkdown, summaryTable } from './lib/report.mjs';
import { runLatency } from './lib/latency.mjs';
import { runStartup } from './lib/startup.mjs';

// The real tier's figures (from a real cluster, not from this script) follow this line in BENCHMARKS.md.
const REAL_TIER_MARKER = '<!-- below: real-tier figures, written by hand; bench/run.mjs keeps them -->';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, only: { type: 'string' }, json: { type: 'boolean' }, 'no-write': { type: 'boolean' } },
  strict: true,
});
const rounds = Number(values.runs);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--runs ${values.runs}: give a whole number of rounds`);
const log = values.json ? () => {} : (line) => process.stderr.write(`${line}\n`);

const startup = await runStartup({ root, rounds, only: values.only?.split(','), log });
const result = { node: process.version, date: new Date().toISOString(), startup, ui: undefined, latency: undefined };
if (values.only === undefined) {
  log('a lesson\'s UI: 100 steps, 10,000 lines');
  // A process of its own, with the GC exposed, and no NODE_ENV (as in a learner's shell).
  const { NODE_ENV: _nodeEnv, ...env } = process.env;
  const ui = spawnSync(process.execPath, ['--expose-gc', join(root, 'bench', 'lib', 'ui-load.mjs')], { env: { ...env, CI: 'false' }, encoding: 'utf8' });
  if (ui.status !== 0) throw new Error(`bench/lib/ui-load.mjs failed: ${ui.stderr}`);
  result.ui = JSON.parse(ui.stdout.split('\n').find((l) => l.startsWith('{')));
  log('status-change latency on the stand-ins');
  result.latency = await runLatency({ root });
}
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else process.stdout.write(`${summaryTable(startup)}\n`);
if (!values['no-write']) {
  const file = join(root, 'BENCHMARKS.md');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = before.indexOf(REAL_TIER_MARKER);
  writeFileSync(file, `${benchmarksMarkdown(result, process.argv.slice(2))}${kept >= 0 ? `\n${before.slice(kept)}` : ''}`);
  log('wrote BENCHMARKS.md');
}
