#!/usr/bin/env node
// kubelab's start-up bench, in plain Node against the built CLI (npm run build first):
//   node bench/run.mjs [--runs 10] [--only version,list] [--json] [--no-write]
// It runs bare Node and kubelab's quick commands and first frames side by side, N paired rounds,
// and writes the medians and ratios to BENCHMARKS.md (--json prints them instead of a table).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchmarksMarkdown, summaryTable } from './lib/report.mjs';
import { runStartup } from './lib/startup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, only: { type: 'string' }, json: { type: 'boolean' }, 'no-write': { type: 'boolean' } },
  strict: true,
});
const rounds = Number(values.runs);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--runs ${values.runs}: give a whole number of rounds`);
const log = values.json ? () => {} : (line) => process.stderr.write(`${line}\n`);

const startup = await runStartup({ root, rounds, only: values.only?.split(','), log });
const result = { node: process.version, date: new Date().toISOString(), startup };
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else process.stdout.write(`${summaryTable(startup)}\n`);
if (!values['no-write']) {
  writeFileSync(join(root, 'BENCHMARKS.md'), benchmarksMarkdown(result, process.argv.slice(2)));
  log('wrote BENCHMARKS.md');
}
