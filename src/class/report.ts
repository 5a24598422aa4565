// A class's report: one entry per learner (passed or not, where they are, hints), written as JSON,
// Markdown or JUnit, the format following the file's extension. Pure.
import { passed, type LearnerRow } from './board.js';

export interface ClassReport {
  schemaVersion: 1;
  class: string;
  at: string;
  learners: number;
  passed: number;
  rows: (LearnerRow & { passed: boolean })[];
}

export function classReport(klass: string, rows: LearnerRow[], now = Date.now()): ClassReport {
  const withPass = rows.map((r) => ({ ...r, passed: passed(r) }));
  return { schemaVersion: 1, class: klass, at: new Date(now).toISOString(), learners: rows.length, passed: withPass.filter((r) => r.passed).length, rows: withPass };
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderClassReport(file: string, report: ClassReport): string {
  if (/\.xml$/i.test(file)) {
    const failures = report.learners - report.passed;
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="kubelab class ${esc(report.class)}" tests="${report.learners}" failures="${failures}">`,
      `  <testsuite name="kubelab.class.${esc(report.class)}" tests="${report.learners}" failures="${failures}" errors="0" skipped="0" timestamp="${report.at}">`,
      ...report.rows.map((r) => {
        const head = `    <testcase classname="kubelab.class.${esc(report.class)}" name="${esc(`${r.learner} ${r.scenario ?? ''}`.trim())}">`;
        if (r.passed) return `${head}</testcase>`;
        const why = `${r.status}${r.criteria ? `, ${r.criteria.ok} of ${r.criteria.total} criteria hold` : ''}${r.currentStep ? `, at: ${r.currentStep}` : ''}`;
        return `${head}\n      <failure message="${esc(why)}" type="learner"/>\n    </testcase>`;
      }),
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');
  }
  if (/\.(md|markdown)$/i.test(file)) {
    return [
      `# kubelab class ${report.class}`,
      '',
      `${report.passed} of ${report.learners} learners passed (${report.at}).`,
      '',
      '| learner | scenario | status | progress | checks | hints |',
      '|---|---|---|---|---|---|',
      ...report.rows.map((r) => `| ${r.learner} | ${r.scenario ?? '—'}${r.mode === 'exercise' ? ' (exercise)' : ''} | ${r.passed ? '✓ ' : ''}${r.status} | ${r.stepsTotal > 0 ? `${r.stepsDone}/${r.stepsTotal}` : '—'} | ${r.criteria ? `${r.criteria.ok}/${r.criteria.total}` : ''} | ${r.hints} |`),
      '',
    ].join('\n');
  }
  return `${JSON.stringify(report, null, 2)}\n`;
}
