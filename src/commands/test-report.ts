// The closing line of kubelab test: which scenarios passed, and where each failure was.
import type { LabEvent } from '../engine/events.js';

type Result = Extract<LabEvent, { type: 'test.result' }>;

export function runSelfTestReport(results: Result[]): string {
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return `Every part passed: ${results.length} (${new Set(results.map((r) => r.scenario)).size} scenarios).`;
  return `Failed: ${failed.map((r) => `${r.scenario} ${r.part} at ${r.failedStep ?? '?'}`).join('; ')}.`;
}
