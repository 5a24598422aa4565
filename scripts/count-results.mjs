// Prints "<passed> <failed>" from vitest's JSON report; a missing or broken report counts as one failure.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 1;
try {
  const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numTotalTests === 0 ? 1 : 0);
  // A file that failed to load has no test results of its own, but it is a failure.
  failed += report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
} catch (error) {
  process.stderr.write(`no usable test report at ${process.argv[2]}: ${error.message}\n`);
}
process.stdout.write(`${passed} ${failed}\n`);
