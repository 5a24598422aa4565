// Names every failed test in vitest's JSON reports, with the first lines of its message, so the
// end of a CI log says what failed without scrolling back through three tiers.
// Usage: node scripts/list-failures.mjs <report.json>...  (a missing report is named, not fatal)
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const MESSAGE_LINES = 6;
const lines = [];

for (const path of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    lines.push(`${path}: no usable report (${error.code ?? error.message})`);
    continue;
  }
  for (const file of report.testResults ?? []) {
    const where = relative(process.cwd(), file.name);
    const failures = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (file.status === 'failed' && failures.length === 0) {
      lines.push(`FAIL ${where}: the file itself failed`, ...excerpt(file.message));
    }
    for (const test of failures) {
      lines.push(`FAIL ${where} > ${test.fullName ?? test.title}`, ...excerpt((test.failureMessages ?? []).join('\n')));
    }
  }
}

function excerpt(message) {
  return String(message ?? '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, MESSAGE_LINES)
    .map((line) => `    ${line}`);
}

if (lines.length > 0) process.stdout.write(`== failures\n${lines.join('\n')}\n`);
